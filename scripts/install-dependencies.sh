#!/usr/bin/env bash
# Installs what the build and the tests need and is missing: Debian packages (apt-get, as root)
# and the page's npm packages (npm ci). Safe to run again; does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  cmake make g++ clang          # native build; clang for the fuzzers
  libclang-rt-14-dev            # libFuzzer and the sanitizer runtimes for clang (only Recommended)
  emscripten                    # WebAssembly build (brings its own clang/lld/binaryen)
  nlohmann-json3-dev            # JSON at the boundary
  libboost-math-dev             # special functions of the core (header-only): normal, gamma tails
  libeigen3-dev                 # small dense linear algebra of the core (header-only)
  clang-format clang-tidy       # scripts/lint.sh
  googletest                    # GoogleTest sources, built with the project (native and wasm)
  ca-certificates
  chromium                      # the browser tests (driven by playwright-core; no browser download)
  nginx                         # the browser tests serve the built site as an intranet server would
  fonts-dejavu-core             # a font for headless Chromium's screenshots and print
  poppler-utils                 # pdftotext: the cohort report's print test reads its PDF back
)
# Debian 12's own nodejs (18.20) and npm (9.2) are enough; a newer node already installed is used.
command -v node >/dev/null 2>&1 || debian_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || debian_packages+=(npm)

missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing packages and not root; run: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The bundler (Vite 5), playwright-core 1.61 and node's test runner flags need Node 18.19 or newer.
node_version=$(node -p 'process.versions.node')
if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit(major > 18 || (major === 18 && minor >= 19) ? 0 : 1)'; then
  echo "error: node $node_version ($(command -v node)) is too old: the page build and the tests need" \
    "Node 18.19 or newer. Debian 12's nodejs package (18.20) is enough: remove the older node from" \
    "PATH or run: apt-get install nodejs npm" >&2
  exit 1
fi

# npm ci when node_modules is absent or package-lock.json changed since the last npm ci.
if [ -f package-lock.json ]; then
  lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -d node_modules ] || [ "$(cat node_modules/.nelm-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
    npm ci --no-audit --no-fund
    echo "$lock_hash" >node_modules/.nelm-lock-hash
  fi
fi
