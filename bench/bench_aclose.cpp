// The cost of aclose() on a generator suspended at its first co_yield, per
// generator (SPEC §9 "aclose without exceptions"), and how many exceptions
// each close raises (`throws_per_close`, counted by throw_counter.cpp, which
// interposes the unwinder's _Unwind_RaiseException). Native mode always raises
// generator_exit at the co_yield, so both shapes pay for exceptions:
//   no_handler:     no handler encloses the co_yield. Lowered mode closes this
//                   one by running the destructors directly, no throw.
//   catch_rethrow:  the co_yield is inside try { } catch (...) { throw; }, so
//                   the exception is semantically required in every mode.
// Lowered vs native on the same source: BM_aclose_lowered_* and
// BM_aclose_native_same_source_* close the generators of
// same_source/generators.cpp (the same two shapes), lowered by agen-rewrite
// and compiled as written.
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
#include "same_source/generators.hpp"
#include "throw_counter.hpp"

#include <agen/agen.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>

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

using generator_factory = agen::async_generator<int> (*)();

agen::task<void> close_each(generator_factory make, int count) {
  for (int i = 0; i < count; ++i) {
    auto g = make();
    auto r = co_await g.next();
    benchmark::DoNotOptimize(r);
    co_await g.aclose();
  }
}

agen::task<void> run_each_to_end(generator_factory make, int count) {
  for (int i = 0; i < count; ++i) {
    auto g = make();
    auto r = co_await g.next();
    benchmark::DoNotOptimize(r);
    r = co_await g.next(); // end: the body finishes normally
    benchmark::DoNotOptimize(r);
  }
}

/// Runs `run` (kGenerators generator lives) per iteration, checks that
/// `destroyed` grew by exactly one per generator, and reports ns_per_close and
/// throws_per_close.
template <class Run>
void close_benchmark(benchmark::State &state, const long &destroyed, Run run) {
  if (!agen_bench::throw_counter_works()) {
    state.SkipWithError("throw_counter.cpp's _Unwind_RaiseException "
                        "interposition is not in effect");
    return;
  }
  const long before = destroyed;
  const std::size_t throws_before = agen_bench::throw_count();
  for (auto _ : state)
    run();
  const std::size_t throws = agen_bench::throw_count() - throws_before;
  const long closes = static_cast<long>(state.iterations()) * kGenerators;
  if (destroyed - before != closes) {
    state.SkipWithError("a local's destructor did not run exactly once");
    return;
  }
  state.counters["throws_per_close"] =
      static_cast<double>(throws) / static_cast<double>(closes);
  report_items(state, kGenerators, "ns_per_close");
}

void BM_aclose_native_no_handler(benchmark::State &state) {
  close_benchmark(state, g_destroyed, [] {
    agen::sync_wait(close_each(&no_handler, kGenerators));
  });
}
BENCHMARK(BM_aclose_native_no_handler);

void BM_aclose_native_catch_rethrow(benchmark::State &state) {
  close_benchmark(state, g_destroyed, [] {
    agen::sync_wait(close_each(&catch_rethrow, kGenerators));
  });
}
BENCHMARK(BM_aclose_native_catch_rethrow);

// ---- lowered vs native, the same source -----------------------------------

void BM_aclose_lowered_no_handler(benchmark::State &state) {
  close_benchmark(state, agen_bench::g_resources_destroyed, [] {
    agen::sync_wait(
        close_each(&agen_bench_lowered::close_no_handler, kGenerators));
  });
}
BENCHMARK(BM_aclose_lowered_no_handler);

void BM_aclose_lowered_catch_rethrow(benchmark::State &state) {
  close_benchmark(state, agen_bench::g_resources_destroyed, [] {
    agen::sync_wait(
        close_each(&agen_bench_lowered::close_catch_rethrow, kGenerators));
  });
}
BENCHMARK(BM_aclose_lowered_catch_rethrow);

void BM_aclose_native_same_source_no_handler(benchmark::State &state) {
  close_benchmark(state, agen_bench::g_resources_destroyed, [] {
    agen::sync_wait(
        close_each(&agen_bench_native::close_no_handler, kGenerators));
  });
}
BENCHMARK(BM_aclose_native_same_source_no_handler);

void BM_aclose_native_same_source_catch_rethrow(benchmark::State &state) {
  close_benchmark(state, agen_bench::g_resources_destroyed, [] {
    agen::sync_wait(
        close_each(&agen_bench_native::close_catch_rethrow, kGenerators));
  });
}
BENCHMARK(BM_aclose_native_same_source_catch_rethrow);

// ---- baselines -------------------------------------------------------------

void BM_aclose_baseline_native_run_to_end(benchmark::State &state) {
  close_benchmark(state, g_destroyed, [] {
    agen::sync_wait(run_each_to_end(&no_handler, kGenerators));
  });
}
BENCHMARK(BM_aclose_baseline_native_run_to_end);

void BM_aclose_baseline_lowered_run_to_end(benchmark::State &state) {
  close_benchmark(state, agen_bench::g_resources_destroyed, [] {
    agen::sync_wait(
        run_each_to_end(&agen_bench_lowered::close_no_handler, kGenerators));
  });
}
BENCHMARK(BM_aclose_baseline_lowered_run_to_end);

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
  close_benchmark(state, g_destroyed, [] {
    agen::sync_wait(cppcoro_style_destroy_each(kGenerators));
  });
}
BENCHMARK(BM_aclose_baseline_cppcoro_style_destroy);

// For scale: one throw and catch of an empty type, nothing else.
struct empty_error {};

[[gnu::noinline]] void throw_empty() { throw empty_error{}; }

void BM_reference_throw_catch(benchmark::State &state) {
  const std::size_t throws_before = agen_bench::throw_count();
  for (auto _ : state) {
    try {
      throw_empty();
    } catch (const empty_error &e) {
      benchmark::DoNotOptimize(&e);
    }
  }
  // 1 if throw_counter.cpp counts what it should.
  state.counters["throws_per_iteration"] =
      static_cast<double>(agen_bench::throw_count() - throws_before) /
      static_cast<double>(state.iterations());
  report_items(state, 1, "ns_per_throw");
}
BENCHMARK(BM_reference_throw_catch);

} // namespace
