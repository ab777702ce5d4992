#!/usr/bin/env bash
# bench/run.sh: build agen-bench in Release (-O2) and run it once, then print
# the SPEC §9 ratios computed from that one run.
#
#   bench/run.sh [agen-bench arguments...]
#
# Environment:
#   BUILD_DIR   build directory (default: /tmp/bench-build)
#   CXX         compiler (default: clang++-19 if installed, else c++)
#   REPS        --benchmark_repetitions (default: 3)
#   AGEN_REWRITE agen-rewrite, which lowers bench/same_source/generators.cpp at
#               build time (default: build/bin/agen-rewrite of this tree)
#   REWRITER_TIME=0  skip bench/rewriter-time.sh (run after the benchmarks,
#               when build/bin/agen-rewrite exists; about 25 s)
#
# Builds bench/ on its own (bench/CMakeLists.txt supplies agen::runtime from
# runtime/include when no top-level project does), so it needs neither LLVM
# nor the rest of the tree, only an agen-rewrite binary for the lowered copy
# of the same-source generators. Extra arguments go to agen-bench, e.g.
#   bench/run.sh --benchmark_filter=BM_sum
# The raw results are kept in $BUILD_DIR/agen-bench.json.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${BUILD_DIR:-/tmp/bench-build}
reps=${REPS:-3}
if [[ -z ${CXX:-} ]]; then
  if command -v clang++-19 >/dev/null; then CXX=clang++-19; else CXX=c++; fi
fi
export CXX

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

rewrite_arg=()
[[ -n ${AGEN_REWRITE:-} ]] && rewrite_arg=("-DAGEN_REWRITE=$AGEN_REWRITE")

cmake -S "$here" -B "$build" "${generator[@]}" "${rewrite_arg[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
cmake --build "$build" --target agen-bench

json=$build/agen-bench.json
cmd=("$build/agen-bench" "--benchmark_repetitions=$reps"
     --benchmark_report_aggregates_only=true
     "--benchmark_out=$json" --benchmark_out_format=json "$@")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "+ ${cmd[*]}"
"${cmd[@]}"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "compiler: $("$CXX" --version | head -1)"
echo "load average (1/5/15 min): before $load_before, after $load_after" \
     "(other work on the machine inflates and scatters the times)"
echo

python3 - "$json" <<'EOF'
import json, sys

with open(sys.argv[1]) as f:
    data = json.load(f)

# Medians of the repetitions; time per item = 1 / items_per_second.
med, cv, counters = {}, {}, {}
for b in data["benchmarks"]:
    if b.get("run_type") != "aggregate":
        continue
    name = b["run_name"]
    agg = b["aggregate_name"]
    if agg == "median":
        if "items_per_second" in b:
            med[name] = 1e9 / b["items_per_second"]
        counters[name] = b
    elif agg == "cv" and "items_per_second" in b:
        cv[name] = b["items_per_second"] * 100

def ns(name):
    return med.get(name)

def fmt(x, unit=""):
    return "n/a" if x is None else f"{x:,.2f}{unit}"

native = ns("BM_sum_native")
sums = [n for n in med if n.startswith("BM_sum_")]
print("Summing ints, ns per item (median of repetitions; cv = run-to-run spread)")
print(f"{'benchmark':36} {'ns/item':>10} {'cv':>7} {'x native':>9}")
for n in sums:
    rel = med[n] / native if native else None
    print(f"{n:36} {fmt(med[n]):>10} {fmt(cv.get(n), '%'):>7} {fmt(rel, 'x'):>9}")

def ratio(a, b):
    a, b = ns(a), ns(b)
    return None if a is None or b is None else a / b

print()
print("SPEC §9 goals (ratios of ns/item, same run)")
rows = [
    ("native / cppcoro_style (yardstick)", ratio("BM_sum_native", "BM_sum_cppcoro_style"), 1.2),
    ("native / cppcoro_style_heap", ratio("BM_sum_native", "BM_sum_cppcoro_style_heap"), 1.2),
    ("native / loop", ratio("BM_sum_native", "BM_sum_loop"), 5.0),
    ("cppcoro_style / loop (for scale)", ratio("BM_sum_cppcoro_style", "BM_sum_loop"), None),
    ("native / asio_coro", ratio("BM_sum_native", "BM_sum_asio_coro"), None),
    ("lowered / native_same_source", ratio("BM_sum_lowered", "BM_sum_native_same_source"), 1.0),
    ("lowered / native (BM_sum_native)", ratio("BM_sum_lowered", "BM_sum_native"), 1.0),
    ("lowered / cppcoro_style (yardstick)", ratio("BM_sum_lowered", "BM_sum_cppcoro_style"), 1.0),
    ("lowered / cppcoro_style_heap", ratio("BM_sum_lowered", "BM_sum_cppcoro_style_heap"), 1.0),
    ("lowered / loop", ratio("BM_sum_lowered", "BM_sum_loop"), 5.0),
    ("lowered / hand_lowered (for scale)", ratio("BM_sum_lowered", "BM_sum_hand_lowered"), None),
    ("lowered / asio_coro", ratio("BM_sum_lowered", "BM_sum_asio_coro"), None),
]
for label, r, goal in rows:
    if goal is None:
        verdict = "(no goal, for reference)"
    elif r is None:
        verdict = "not measured"
    else:
        verdict = f"goal <= {goal:.1f}x: " + ("met" if r <= goal else "NOT MET")
    print(f"  {label:36} {fmt(r, 'x'):>9}   {verdict}")

