#!/usr/bin/env bash
# Builds everything the page needs and serves the calculator on http://localhost:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec node scripts/serve.mjs build/site "${PORT:-8080}"
