#!/usr/bin/env bash
# Builds the WebAssembly module, bundles the page and assembles the static site in build/site and
# the single-file calculator in build/single-file/nelm-calculator.html.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh

# Debian's emscripten runs node scripts that need acorn from /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
cmake --preset wasm >/dev/null
# nelm_module_single (the wasm inlined by Emscripten) is for the node and browser tests.
cmake --build --preset wasm --target nelm_module nelm_module_single

# The page: web/ bundled by Vite (models and reference cases are bundled in as text). A failed
# bundle stops the build: the previous bundle is removed first, so a stale one is never shipped.
rm -rf build/web-bundle
vite_log=$(mktemp)
if ! npx --no-install vite build --config web/vite.config.mjs >"$vite_log" 2>&1; then
  cat "$vite_log" >&2
  rm -f "$vite_log"
  echo "build: the page's bundle failed (vite build, above)" >&2
  exit 1
fi
grep -v "can't be bundled without type=\"module\"" "$vite_log" || true
rm -f "$vite_log"
test -f build/web-bundle/index.html

site=build/site
rm -rf "$site"
mkdir -p "$site"
cp -r public/. "$site/"
cp -r build/web-bundle/. "$site/"
cp build/wasm/wasm/nelm_core.js build/wasm/wasm/nelm_core.wasm "$site/"
echo "Site assembled in $site"

# The single file inlines the site's own nelm_core.js and nelm_core.wasm (gzip + base64).
node web/tools/single-file.mjs "$site" build/single-file/nelm-calculator.html
