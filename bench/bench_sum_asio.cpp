// Summing kItems ints with asio::experimental::coro (standalone asio 1.22): a
// coro<int> generator consumed by a coro<void, long> on an io_context, which
// co_awaits it directly (same executor: asio transfers symmetrically, no post).
//
// The io_context is created once per benchmark run, outside the timed loop;
// each iteration creates the generator and its consumer, spawns the consumer
// and runs the io_context until it finishes, like one sync_wait of agen's task.
//
// Two executor types: io_context::executor_type (asio's best case: executor
// comparison in every co_await is a pointer compare) and the default
// any_io_executor (what coro<int> means when written without arguments).
#include "common.hpp"

#include <asio/experimental/co_spawn.hpp>
#include <asio/experimental/coro.hpp>
#include <asio/io_context.hpp>

#include <benchmark/benchmark.h>

#include <exception>

namespace {

using agen_bench::expected_sum;
using agen_bench::kItems;
using agen_bench::report_items;

template <class Executor>
asio::experimental::coro<int, void, Executor> asio_ints(Executor, int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

template <class Executor>
asio::experimental::coro<void, long, Executor> asio_sum(Executor ex, int n) {
  auto g = asio_ints(ex, n);
  long sum = 0;
  while (auto v = co_await g)
    sum += *v;
  co_return sum;
}

template <class Executor> void run_asio_sum(benchmark::State &state) {
  asio::io_context ctx;
  Executor ex = ctx.get_executor();
  for (auto _ : state) {
    long sum = -1;
    asio::experimental::co_spawn(asio_sum(ex, kItems),
                                 [&sum](std::exception_ptr e, long s) {
                                   if (e)
                                     std::rethrow_exception(e);
                                   sum = s;
                                 });
    ctx.run();
    ctx.restart();
    benchmark::DoNotOptimize(sum);
    if (sum != expected_sum(kItems)) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  report_items(state, kItems);
}

void BM_sum_asio_coro(benchmark::State &state) {
  run_asio_sum<asio::io_context::executor_type>(state);
}
BENCHMARK(BM_sum_asio_coro);

void BM_sum_asio_coro_any_io_executor(benchmark::State &state) {
  run_asio_sum<asio::any_io_executor>(state);
}
BENCHMARK(BM_sum_asio_coro_any_io_executor);

} // namespace
