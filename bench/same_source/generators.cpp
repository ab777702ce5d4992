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

// BM_guards_*: ints() with context guards alive across every co_yield, so
// each item costs one on_suspend() and one on_resume() per guard. Native
// mode calls agen::scoped_override through the frame's registry (virtual
// calls); lowered mode calls it statically. plain_override has the same
// callbacks without the base class: lowered mode calls it, native mode
// cannot (its native build runs no callbacks and is not compared).
AGEN_GENERATOR agen::async_generator<int> ints_1_override(int n) {
  agen::scoped_override<int> a(agen_bench::g_context, 1);
  for (int i = 0; i < n; ++i)
    co_yield i;
}

AGEN_GENERATOR agen::async_generator<int> ints_4_overrides(int n) {
  agen::scoped_override<int> a(agen_bench::g_context, 1);
  agen::scoped_override<int> b(agen_bench::g_context, 2);
  agen::scoped_override<int> c(agen_bench::g_context, 3);
  agen::scoped_override<int> d(agen_bench::g_context, 4);
  for (int i = 0; i < n; ++i)
    co_yield i;
}

AGEN_GENERATOR agen::async_generator<int> ints_1_plain_override(int n) {
  agen_bench::plain_override a(1);
  for (int i = 0; i < n; ++i)
    co_yield i;
}

AGEN_GENERATOR agen::async_generator<int> ints_4_plain_overrides(int n) {
  agen_bench::plain_override a(1);
  agen_bench::plain_override b(2);
  agen_bench::plain_override c(3);
  agen_bench::plain_override d(4);
  for (int i = 0; i < n; ++i)
    co_yield i;
}

} // namespace AGEN_BENCH_NS
