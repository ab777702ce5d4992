// The same sum through a frame lowered by hand the way agen-rewrite will
// lower `for (int i = 0; i < n; ++i) co_yield i;`, hosted by the runtime
// (detail/lowered_host.hpp): an early measure of the lowered-mode host, same
// consumer as BM_sum_native. Not the rewriter's output: BM_sum_lowered
// (bench_sum.cpp) measures that.
#include "common.hpp"

#include <agen/agen.hpp>
#include <agen/detail/lowered_host.hpp>

#include <benchmark/benchmark.h>

namespace {

using agen::detail::lowered_control;
using agen_bench::expected_sum;
using agen_bench::kItems;
using agen_bench::report_items;

struct ints_frame {
  int n;
  int i = 0;
  int resume_point = 0;

  std::coroutine_handle<> agen_step(lowered_control<int, void> &cx) {
    switch (resume_point) {
    case 0:
      break;
    case 1:
      goto after_yield;
    default:
      return {};
    }
    for (i = 0; i < n; ++i) {
      resume_point = 1;
      return cx.yield_value(&i);
    after_yield:
      if (cx.closing()) [[unlikely]]
        return {};        // close: nothing live to destroy
      cx.raise_pending(); // athrow
    }
    resume_point = -1;
    return {};
  }

  void agen_unwind() noexcept {} // no hoisted locals with destructors
};

agen::async_generator<int> hand_lowered_ints(int n) {
  return agen::detail::host<int, void>(agen::detail::lowered<ints_frame>{}, n);
}

agen::task<long> hand_lowered_sum(int n) {
  auto g = hand_lowered_ints(n);
  long sum = 0;
  while (auto r = co_await g.next())
    sum += *r;
  co_return sum;
}

void BM_sum_hand_lowered(benchmark::State &state) {
  for (auto _ : state) {
    long sum = agen::sync_wait(hand_lowered_sum(kItems));
    benchmark::DoNotOptimize(sum);
    if (sum != expected_sum(kItems)) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  report_items(state, kItems);
}
BENCHMARK(BM_sum_hand_lowered);

} // namespace
