/// \file
/// Shared settings of the agen-bench benchmarks.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

namespace agen_bench {

/// Items summed per benchmark iteration (one generator per iteration), large
/// enough that creating the generator, the consumer task and sync_wait (or the
/// io_context round) is noise in the per-item time.
inline constexpr int kItems = 1 << 16;

inline long expected_sum(int n) noexcept {
  return static_cast<long>(n) * (n - 1) / 2;
}

/// items/s (SetItemsProcessed) plus a time-per-item counter, `ns_per_item` by
/// default (or e.g. ns_per_close): the inverse rate, printed by the console
/// reporter as "24.9ns". Note that it is stored in seconds, as Google Benchmark
/// stores every inverted rate: the JSON value is 2.49e-08 for 24.9 ns.
inline void report_items(benchmark::State &state, std::int64_t per_iteration,
                         const char *counter = "ns_per_item") {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          per_iteration);
  state.counters[counter] =
      benchmark::Counter(static_cast<double>(per_iteration),
                         benchmark::Counter::kIsIterationInvariantRate |
                             benchmark::Counter::kInvert);
}

} // namespace agen_bench
