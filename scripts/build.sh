#!/usr/bin/env bash
# Builds the WebAssembly module and assembles the static site in build/site.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh

# Debian's emscripten runs node scripts that need acorn from /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target nelm_module nelm_module_single

site=build/site
rm -rf "$site"
mkdir -p "$site"
cp -r public/. "$site/"
cp web/index.html web/*.js web/*.css "$site/"
cp build/wasm/wasm/nelm_core.js build/wasm/wasm/nelm_core.wasm "$site/"
echo "Site assembled in $site"
