#!/usr/bin/env bash
# Runs every test: the lint step (scripts/lint.sh --no-tidy), the page's JavaScript type-checked
# against the contract (tsc), native GoogleTest under ASan+UBSan, the shipped models against a
# rebuild, the same suite built with Emscripten and run under node, node tests of the built
# WebAssembly module, the page in a real browser, and the libFuzzer targets for a
# bounded time (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# clang-tidy is left to `scripts/lint.sh` by hand: on 2 cores it takes far longer than the rest of
# the lint step (README).
echo "== lint: clang-format, eslint, prettier, .editorconfig, layering (scripts/lint.sh --no-tidy)"
scripts/lint.sh --no-tidy

echo "== the page's JavaScript against the typed contract (tsc --noEmit, docs/api.d.ts)"
npx --no-install tsc --noEmit -p tsconfig.json

echo "== native GoogleTest (ASan + UBSan, warnings are errors)"
cmake --preset native-debug >/dev/null
cmake --build --preset native-debug
ctest --preset native-debug

echo "== shipped models equal a rebuild from models/evidence.json (scripts/build-models.mjs)"
NELM_CALC=build/native-debug/wasm/nelm-calc node scripts/build-models.mjs --check

echo "== GoogleTest built with Emscripten, run under node"
cmake --preset wasm >/dev/null
cmake --build --preset wasm
ctest --preset wasm

echo "== node tests of the built module"
node --no-experimental-fetch --test tests/node/

echo "== browser tests (Debian's Chromium via playwright-core; nginx with a strict CSP)"
scripts/build.sh
node --test --test-concurrency=1 tests/browser/

echo "== fuzzers under ASan + UBSan (a fixed number of inputs per target, scripts/fuzz.sh)"
scripts/fuzz.sh
