// The cost of aclose() on a generator suspended at its first co_yield, per
// generator (SPEC §9 "aclose without exceptions"). Native mode always raises
// generator_exit at the co_yield, so both shapes pay for exceptions:
//   no_handler:     no handler encloses the co_yield. Lowered mode will close
//                   this one by running the destructors directly, no throw.
//   catch_rethrow:  the co_yield is inside try { } catch (...) { throw; }, so
//                   the exception is semantically required in every mode.
// Baselines, same generator life without an exception:
//   run_to_end:              next() twice (value, then end): the body leaves
//                            its scope normally instead of being closed.
//   cppcoro_style_destroy:   the yardstick's only way to stop early: destroy
//                            the suspended frame (destructors run, no throw).
//                            This is what a throw-free close costs at best.
// Each generator owns a local whose destructor must run exactly once; the
// benchmark checks that it did. kGenerators generators per iteration share one
// sync_wait.
#include "common.hpp"
#include "cppcoro_style.hpp"

#include <agen/agen.hpp>

#include <benchmark/benchmark.h>

namespace {

using agen_bench::report_items;

constexpr int kGenerators = 256;

long g_destroyed = 0; // bumped by every resource destructor

struct resource {
  resource() noexcept { benchmark::DoNotOptimize(this); }
  ~resource() {
    ++g_destroyed;
    benchmark::ClobberMemory();
  }
};

agen::async_generator<int> no_handler() {
  resource r;
  co_yield 1;
}

agen::async_generator<int> catch_rethrow() {
  try {
    resource r;
    co_yield 1;
  } catch (...) {
    throw;
  }
}

using native_factory = agen::async_generator<int> (*)();

agen::task<void> close_each(native_factory make, int count) {
  for (int i = 0; i < count; ++i) {
    auto g = make();
    auto r = co_await g.next();
    benchmark::DoNotOptimize(r);
    co_await g.aclose();
  }
}

agen::task<void> run_each_to_end(native_factory make, int count) {
  for (int i = 0; i < count; ++i) {
    auto g = make();
    auto r = co_await g.next();
    benchmark::DoNotOptimize(r);
    r = co_await g.next(); // end: the body finishes normally
    benchmark::DoNotOptimize(r);
  }
}

void check_destroyed(benchmark::State &state, long before) {
  const long want = static_cast<long>(state.iterations()) * kGenerators;
  if (g_destroyed - before != want)
    state.SkipWithError("a local's destructor did not run exactly once");
}

void BM_aclose_native_no_handler(benchmark::State &state) {
  const long before = g_destroyed;
  for (auto _ : state)
    agen::sync_wait(close_each(&no_handler, kGenerators));
  check_destroyed(state, before);
  report_items(state, kGenerators, "ns_per_close");
}
BENCHMARK(BM_aclose_native_no_handler);

void BM_aclose_native_catch_rethrow(benchmark::State &state) {
  const long before = g_destroyed;
  for (auto _ : state)
    agen::sync_wait(close_each(&catch_rethrow, kGenerators));
  check_destroyed(state, before);
  report_items(state, kGenerators, "ns_per_close");
}
BENCHMARK(BM_aclose_native_catch_rethrow);

void BM_aclose_baseline_native_run_to_end(benchmark::State &state) {
  const long before = g_destroyed;
  for (auto _ : state)
    agen::sync_wait(run_each_to_end(&no_handler, kGenerators));
  check_destroyed(state, before);
  report_items(state, kGenerators, "ns_per_close");
}
BENCHMARK(BM_aclose_baseline_native_run_to_end);

agen_bench::cppcoro_style::async_generator<int> cppcoro_style_one() {
  resource r;
  co_yield 1;
}

agen::task<void> cppcoro_style_destroy_each(int count) {
  for (int i = 0; i < count; ++i) {
    auto g = cppcoro_style_one();
    int *p = co_await g.next();
    benchmark::DoNotOptimize(p);
  } // ~async_generator destroys the suspended frame: ~resource runs
}

void BM_aclose_baseline_cppcoro_style_destroy(benchmark::State &state) {
  const long before = g_destroyed;
  for (auto _ : state)
    agen::sync_wait(cppcoro_style_destroy_each(kGenerators));
  check_destroyed(state, before);
  report_items(state, kGenerators, "ns_per_close");
}
BENCHMARK(BM_aclose_baseline_cppcoro_style_destroy);

// For scale: one throw and catch of an empty type, nothing else.
struct empty_error {};

[[gnu::noinline]] void throw_empty() { throw empty_error{}; }

void BM_reference_throw_catch(benchmark::State &state) {
  for (auto _ : state) {
    try {
      throw_empty();
    } catch (const empty_error &e) {
      benchmark::DoNotOptimize(&e);
    }
  }
  report_items(state, 1, "ns_per_throw");
}
BENCHMARK(BM_reference_throw_catch);

} // namespace
