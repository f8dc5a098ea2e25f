# Shared by the Pura skill's scripts (sourced, not run). POSIX sh; needs only curl, sed, grep, tr.
#
# The API key never appears on a command line (where `ps` would show it): curl reads the
# Authorization header from a config on its standard input, written by the shell's printf builtin.

PURA_URL=${PURA_GATEWAY_URL:-http://127.0.0.1:8080}
PURA_URL=${PURA_URL%/}

pura_die() { # code message...
  code=$1; shift
  printf 'pura: %s\n' "$*" >&2
  exit "$code"
}

pura_need_curl() {
  command -v curl >/dev/null 2>&1 || pura_die 2 "curl is required (install it, e.g. apt-get install curl)"
}

pura_need_key() {
  if [ -z "${PURA_API_KEY:-}" ]; then
    pura_die 2 "PURA_API_KEY is not set. Create a key with scripts/create-key.sh [label] and export it (or set it in the skill's config), then retry."
  fi
  case $PURA_API_KEY in
    pura_*) ;;
    *) pura_die 2 "PURA_API_KEY does not look like a Pura key (it should start with pura_)" ;;
  esac
}

pura_tmpdir() {
  PURA_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pura-skill.XXXXXX") || pura_die 1 "cannot create a temporary directory"
  trap 'rm -rf "$PURA_TMP"' EXIT
  trap 'rm -rf "$PURA_TMP"; exit 130' INT TERM
}

# pura_request METHOD PATH AUTH BODY -> sets PURA_STATUS; body in $PURA_TMP/body, headers in $PURA_TMP/headers.
# AUTH is "key" (send PURA_API_KEY) or "none". BODY may be empty.
pura_request() {
  method=$1 path=$2 auth=$3 body=$4
  if [ "$auth" = key ]; then
    printf 'header = "Authorization: Bearer %s"\n' "$PURA_API_KEY" > "$PURA_TMP/auth"
  else
    : > "$PURA_TMP/auth"
  fi
  if [ -n "$body" ]; then
    PURA_STATUS=$(curl -sS -K - -X "$method" -H 'Content-Type: application/json' --data-binary "$body" \
      -D "$PURA_TMP/headers" -o "$PURA_TMP/body" -w '%{http_code}' --max-time 180 "$PURA_URL$path" < "$PURA_TMP/auth" 2>"$PURA_TMP/curl.err")
  else
    PURA_STATUS=$(curl -sS -K - -X "$method" \
      -D "$PURA_TMP/headers" -o "$PURA_TMP/body" -w '%{http_code}' --max-time 60 "$PURA_URL$path" < "$PURA_TMP/auth" 2>"$PURA_TMP/curl.err")
  fi
  rc=$?
  rm -f "$PURA_TMP/auth"
  if [ $rc -ne 0 ]; then
    pura_die 3 "cannot reach the Pura gateway at $PURA_URL ($(tr '\n' ' ' < "$PURA_TMP/curl.err")). Is it running? Set PURA_GATEWAY_URL if it is elsewhere."
  fi
}

# pura_field NAME [FILE]: the first value of "NAME": in compact JSON (string or number), unquoted.
pura_field() {
  sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" "${2:-$PURA_TMP/body}" | head -n 1
}

# pura_header NAME: a response header's value (case-insensitive name).
pura_header() {
  grep -i "^$1:" "$PURA_TMP/headers" | tail -n 1 | cut -d: -f2- | tr -d ' \r'
}

# Exits with the gateway's error (OpenAI envelope) and a hint when the status is not 2xx.
pura_check_status() {
  case $PURA_STATUS in
    2??) return 0 ;;
  esac
  message=$(sed -n 's/.*"message":"\([^"]*\)".*/\1/p' "$PURA_TMP/body" | head -n 1)
  code=$(pura_field code)
  [ -n "$message" ] || message=$(head -c 300 "$PURA_TMP/body")
  case $PURA_STATUS in
    401) hint="the key is missing or unknown: create one with scripts/create-key.sh" ;;
    402) hint="today's budget of this key is used up; it resets at 00:00 UTC (or create a key with a larger dailyBudgetUsd)" ;;
    429) hint="every provider is rate limited; retry after $(pura_header retry-after) s" ;;
    503) hint="the gateway cannot serve right now (starting, or no provider available); retry shortly" ;;
    *) hint="" ;;
  esac
  printf 'pura: HTTP %s %s: %s\n' "$PURA_STATUS" "${code:-error}" "$message" >&2
  [ -z "$hint" ] || printf 'pura: %s\n' "$hint" >&2
  exit 1
}

# JSON string escape for a short, single-line argument.
pura_json_escape() {
  printf '%s' "$1" | tr -d '\000-\037' | sed 's/\\/\\\\/g; s/"/\\"/g'
}
