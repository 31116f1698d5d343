#!/usr/bin/env bash
# `npm run typecheck:infra`: the offline check of sst.config.ts and stacks/. SST has no offline synth, so
# this generates SST's platform types from npm alone (`sst install`, ~1 min) and type-checks against them.
# If generation fails, say so plainly and fail: a check that silently passes would be worse than none.
set -uo pipefail
cd "$(dirname "$0")/.."
export SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1
log="$(mktemp -t glidepath-sst-install.XXXXXX)"
echo "typecheck:infra: generating .sst/platform types (sst install --stage ci)…"
if ! npx sst install --stage ci >"$log" 2>&1 || [ ! -f .sst/platform/config.d.ts ]; then
  echo "typecheck:infra: FAILED to generate SST platform types; sst.config.ts and stacks/ were NOT type-checked." >&2
  echo "typecheck:infra: sst install output (from $log):" >&2
  tail -n 40 "$log" >&2
  exit 2
fi
rm -f "$log"
echo "typecheck:infra: type-checking sst.config.ts and stacks/ (tsconfig.infra.json)…"
exec npx tsc -p tsconfig.infra.json
