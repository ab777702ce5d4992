// Context guards: the cost per suspension per guard (SPEC §4, issue 5; goal:
// lowered mode adds <= 2 ns per guard per suspension). The generators of
// same_source/generators.cpp yield kItems ints with 0, 1 or 4 guards alive
// across every co_yield, so each item costs one on_suspend() and one
// on_resume() per guard:
//   BM_guards_<mode>_0         ints(), no guard (the baseline of its mode)
//   BM_guards_<mode>_override_{1,4}
//                              agen::scoped_override<int> guards: native
//                              mode calls them through the frame's registry,
//                              lowered mode statically
//   BM_guards_lowered_plain_{1,4}
//                              the same callbacks on a type without the
//                              context_guard base (lowered mode only: native
//                              mode does not call such types)
// run.sh prints (t_4 - t_0) / 4 and t_1 - t_0 per mode and type, and their
// ratios. The consumer adds the context it sees to the sum, so a guard that
// failed to hand the consumer its context back makes the sum wrong.
#include "common.hpp"
#include "same_source/generators.hpp"

#include <agen/agen.hpp>

#include <benchmark/benchmark.h>

namespace {

using agen_bench::expected_sum;
using agen_bench::g_context;
using agen_bench::kItems;
using agen_bench::report_items;

using int_factory = agen::async_generator<int> (*)(int);

template <int_factory Make> agen::task<long> context_sum_of(int n) {
  auto g = Make(n);
  long sum = 0;
  while (auto r = co_await g.next())
    sum += *r + g_context; // the consumer's context is 0
  co_return sum;
}

template <int_factory Make> void guards_benchmark(benchmark::State &state) {
  for (auto _ : state) {
    long sum = agen::sync_wait(context_sum_of<Make>(kItems));
    benchmark::DoNotOptimize(sum);
    if (sum != expected_sum(kItems) || g_context != 0) {
      state.SkipWithError("the generator's context leaked into the consumer");
      break;
    }
  }
  report_items(state, kItems);
}

#define AGEN_GUARDS_BENCHMARK(name, factory)                                   \
  void name(benchmark::State &state) { guards_benchmark<&factory>(state); }    \
  BENCHMARK(name)

AGEN_GUARDS_BENCHMARK(BM_guards_native_0, agen_bench_native::ints);
AGEN_GUARDS_BENCHMARK(BM_guards_native_override_1,
                      agen_bench_native::ints_1_override);
AGEN_GUARDS_BENCHMARK(BM_guards_native_override_4,
                      agen_bench_native::ints_4_overrides);
AGEN_GUARDS_BENCHMARK(BM_guards_lowered_0, agen_bench_lowered::ints);
AGEN_GUARDS_BENCHMARK(BM_guards_lowered_override_1,
                      agen_bench_lowered::ints_1_override);
AGEN_GUARDS_BENCHMARK(BM_guards_lowered_override_4,
                      agen_bench_lowered::ints_4_overrides);
AGEN_GUARDS_BENCHMARK(BM_guards_lowered_plain_1,
                      agen_bench_lowered::ints_1_plain_override);
AGEN_GUARDS_BENCHMARK(BM_guards_lowered_plain_4,
                      agen_bench_lowered::ints_4_plain_overrides);

} // namespace
