#!/usr/bin/env bash
# Rebuilds the committed artifact of the chain oracle's test pool contract with solcjs (npm "solc",
# pinned in the repo's package.json; run `npm ci` at the repo root first).
#   chain-oracle/src/main/solidity/TestPool.sol -> chain-oracle/src/test/resources/contracts/TestPool.{abi,bin}
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$module/.." && pwd)"
solcjs="$root/node_modules/.bin/solcjs"
if [[ ! -x "$solcjs" ]]; then
  echo "solcjs not found at $solcjs: run 'npm ci' in $root" >&2
  exit 1
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$module/src/main/solidity"
"$solcjs" --optimize --optimize-runs 200 --bin --abi -o "$out" TestPool.sol
dest="$module/src/test/resources/contracts"
mkdir -p "$dest"
cp "$out/TestPool_sol_TestPool.abi" "$dest/TestPool.abi"
cp "$out/TestPool_sol_TestPool.bin" "$dest/TestPool.bin"
echo "solcjs $("$solcjs" --version) -> $dest/TestPool.{abi,bin}"