print()
print("Allocations (create + consume fully + destroy one generator)")
for n in ("BM_allocs_native", "BM_allocs_lowered", "BM_allocs_native_same_source",
          "BM_allocs_cppcoro_style", "BM_allocs_asio_coro"):
    key = next((k for k in counters if k.split("/")[0] == n), None)
    b = counters.get(key) if key else None
    if b is None:
        print(f"  {n:36} n/a")
    elif b.get("error_occurred"):
        print(f"  {n:36} ERROR: {b.get('error_message')}")
    else:
        print(f"  {n:36} per generator {b['allocs_per_generator']:g}, "
              f"per item {b['allocs_per_item']:g}")
print("  SPEC §9 goal: <= 1 per generator (0 with recycling), 0 per item")

print()
print("aclose: ns and exceptions raised per close (start, suspend at a co_yield, stop)")
print(f"  {'benchmark':44} {'ns/close':>10} {'throws/close':>12} {'x lowered':>10}")
lowered_close = ns("BM_aclose_lowered_no_handler")
for n in ("BM_aclose_lowered_no_handler", "BM_aclose_native_same_source_no_handler",
          "BM_aclose_native_no_handler",
          "BM_aclose_lowered_catch_rethrow", "BM_aclose_native_same_source_catch_rethrow",
          "BM_aclose_native_catch_rethrow",
          "BM_aclose_baseline_lowered_run_to_end", "BM_aclose_baseline_native_run_to_end",
          "BM_aclose_baseline_cppcoro_style_destroy"):
    b = counters.get(n)
    if b is not None and b.get("error_occurred"):
        print(f"  {n:44} ERROR: {b.get('error_message')}")
        continue
    t = b.get("throws_per_close") if b else None
    rel = ns(n) / lowered_close if ns(n) and lowered_close else None
    print(f"  {n:44} {fmt(ns(n)):>10} {fmt(t):>12} {fmt(rel, 'x'):>10}")
ref = counters.get("BM_reference_throw_catch")
print(f"  {'BM_reference_throw_catch (one throw+catch)':44} {fmt(ns('BM_reference_throw_catch')):>10}"
      f" {fmt(ref.get('throws_per_iteration') if ref else None):>12}")
t = (counters.get("BM_aclose_lowered_no_handler") or {}).get("throws_per_close")
verdict = "n/a" if t is None else ("met" if t == 0 else "NOT MET")
print(f"  SPEC §9 'aclose without exceptions' (lowered, no handler: 0 throws): {verdict}")
for a, b in (("BM_aclose_native_same_source_no_handler", "BM_aclose_lowered_no_handler"),
             ("BM_aclose_lowered_catch_rethrow", "BM_aclose_lowered_no_handler"),
             ("BM_aclose_lowered_catch_rethrow", "BM_aclose_native_same_source_catch_rethrow"),
             ("BM_aclose_lowered_no_handler", "BM_aclose_baseline_lowered_run_to_end"),
             ("BM_aclose_lowered_no_handler", "BM_aclose_baseline_cppcoro_style_destroy")):
    print(f"  {a.removeprefix('BM_aclose_')} / {b.removeprefix('BM_aclose_')}: {fmt(ratio(a, b), 'x')}")

print()
print("Context guards: ns per item with 0, 1 and 4 guards alive across every co_yield")
print("(each item is one suspension: one on_suspend() and one on_resume() per guard)")
print(f"  {'guards':40} {'0':>8} {'1':>8} {'4':>8} {'1 - 0':>8} {'(4 - 0)/4':>10}")
per_guard = {}
for label, mode, kind in (
        ("native, scoped_override (registry)", "native", "override"),
        ("lowered, scoped_override (static)", "lowered", "override"),
        ("lowered, plain type (static)", "lowered", "plain")):
    t0 = ns(f"BM_guards_{mode}_0")
    t1 = ns(f"BM_guards_{mode}_{kind}_1")
    t4 = ns(f"BM_guards_{mode}_{kind}_4")
    one = None if t0 is None or t1 is None else t1 - t0
    four = None if t0 is None or t4 is None else (t4 - t0) / 4
    per_guard[(mode, kind)] = four
    print(f"  {label:40} {fmt(t0):>8} {fmt(t1):>8} {fmt(t4):>8} {fmt(one):>8} {fmt(four):>10}")
def guard_ratio(a, b):
    a, b = per_guard.get(a), per_guard.get(b)
    return None if a is None or b is None or b == 0 else a / b
print(f"  lowered / native, ns per guard per suspension (scoped_override): "
      f"{fmt(guard_ratio(('lowered', 'override'), ('native', 'override')), 'x')}")
print(f"  lowered plain type / lowered scoped_override: "
      f"{fmt(guard_ratio(('lowered', 'plain'), ('lowered', 'override')), 'x')}")
for kind in ("override", "plain"):
    cost = per_guard.get(("lowered", kind))
    verdict = "n/a" if cost is None else ("met" if cost <= 2.0 else "NOT MET")
    print(f"  goal: lowered adds <= 2 ns per guard per suspension ({kind}): "
          f"{fmt(cost, ' ns')}, {verdict}")
EOF

if [[ ${REWRITER_TIME:-1} != 0 ]]; then
  root=$(cd "$here/.." && pwd)
  if [[ -x $root/build/bin/agen-rewrite ]]; then
    echo
    echo "Rewriter time (bench/rewriter-time.sh, after the benchmarks)"
    "$here/rewriter-time.sh" "$root/build" ||
      echo "rewriter-time.sh failed (the benchmark results above stand)"
  fi
fi
