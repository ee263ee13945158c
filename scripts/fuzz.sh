#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan + UBSan) and runs each for a bounded
# time on a corpus seeded from docs/examples. Fails on any crash, hang, leak, sanitizer report or
# envelope violation (fuzz/envelope_check.h); the input that failed is kept in build/fuzz/findings.
# By default each target runs a fixed number of inputs from a fixed seed on a fresh corpus, so a
# run here and a run in CI explore the same inputs: the result is reproducible, not luck.
#   NELM_FUZZ_RUNS      inputs per target (default 40000; about 10-60 s per target)
#   NELM_FUZZ_SECONDS   run for this many seconds per target instead (exploration, not for CI)
#   NELM_FUZZ_TARGETS   space-separated subset of the targets (default: all)
#   NELM_FUZZ_STRICT_NUMBERS=0  count, rather than fail on, a null where a number belongs in
#                       hostile_numbers_fuzzer (default 1: fail, docs/security.md)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${NELM_FUZZ_SECONDS:-}" ]; then
  budget=(-max_total_time="$NELM_FUZZ_SECONDS")
  budget_text="${NELM_FUZZ_SECONDS}s"
else
  budget=(-runs="${NELM_FUZZ_RUNS:-40000}" -seed=1)
  budget_text="${NELM_FUZZ_RUNS:-40000} inputs from seed 1"
fi
targets="${NELM_FUZZ_TARGETS:-calculate_fuzzer request_mutation_fuzzer hostile_numbers_fuzzer model_file_fuzzer}"
build=build/fuzz

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target $targets

mkdir -p "$build/findings"
for target in $targets; do
  corpus="$build/corpus/$target"
  if [ -z "${NELM_FUZZ_SECONDS:-}" ]; then rm -rf "$corpus"; fi  # fixed runs start from the seeds
  mkdir -p "$corpus"
  seeds=()
  case "$target" in
    calculate_fuzzer | request_mutation_fuzzer) seeds=(docs/examples/*.request.json) ;;
    model_file_fuzzer) seeds=(public/models/*.json) ;;
  esac
  [ "${#seeds[@]}" -gt 0 ] && cp "${seeds[@]}" "$corpus/"
  echo "== $target: $budget_text"
  log="$build/findings/$target.log"
  lenient=()
  if [ "$target" = hostile_numbers_fuzzer ] && [ "${NELM_FUZZ_STRICT_NUMBERS:-1}" = 0 ]; then
    lenient=(env NELM_FUZZ_LENIENT_NUMBERS=1)
  fi
  if ! "${lenient[@]}" "$build/fuzz/$target" "$corpus" "${budget[@]}" -timeout=10 \
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
    echo "   open numeric findings (counted only because NELM_FUZZ_STRICT_NUMBERS=0): $open_findings"
    grep "^open numeric finding" "$log" | sed -E 's/[0-9]+/N/g' | sort | uniq -c | head -5
  fi
done
echo "fuzz: all targets ran ($budget_text each) without a finding"
