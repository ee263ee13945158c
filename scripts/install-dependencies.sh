#!/usr/bin/env bash
# Installs what the build and the tests need and is missing: Debian packages (apt-get, as root)
# and the page's npm packages (npm ci). Safe to run again; does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  cmake make g++ clang          # native build; clang for the fuzzers
  emscripten                    # WebAssembly build (brings its own clang/lld/binaryen)
  nlohmann-json3-dev            # JSON at the boundary
  googletest                    # GoogleTest sources, built with the project (native and wasm)
  ca-certificates
)
command -v node >/dev/null 2>&1 || debian_packages+=(nodejs npm)

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

if [ -f package-lock.json ] && [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
