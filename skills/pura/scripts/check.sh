#!/bin/sh
# Sends one small, non-streamed chat completion through Pura and prints who served it and what it cost.
#   scripts/check.sh [model]     (model: auto by default; or e.g. gpt-4o, claude-sonnet-4-20250514)
# Output, one "name: value" per line: provider, model, tier, cost_usd, budget_remaining_usd, request_id.
set -u
. "$(dirname "$0")/lib.sh"
pura_need_curl
pura_need_key
[ $# -le 1 ] || pura_die 2 "usage: check.sh [model]"

model=$(pura_json_escape "${1:-auto}")
pura_tmpdir
pura_request POST /v1/chat/completions key \
  "{\"model\":\"$model\",\"stream\":false,\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Reply with one short sentence: is the gateway working?\"}]}"
pura_check_status
provider=$(pura_header x-pura-provider)
[ -n "$provider" ] || pura_die 1 "the answer has no X-Pura-Provider header: is $PURA_URL a Pura gateway?"
printf 'provider: %s\n' "$provider"
printf 'model: %s\n' "$(pura_header x-pura-model)"
printf 'tier: %s\n' "$(pura_header x-pura-tier)"
printf 'cost_usd: %s\n' "$(pura_header x-pura-cost)"
printf 'budget_remaining_usd: %s\n' "$(pura_header x-pura-budget-remaining)"
printf 'request_id: %s\n' "$(pura_header x-pura-request-id)"
