/// \file
/// The generators that agen-bench runs in both modes from ONE source
/// (generators.cpp): compiled as written (native mode) into namespace
/// agen_bench_native, and lowered by agen-rewrite at build time into namespace
/// agen_bench_lowered (see bench/CMakeLists.txt). bench_lowered.cpp drives
/// both through the same consumers.
#pragma once

#include <agen/agen.hpp>

#include <benchmark/benchmark.h>

namespace agen_bench {

/// Bumped by every counted_resource destructor: the aclose benchmarks check
/// that each generator's local was destroyed exactly once.
inline long g_resources_destroyed = 0;

/// A local with a destructor that must run when a generator is closed.
struct counted_resource {
  counted_resource() noexcept { benchmark::DoNotOptimize(this); }
  ~counted_resource() {
    ++g_resources_destroyed;
    benchmark::ClobberMemory();
  }
  counted_resource(const counted_resource &) = delete;
  counted_resource &operator=(const counted_resource &) = delete;
};

} // namespace agen_bench

#define AGEN_BENCH_DECLARE_GENERATORS(ns)                                      \
  namespace ns {                                                               \
  agen::async_generator<int> ints(int n);                                      \
  agen::async_generator<int> close_no_handler();                               \
  agen::async_generator<int> close_catch_rethrow();                            \
  }

AGEN_BENCH_DECLARE_GENERATORS(agen_bench_native)
AGEN_BENCH_DECLARE_GENERATORS(agen_bench_lowered)
