#!/usr/bin/env bash
# Checks the house style of every file we own: clang-format and clang-tidy on the C++, prettier and
# eslint on the JavaScript, the .editorconfig basics on every text file, the layering of core/.
#   scripts/lint.sh            check; each finding is printed as file:line, exit 1 if there is one
#   scripts/lint.sh --fix      first rewrite what a tool can fix (clang-format -i, prettier --write,
#                              eslint --fix, trailing whitespace, final newlines), then check as
#                              above: what is left needs a person and is listed as file:line
#   scripts/lint.sh --no-tidy  everything but clang-tidy (scripts/test.sh uses this; see README)
# clang-tidy reads build/native-debug/compile_commands.json (the preset is configured here) and
# remembers the files it passed (build/lint/tidy-passed) until they, a header or .clang-tidy change.
set -euo pipefail
cd "$(dirname "$0")/.."
fix=false
tidy=true
for argument in "$@"; do
  case "$argument" in
    --fix) fix=true ;;
    --no-tidy) tidy=false ;;
    *) echo "usage: scripts/lint.sh [--fix] [--no-tidy]" >&2; exit 2 ;;
  esac
done
failed=()

# Our files: tracked or new (not ignored). R's reference data and the hostile test fixtures are
# kept byte for byte as R or a hospital export wrote them; public/ holds generated models.
own_files() {
  git ls-files --cached --others --exclude-standard -- "$@" |
    grep -v -E '^(tests/reference|tests/browser/fixtures)/' | sort -u || true
}
existing() { while read -r file; do [ -f "$file" ] && echo "$file"; done; }
mapfile -t cpp_files < <(own_files '*.cpp' '*.h' | existing)
mapfile -t js_files < <(own_files '*.js' '*.mjs' '*.cjs' | grep -v '^public/' | existing)
mapfile -t text_files < <(own_files | existing |
  grep -E '\.(cpp|h|js|mjs|cjs|json|css|html|sh|cmake|md|txt|py|R|yml|yaml)$|CMakeLists.txt$|^\.|/run$')

if $fix; then
  echo "== --fix: clang-format -i, prettier --write, eslint --fix, whitespace and final newlines"
  clang-format -i "${cpp_files[@]}"
  npx --no-install prettier --log-level warn --write "${js_files[@]}"
  npx --no-install eslint --fix --format ./scripts/lint/eslint-file-line.mjs "${js_files[@]}" \
    >/dev/null || true  # what eslint cannot fix is reported by the check below
  for file in "${text_files[@]}"; do
    [ -s "$file" ] || continue
    case "$file" in *.md) ;; *) grep -q -E '[[:space:]]+$' "$file" && sed -i -E 's/[[:space:]]+$//' "$file" ;; esac
    [ "$(tail -c1 "$file" | od -An -c | tr -d ' ')" = '\n' ] || echo >>"$file"
  done
fi

echo "== clang-format (${#cpp_files[@]} files; .clang-format: Google, 100 columns)"
format_output=$(clang-format --dry-run "${cpp_files[@]}" 2>&1 || true)
if grep -q -- '-Wclang-format-violations' <<<"$format_output"; then
  # One line per file: where its first difference is and how many there are.
  grep -- '-Wclang-format-violations' <<<"$format_output" | cut -d: -f1,2 |
    awk -F: '{ count[$1]++; if (!($1 in first)) { first[$1] = $2; order[++n] = $1 } }
      END { for (i = 1; i <= n; i++) printf "%s:%s: not clang-formatted (%d places)\n",
            order[i], first[order[i]], count[order[i]] }'
  failed+=(clang-format)
fi

echo "== .editorconfig basics (final newline, no trailing spaces, no tabs) in ${#text_files[@]} files"
editorconfig_findings=()
for file in "${text_files[@]}"; do
  [ -s "$file" ] || continue
  if [ "$(tail -c1 "$file" | od -An -c | tr -d ' ')" != '\n' ]; then
    editorconfig_findings+=("$file:$(wc -l <"$file"): no newline at the end of the file")
  fi
  case "$file" in
    *.md) ;;  # two trailing spaces are a line break in Markdown
    *) while IFS=: read -r line _; do
         editorconfig_findings+=("$file:$line: trailing whitespace")
       done < <(grep -n -E '[[:space:]]+$' "$file" | head -5) ;;
  esac
  while IFS=: read -r line _; do
    editorconfig_findings+=("$file:$line: a tab (indent with spaces)")
  done < <(grep -n -P '\t' "$file" | head -5)
done
if [ "${#editorconfig_findings[@]}" -gt 0 ]; then
  printf '%s\n' "${editorconfig_findings[@]}"
  failed+=(editorconfig)
fi

