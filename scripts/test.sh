#!/usr/bin/env bash
# test.sh: sets the machine up (setup.sh), then builds and tests agen twice with
# clang++-19 and Ninja: a normal build in build/ and an ASan+UBSan build in build-asan/.
# Ends with one summary line, "N passed, N failed", summed over both ctest runs; exits
# non-zero if anything failed (a configure or build failure counts as one failure).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

bash scripts/setup.sh || { echo "test.sh: setup failed" >&2; exit 1; }

export CXX=clang++-19
passed=0
failed=0
failures=()

# run_suite <name> <build-dir> <ctest filter args> <cmake args...>
run_suite() {
  local name=$1 dir=$2 filter=$3
  shift 3
  echo "===== $name: configure $dir"
  if ! cmake -S . -B "$dir" -G Ninja "$@"; then
    failed=$((failed + 1)); failures+=("$name: configure"); return
  fi
  echo "===== $name: build"
  if ! cmake --build "$dir" -j2; then
    failed=$((failed + 1)); failures+=("$name: build"); return
  fi
  echo "===== $name: ctest"
  local log rc summary
  log=$(mktemp)
  # shellcheck disable=SC2086 # the filter is a list of ctest arguments
  (cd "$dir" && ctest --output-on-failure -j2 $filter) 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1)
  rm -f "$log"
  if [[ $summary =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    local f=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]}
    passed=$((passed + total - f))
    failed=$((failed + f))
    [[ $f -eq 0 ]] || failures+=("$name: $f ctest failure(s)")
    if [[ $rc -ne 0 && $f -eq 0 ]]; then
      failed=$((failed + 1)); failures+=("$name: ctest exited $rc")
    fi
  elif [[ $rc -ne 0 ]]; then
    failed=$((failed + 1)); failures+=("$name: ctest exited $rc")
  fi
}

run_suite normal build ""
# lit and the fuzz tests build their programs with the sanitizers themselves and
# use the same (unsanitized) tools: the ASan build would only repeat them.
run_suite asan build-asan "-E ^lit$ -LE fuzz" -DAGEN_SANITIZE=ON -DAGEN_BUILD_BENCH=OFF

for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
