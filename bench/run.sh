#!/usr/bin/env bash
# The benchmark (issue 6), one command: installs what is missing, builds the native-release preset
# and the WASM module, then runs bench/run.mjs (every contender on SYNTHETIC data, agreement check
# against R, table in bench/results/), then builds the page (scripts/build.sh) and runs
# bench/page.mjs (the page's size and latency).
#   bench/run.sh [--sizes 10000,100000,1000000] [--runs 5]
# Not part of scripts/test.sh: benchmarks are never timed tests. See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh

bench_packages=(r-base-core r-cran-survival python3-statsmodels python3-pandas chromium)
missing=()
for package in "${bench_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages for the benchmark: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

echo "== building the native-release preset and the bench driver"
cmake --preset native-release >/dev/null
cmake --build --preset native-release --target nelm_core nelm_api
mkdir -p build/bench
# Same flags as the preset's Release build (-O3 -DNDEBUG), linked to the preset's libraries.
g++ -std=c++20 -O3 -DNDEBUG -Icore -Iwasm bench/native/bench_driver.cpp \
  build/native-release/wasm/libnelm_api.a build/native-release/core/libnelm_core.a \
  -o build/bench/bench_driver

echo "== building the WebAssembly module (preset wasm)"
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
cmake --preset wasm >/dev/null
cmake --build --preset wasm --target nelm_module
# build/wasm is shared with other builds: time a private copy.
mkdir -p bench/results/wasm
cp build/wasm/wasm/nelm_core.js build/wasm/wasm/nelm_core.wasm bench/results/wasm/

echo "== core benchmark (unset OPENBLAS_CORETYPE/L2_SIZE so numpy runs its current kernels)"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE node bench/run.mjs "$@"

echo "== page benchmark (scripts/build.sh: the site and the single file)"
if scripts/build.sh; then
  node bench/page.mjs
else
  echo "bench: the page did not build; page figures skipped" >&2
  exit 1
fi