echo "== layering of core/ (docs/architecture.md: a folder includes only lower layers)"
declare -A layer=([common]=0 [numerics]=1 [estimators]=2 [parametric]=2 [regression]=3
  [prediction]=4)
layering_findings=()
while IFS=: read -r file line text; do
  folder=${file#core/}
  folder=${folder%%/*}
  included=$(sed -E 's/^#include "([^/"]*)\/.*/\1/' <<<"$text")
  if [ -z "${layer[$folder]:-}" ]; then
    layering_findings+=("$file:$line: core/$folder/ has no layer in scripts/lint.sh and docs/architecture.md")
  elif [ -z "${layer[$included]:-}" ]; then
    layering_findings+=("$file:$line: the core includes \"$included/...\", which is not core")
  elif [ "$included" != "$folder" ] && [ "${layer[$included]}" -ge "${layer[$folder]}" ]; then
    layering_findings+=("$file:$line: $folder/ (layer ${layer[$folder]}) includes a layer as high:\
 $included/ (layer ${layer[$included]})")
  fi
done < <(git grep --untracked -n -E '^#include "' -- 'core/*.h' 'core/*.cpp' || true)
# Only the standard library, and Boost.Math and Eigen inside numerics/*.cpp (never in a header).
while IFS=: read -r file line text; do
  case "$text" in
    *'<boost/'* | *'<Eigen/'*) [[ "$file" == core/numerics/*.cpp ]] && continue ;;
    *'<nlohmann/'* | *'<emscripten'*) ;;
    *'/'* | *'.h>'*) ;;
    *) continue ;;  # a standard header: <vector>, <cmath>
  esac
  layering_findings+=("$file:$line: the core may include only the standard library here: $text")
done < <(git grep --untracked -n -E '^#include <' -- 'core/*.h' 'core/*.cpp' || true)
if [ "${#layering_findings[@]}" -gt 0 ]; then
  printf '%s\n' "${layering_findings[@]}"
  failed+=(layering)
fi

echo "== prettier (${#js_files[@]} JavaScript files; .prettierrc.json)"
prettier_output=$(npx --no-install prettier --list-different "${js_files[@]}" 2>&1) || true
if [ -n "$prettier_output" ]; then
  sed 's/$/:1: not formatted by prettier/' <<<"$prettier_output"
  failed+=(prettier)
fi

echo "== eslint (eslint.config.mjs)"
npx --no-install eslint --max-warnings 0 --format ./scripts/lint/eslint-file-line.mjs \
  "${js_files[@]}" || failed+=(eslint)

if $tidy; then
  echo "== clang-tidy (core/ and wasm/ with the compile commands of native-debug; .clang-tidy)"
  cmake --preset native-debug >/dev/null  # compile_commands.json with every current source
  # The sources native-debug compiles (bindings.cpp is Emscripten's only, fuzz/ is clang's).
  mapfile -t tidy_files < <(own_files 'core/*.cpp' 'wasm/*.cpp' | existing |
    while read -r file; do
      grep -q -F "\"file\": \"$PWD/$file\"" build/native-debug/compile_commands.json && echo "$file"
    done)
  # A file's pass is remembered with the hash of the file, of every header in core/ and wasm/ and
  # of .clang-tidy: changing any of them checks the file again.
  headers_hash=$(cat .clang-tidy $(own_files 'core/*.h' 'wasm/*.h' | existing) | sha256sum | cut -c1-16)
  mkdir -p build/lint
  passed_list=build/lint/tidy-passed
  touch "$passed_list"
  to_check=()
  for file in "${tidy_files[@]}"; do
    key="$(sha256sum "$file" | cut -c1-16)-$headers_hash $file"
    grep -q -F -x "$key" "$passed_list" || to_check+=("$file")
  done
  echo "clang-tidy: ${#to_check[@]} of ${#tidy_files[@]} files changed since they last passed"
  if [ "${#to_check[@]}" -gt 0 ]; then
    # One process per file, two at a time; a file's key is recorded only if it passed. Findings
    # (stdout) are file:line:column; clang-tidy's own chatter (stderr) is dropped.
    printf '%s\n' "${to_check[@]}" |
      xargs -P 2 -I{} sh -c 'clang-tidy --quiet -p build/native-debug "$1" 2>/dev/null \
        && echo "$(sha256sum "$1" | cut -c1-16)-$2 $1" >>"$3"' _ {} "$headers_hash" \
        "$passed_list" || failed+=(clang-tidy)
  fi
fi

if [ "${#failed[@]}" -gt 0 ]; then
  echo "lint: failed: ${failed[*]}" >&2
  $fix || echo "lint: scripts/lint.sh --fix rewrites what clang-format, prettier and eslint can" \
    "fix and the whitespace; the rest (listed above as file:line) is fixed by hand" >&2
  exit 1
fi
echo "lint: all checks passed"
