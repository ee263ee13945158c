#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan + UBSan) and runs each for a bounded
# time on a corpus seeded from docs/examples. Fails on any crash, hang, leak, sanitizer report or
# envelope violation (fuzz/envelope_check.h); the input that failed is kept in build/fuzz/findings.
#   NELM_FUZZ_SECONDS   seconds per target (default 45: four targets, 3 minutes)
#   NELM_FUZZ_TARGETS   space-separated subset of the targets (default: all)
#   NELM_FUZZ_STRICT_NUMBERS=1  also fail hostile_numbers_fuzzer on a null where a number belongs
#                       (by default it counts them: overflow cases still open, docs/security.md)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${NELM_FUZZ_SECONDS:-45}"
targets="${NELM_FUZZ_TARGETS:-calculate_fuzzer request_mutation_fuzzer hostile_numbers_fuzzer model_file_fuzzer}"
build=build/fuzz

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target $targets

mkdir -p "$build/findings"
for target in $targets; do
  corpus="$build/corpus/$target"   # grows across runs; seeds are re-added every time
  mkdir -p "$corpus"
  seeds=()
  case "$target" in
    calculate_fuzzer | request_mutation_fuzzer) seeds=(docs/examples/*.request.json) ;;
    model_file_fuzzer) seeds=(public/models/*.json) ;;
  esac
  [ "${#seeds[@]}" -gt 0 ] && cp "${seeds[@]}" "$corpus/"
  echo "== $target: ${seconds}s"
  log="$build/findings/$target.log"
  lenient=()
  if [ "$target" = hostile_numbers_fuzzer ] && [ "${NELM_FUZZ_STRICT_NUMBERS:-0}" != 1 ]; then
    lenient=(env NELM_FUZZ_LENIENT_NUMBERS=1)
  fi
  if ! "${lenient[@]}" "$build/fuzz/$target" "$corpus" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$build/findings/$target-" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $target failed; the input is in $build/findings/ (see $log)" >&2
    exit 1
  fi
  grep -E "stat::(number_of_executed_units|average_exec_per_sec|new_units_added)" "$log" |
    sed 's/^/   /'
  open_findings=$(grep -c "^open numeric finding" "$log" || true)
  if [ "$open_findings" -gt 0 ]; then
    echo "   open numeric findings (not failing; NELM_FUZZ_STRICT_NUMBERS=1 to fail): $open_findings"
    grep "^open numeric finding" "$log" | sed -E 's/[0-9]+/N/g' | sort | uniq -c | head -5
  fi
done
echo "fuzz: all targets ran ${seconds}s each without a finding"
