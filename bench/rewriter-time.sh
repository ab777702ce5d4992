#!/usr/bin/env bash
# rewriter-time.sh: agen-rewrite's time on a large annotated file against
# `clang++-19 -fsyntax-only` on the same file (issue 3, "Benchmarks").
#
#   bench/rewriter-time.sh [build-dir]        (default: build)
#   REPS=5 GENERATORS=400 bench/rewriter-time.sh
#
# Generates a file with GENERATORS (default 200) AGEN_GENERATOR functions in
# four shapes (a counting loop; locals with destructors and a range-for across
# the yield; try/catch around yields; co_await on a task between yields),
# plus <agen/agen.hpp> and standard headers (<algorithm> <map> <memory>
# <string> <vector> <cstdio>), then times
#   agen-rewrite gen.cpp -o out.cpp -- <flags>     (parse, sema, lowering, output)
#   clang++-19 -fsyntax-only <flags> gen.cpp       (parse and sema only)
# with the same flags. Each time is the best of REPS (default 3) runs of
# user+sys CPU seconds (other load on the machine matters less than for wall
# time; the wall times are printed too). It also checks that the rewriter
# found every generator and that its output compiles (-fsyntax-only).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
rewrite=$build/bin/agen-rewrite
cxx=${CXX:-clang++-19}
reps=${REPS:-3}
count=${GENERATORS:-200}
[[ -x $rewrite ]] || { echo "no $rewrite: build the agen-rewrite target first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/gen.cpp

{
  cat <<'CPP'
#include <agen/agen.hpp>
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct bench_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline agen::task<int> twice(int v) { co_return 2 * v; }

CPP
  for ((i = 0; i < count; i++)); do
    case $((i % 4)) in
    0) cat <<CPP
AGEN_GENERATOR agen::async_generator<int> gen_$i(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i + $i;
}

CPP
      ;;
    1) cat <<CPP
AGEN_GENERATOR agen::async_generator<std::string> gen_$i(std::vector<std::string> ws) {
  std::map<std::string, int> seen;
  auto prefix = std::make_unique<std::string>("g$i:");
  for (const std::string &w : ws) {
    if (++seen[w] > 1)
      continue;
    std::string item = *prefix + w;
    co_yield item;
  }
}

CPP
      ;;
    2) cat <<CPP
AGEN_GENERATOR agen::async_generator<int> gen_$i(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  bool failed = false;
  try {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] < 0)
        throw bench_error("negative in gen_$i");
      co_yield v[i];
    }
  } catch (const bench_error &e) {
    std::printf("%s\n", e.what());
    failed = true;
  }
  if (failed)
    co_yield -1;
}

CPP
      ;;
    3) cat <<CPP
AGEN_GENERATOR agen::async_generator<int> gen_$i(int n) {
  int total = 0;
  for (int i = 0; i < n; ++i) {
    int d = co_await twice(i);
    total += d;
    if (d % 3 == 0)
      co_yield total;
  }
  co_yield total + $i;
}

CPP
      ;;
    esac
  done
  cat <<'CPP'
int main() {
  auto g = gen_0(3);
  (void)g;
}
CPP
} >"$src"

flags=(-std=c++20 -I"$root/runtime/include")

# best "user+sys wall" of $reps runs of "$@"
best() {
  local b="" w="" t
  for ((r = 0; r < reps; r++)); do
    /usr/bin/time -f '%U %S %e' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" ||
      { cat "$tmp/err" >&2; exit 1; }
    t=$(awk '{ printf "%.3f", $1 + $2 }' "$tmp/time")
    if [[ -z $b ]] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then
      b=$t
      w=$(awk '{ printf "%.3f", $3 }' "$tmp/time")
    fi
  done
  echo "$b $w"
}

found=$("$rewrite" --list "$src" -- "${flags[@]}" | grep -c ': gen_' || true)
[[ $found -eq $count ]] || { echo "agen-rewrite --list found $found generators, expected $count" >&2; exit 1; }

read -r rw rw_wall < <(best "$rewrite" "$src" -o "$tmp/out.cpp" -- "${flags[@]}")
read -r sy sy_wall < <(best "$cxx" -fsyntax-only "${flags[@]}" "$src")
"$cxx" -fsyntax-only "${flags[@]}" "$tmp/out.cpp" ||
  { echo "the lowered output does not compile" >&2; exit 1; }
read -r lsy lsy_wall < <(best "$cxx" -fsyntax-only "${flags[@]}" "$tmp/out.cpp")

echo "file: $count generators, $(wc -l <"$src") lines ($(wc -l <"$tmp/out.cpp") lowered)," \
     "$("$cxx" -E "${flags[@]}" "$src" | wc -l) lines preprocessed"
echo "best of $reps, user+sys CPU seconds (wall of that run); load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "  %-46s %7.2fs  (wall %.2fs)\n" "agen-rewrite (lower, write)" "$rw" "$rw_wall"
printf "  %-46s %7.2fs  (wall %.2fs)\n" "$cxx -fsyntax-only" "$sy" "$sy_wall"
printf "  %-46s %7.2fs  (wall %.2fs)\n" "$cxx -fsyntax-only on the lowered output" "$lsy" "$lsy_wall"
awk -v a="$rw" -v b="$sy" 'BEGIN { printf "ratio agen-rewrite / -fsyntax-only: %.2fx\n", a / b }'
