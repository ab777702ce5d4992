// Allocations per generator and per item (SPEC §9: <= 1 per generator, 0 per
// item). Counted with the replacement operator new of alloc_counter.cpp around
// one generator's whole life inside the consumer: create, consume fully,
// destroy. The consumer task and sync_wait frames are outside the window.
//
// BM_allocs_lowered and BM_allocs_native_same_source count the generator of
// same_source/generators.cpp, lowered by agen-rewrite and as written.
//
// For agen (both modes) the expectation is asserted by report: a count other
// than exactly 1 per generator or 0 per item turns the benchmark into an error
// line that names the measured numbers. The yardstick and asio are reported
// for comparison only.
#include "alloc_counter.hpp"
#include "common.hpp"
#include "cppcoro_style.hpp"
#include "same_source/generators.hpp"

#include <agen/agen.hpp>

#include <asio/experimental/co_spawn.hpp>
#include <asio/experimental/coro.hpp>
#include <asio/io_context.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdio>
#include <exception>
#include <string>

namespace {

using agen_bench::allocation_count;
using agen_bench::deallocation_count;
using agen_bench::expected_sum;
using agen_bench::kItems;

/// What one generator's life allocated.
struct alloc_window {
  std::size_t allocs = 0;           // create + consume + destroy
  std::size_t frees = 0;            // same window
  std::size_t allocs_iterating = 0; // between creation and the end
  long sum = 0;
};

/// Accumulates windows over the benchmark's iterations and reports them.
struct alloc_totals {
  double allocs = 0, frees = 0, allocs_iterating = 0;
  bool wrong_sum = false;

  void add(const alloc_window &w, int n) {
    allocs += static_cast<double>(w.allocs);
    frees += static_cast<double>(w.frees);
    allocs_iterating += static_cast<double>(w.allocs_iterating);
    wrong_sum |= w.sum != expected_sum(n);
  }

  /// Reports the counters; with `expect_one`, anything but exactly one
  /// allocation per generator and none per item is reported as an error.
  void report(benchmark::State &state, int n, bool expect_one) const {
    const double gens = static_cast<double>(state.iterations());
    const double per_gen = allocs / gens;
    const double per_item = allocs_iterating / (gens * n);
    if (wrong_sum) {
      state.SkipWithError("wrong sum");
      return;
    }
    if (expect_one && (per_gen != 1.0 || per_item != 0.0)) {
      char msg[160];
      std::snprintf(msg, sizeof msg,
                    "EXPECTED 1 allocation per generator and 0 per item, "
                    "measured %.3f per generator, %.6f per item",
                    per_gen, per_item);
      state.SkipWithError(msg);
      return;
    }
    state.counters["allocs_per_generator"] = per_gen;
    state.counters["frees_per_generator"] = frees / gens;
    state.counters["allocs_per_item"] = per_item;
    if (expect_one)
      state.SetLabel("ok: exactly 1 allocation per generator, 0 per item");
  }
};

// Allocations while one generator made by `Make` is created and drained.
using int_factory = agen::async_generator<int> (*)(int);

template <int_factory Make> agen::task<alloc_window> counted(int n) {
  alloc_window w;
  const std::size_t a0 = allocation_count(), f0 = deallocation_count();
  std::size_t a1 = 0, a2 = 0;
  {
    auto g = Make(n);
    a1 = allocation_count();
    while (auto r = co_await g.next())
      w.sum += *r;
    a2 = allocation_count();
  }
  w.allocs = allocation_count() - a0;
  w.frees = deallocation_count() - f0;
  w.allocs_iterating = a2 - a1;
  co_return w;
}

// ---- agen native ------------------------------------------------------------

agen::async_generator<int> native_ints(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

void BM_allocs_native(benchmark::State &state) {
  alloc_totals t;
  for (auto _ : state)
    t.add(agen::sync_wait(counted<&native_ints>(kItems)), kItems);
  t.report(state, kItems, /*expect_one=*/true);
}
BENCHMARK(BM_allocs_native)->Iterations(64);

// ---- agen lowered vs native, the same source --------------------------------

void BM_allocs_lowered(benchmark::State &state) {
  alloc_totals t;
  for (auto _ : state)
    t.add(agen::sync_wait(counted<&agen_bench_lowered::ints>(kItems)), kItems);
  t.report(state, kItems, /*expect_one=*/true);
}
BENCHMARK(BM_allocs_lowered)->Iterations(64);

void BM_allocs_native_same_source(benchmark::State &state) {
  alloc_totals t;
  for (auto _ : state)
    t.add(agen::sync_wait(counted<&agen_bench_native::ints>(kItems)), kItems);
  t.report(state, kItems, /*expect_one=*/true);
}
BENCHMARK(BM_allocs_native_same_source)->Iterations(64);

// ---- cppcoro-style yardstick ------------------------------------------------

agen_bench::cppcoro_style::async_generator<int> cppcoro_style_ints(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

agen::task<alloc_window> cppcoro_style_counted(int n) {
  alloc_window w;
  const std::size_t a0 = allocation_count(), f0 = deallocation_count();
  std::size_t a1 = 0, a2 = 0;
  {
    auto g = cppcoro_style_ints(n);
    a1 = allocation_count();
    while (int *p = co_await g.next())
      w.sum += *p;
    a2 = allocation_count();
  }
  w.allocs = allocation_count() - a0;
  w.frees = deallocation_count() - f0;
  w.allocs_iterating = a2 - a1;
  co_return w;
}

void BM_allocs_cppcoro_style(benchmark::State &state) {
  alloc_totals t;
  for (auto _ : state)
    t.add(agen::sync_wait(cppcoro_style_counted(kItems)), kItems);
  t.report(state, kItems, /*expect_one=*/false);
}
BENCHMARK(BM_allocs_cppcoro_style)->Iterations(64);

// ---- asio::experimental::coro
// -------------------------------------------------

using asio_executor = asio::io_context::executor_type;

asio::experimental::coro<int, void, asio_executor> asio_ints(asio_executor,
                                                             int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

asio::experimental::coro<void, long, asio_executor>
asio_counted(asio_executor ex, int n, alloc_window &w) {
  const std::size_t a0 = allocation_count(), f0 = deallocation_count();
  std::size_t a1 = 0, a2 = 0;
  {
    auto g = asio_ints(ex, n);
    a1 = allocation_count();
    while (auto v = co_await g)
      w.sum += *v;
    a2 = allocation_count();
  }
  w.allocs = allocation_count() - a0;
  w.frees = deallocation_count() - f0;
  w.allocs_iterating = a2 - a1;
  co_return w.sum;
}

void BM_allocs_asio_coro(benchmark::State &state) {
  asio::io_context ctx;
  alloc_totals t;
  for (auto _ : state) {
    alloc_window w;
    asio::experimental::co_spawn(asio_counted(ctx.get_executor(), kItems, w),
                                 [](std::exception_ptr e, long) {
                                   if (e)
                                     std::rethrow_exception(e);
                                 });
    ctx.run();
    ctx.restart();
    t.add(w, kItems);
  }
  t.report(state, kItems, /*expect_one=*/false);
}
BENCHMARK(BM_allocs_asio_coro)->Iterations(64);

} // namespace
