#!/bin/sh
# Creates a Pura API key and prints it (the only time it is shown; the gateway keeps only its SHA-256).
#   scripts/create-key.sh [label] [dailyBudgetUsd]
#   export PURA_API_KEY="$(scripts/create-key.sh my-agent)"
# Stdout: the key alone. Stderr: its prefix, label and daily budget.
set -u
. "$(dirname "$0")/lib.sh"
pura_need_curl
[ $# -le 2 ] || pura_die 2 "usage: create-key.sh [label] [dailyBudgetUsd]"

label=$(pura_json_escape "${1:-openclaw}")
body="{\"label\":\"$label\""
if [ -n "${2:-}" ]; then
  case $2 in
    *[!0-9.]* | "" | .*) pura_die 2 "dailyBudgetUsd must be a decimal number of USD such as 10 or 2.50, not '$2'" ;;
  esac
  body="$body,\"dailyBudgetUsd\":\"$2\""
fi
body="$body}"

pura_tmpdir
pura_request POST /api/keys none "$body"
pura_check_status
key=$(sed -n 's/.*"key":"\(pura_[0-9a-zA-Z]*\)".*/\1/p' "$PURA_TMP/body" | head -n 1)
[ -n "$key" ] || pura_die 1 "the gateway answered without a key: $(head -c 300 "$PURA_TMP/body")"
printf 'created key %s... (label %s, daily budget %s USD); it is shown only once\n' \
  "$(pura_field prefix)" "${1:-openclaw}" "$(pura_field dailyBudgetUsd)" >&2
printf '%s\n' "$key"
