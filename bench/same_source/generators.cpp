// The benchmark generators of the lowered-vs-native comparison, ONE source
// for both modes. bench/CMakeLists.txt compiles this file as written with
// -DAGEN_BENCH_NS=agen_bench_native (native mode: C++20 coroutines), and runs
// agen-rewrite on it with -DAGEN_BENCH_NS=agen_bench_lowered, compiling the
// lowered copy (frame classes hosted by detail/lowered_host.hpp) with the same
// definition. Same bodies as bench_sum.cpp's native_ints and
// bench_aclose.cpp's generators.
#include "generators.hpp"

#include <agen/annotations.hpp>

#ifndef AGEN_BENCH_NS
#error "compile with -DAGEN_BENCH_NS=agen_bench_native or agen_bench_lowered"
#endif

namespace AGEN_BENCH_NS {

// BM_sum_*: the sum of 0..n-1.
AGEN_GENERATOR agen::async_generator<int> ints(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

// BM_aclose_*_no_handler: nothing around the co_yield can catch
// generator_exit, so lowered mode closes by destroying `r`, without a throw.
AGEN_GENERATOR agen::async_generator<int> close_no_handler() {
  agen_bench::counted_resource r;
  co_yield 1;
}

// BM_aclose_*_catch_rethrow: the catch (...) observes generator_exit, so the
// exception is required in both modes.
AGEN_GENERATOR agen::async_generator<int> close_catch_rethrow() {
  try {
    agen_bench::counted_resource r;
    co_yield 1;
  } catch (...) {
    throw;
  }
}

} // namespace AGEN_BENCH_NS
