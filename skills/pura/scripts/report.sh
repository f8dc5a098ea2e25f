#!/bin/sh
# Prints the last 24 hours of this key's spend: totals, per model, and today's budget.
#   scripts/report.sh          a short summary, one "name: value" per line
#   scripts/report.sh --json   the gateway's JSON as is
set -u
. "$(dirname "$0")/lib.sh"
pura_need_curl
pura_need_key
case ${1:-} in
  "" | --json) ;;
  *) pura_die 2 "usage: report.sh [--json]" ;;
esac

pura_tmpdir
pura_request GET /api/report key ""
pura_check_status
if [ "${1:-}" = --json ]; then
  cat "$PURA_TMP/body"; echo
  exit 0
fi
printf 'period: %s (%s to %s)\n' "$(pura_field period)" "$(pura_field windowStart)" "$(pura_field windowEnd)"
printf 'requests: %s\n' "$(pura_field requestCount)"
printf 'total_spend_usd: %s\n' "$(pura_field totalSpendUsd)"
printf 'average_cost_usd: %s\n' "$(pura_field averageCostUsd)"
# "models":[{"model":"m","costUsd":"c","requests":n},...] -> one line per model
sed -n 's/.*"models":\[\([^]]*\)\].*/\1/p' "$PURA_TMP/body" | sed 's/},{/}\
{/g' > "$PURA_TMP/models"
while IFS= read -r m || [ -n "$m" ]; do
  [ -n "$m" ] || continue
  printf '%s\n' "$m" > "$PURA_TMP/model"
  printf 'model: %s cost_usd=%s requests=%s\n' "$(pura_field model "$PURA_TMP/model")" \
    "$(pura_field costUsd "$PURA_TMP/model")" "$(pura_field requests "$PURA_TMP/model")"
done < "$PURA_TMP/models"
printf 'daily_budget_usd: %s\n' "$(pura_field dailyBudgetUsd)"
printf 'remaining_today_usd: %s\n' "$(pura_field remainingTodayUsd)"
printf 'budget_resets_at: %s\n' "$(pura_field resetsAt)"
