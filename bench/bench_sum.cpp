// Summing kItems ints, one generator per iteration: agen native mode against a
// hand-written loop and the cppcoro-style yardstick (SPEC §9), and lowered
// mode against native mode on the same source (same_source/generators.cpp,
// compiled as written and through agen-rewrite). asio's coro is in
// bench_sum_asio.cpp. All consumers are agen::task<long> driven by
// agen::sync_wait, so the consumer side is identical for both generators.
#include "common.hpp"
#include "cppcoro_style.hpp"
#include "same_source/generators.hpp"

#include <agen/agen.hpp>

#include <benchmark/benchmark.h>

namespace {

using agen_bench::expected_sum;
using agen_bench::kItems;
using agen_bench::report_items;

// ---- agen, native mode (the promise in detail/native_promise.hpp) ----------

agen::async_generator<int> native_ints(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

agen::task<long> native_sum(int n) {
  auto g = native_ints(n);
  long sum = 0;
  while (auto r = co_await g.next())
    sum += *r;
  co_return sum;
}

void BM_sum_native(benchmark::State &state) {
  for (auto _ : state) {
    long sum = agen::sync_wait(native_sum(kItems));
    benchmark::DoNotOptimize(sum);
    if (sum != expected_sum(kItems)) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  report_items(state, kItems);
}
BENCHMARK(BM_sum_native);

// ---- lowered vs native, the same source -------------------------------------
// same_source/generators.cpp's ints() is native_ints() above, annotated
// AGEN_GENERATOR, in a translation unit of its own: agen_bench_native::ints is
// that file compiled as written, agen_bench_lowered::ints is agen-rewrite's
// output for it. Same consumer as BM_sum_native.

using int_factory = agen::async_generator<int> (*)(int);

template <int_factory Make> agen::task<long> sum_of(int n) {
  auto g = Make(n);
  long sum = 0;
  while (auto r = co_await g.next())
    sum += *r;
  co_return sum;
}

template <int_factory Make> void sum_benchmark(benchmark::State &state) {
  for (auto _ : state) {
    long sum = agen::sync_wait(sum_of<Make>(kItems));
    benchmark::DoNotOptimize(sum);
    if (sum != expected_sum(kItems)) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  report_items(state, kItems);
}

void BM_sum_lowered(benchmark::State &state) {
  sum_benchmark<&agen_bench_lowered::ints>(state);
}
BENCHMARK(BM_sum_lowered);

void BM_sum_native_same_source(benchmark::State &state) {
  sum_benchmark<&agen_bench_native::ints>(state);
}
BENCHMARK(BM_sum_native_same_source);

// ---- cppcoro-style yardstick ------------------------------------------------

agen_bench::cppcoro_style::async_generator<int> cppcoro_style_ints(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

agen::task<long> cppcoro_style_sum(int n) {
  auto g = cppcoro_style_ints(n);
  long sum = 0;
  while (int *p = co_await g.next())
    sum += *p;
  co_return sum;
}

void BM_sum_cppcoro_style(benchmark::State &state) {
  for (auto _ : state) {
    long sum = agen::sync_wait(cppcoro_style_sum(kItems));
    benchmark::DoNotOptimize(sum);
    if (sum != expected_sum(kItems)) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  report_items(state, kItems);
}
BENCHMARK(BM_sum_cppcoro_style);

// The same yardstick with its frame on the heap. Clang's coroutine elision
// (HALO) puts the frame above into the consumer's frame and turns the resumes
// into direct calls, because the generator is created, used and destroyed in
// one function that sees its whole definition. A generator defined in another
// translation unit (or any agen generator: its handle escapes into the control
// block) does not get that; noinline reproduces it here.
[[gnu::noinline]] agen_bench::cppcoro_style::async_generator<int>
cppcoro_style_ints_heap(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

agen::task<long> cppcoro_style_heap_sum(int n) {
  auto g = cppcoro_style_ints_heap(n);
  long sum = 0;
  while (int *p = co_await g.next())
    sum += *p;
  co_return sum;
}

void BM_sum_cppcoro_style_heap(benchmark::State &state) {
  for (auto _ : state) {
    long sum = agen::sync_wait(cppcoro_style_heap_sum(kItems));
    benchmark::DoNotOptimize(sum);
    if (sum != expected_sum(kItems)) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  report_items(state, kItems);
}
BENCHMARK(BM_sum_cppcoro_style_heap);

// ---- hand-written loop ------------------------------------------------------

// DoNotOptimize on every value keeps the compiler from folding the sum into a
// closed form or vectorising it: one add per item, as the generators do. (Clang
// satisfies DoNotOptimize's "+r,m" with a stack slot, so each value is stored
// and reloaded.) The running sum stays in a register: only a copy escapes, so
// the loop is not serialised on a store-to-load chain through `sum`.
void BM_sum_loop(benchmark::State &state) {
  for (auto _ : state) {
    long sum = 0;
    for (int i = 0; i < kItems; ++i) {
      int v = i;
      benchmark::DoNotOptimize(v);
      sum += v;
    }
    long result = sum;
    benchmark::DoNotOptimize(result);
    if (result != expected_sum(kItems)) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  report_items(state, kItems);
}
BENCHMARK(BM_sum_loop);

} // namespace
