/// \file
/// The generators that agen-bench runs in both modes from ONE source
/// (generators.cpp): compiled as written (native mode) into namespace
/// agen_bench_native, and lowered by agen-rewrite at build time into namespace
/// agen_bench_lowered (see bench/CMakeLists.txt). bench_lowered.cpp drives
/// both through the same consumers.
#pragma once

#include <agen/agen.hpp>

#include <benchmark/benchmark.h>

#include <utility>

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

/// The thread-local context the guard benchmarks' generators override.
inline thread_local int g_context = 0;

/// agen::scoped_override<int>'s callbacks (for g_context) on a type that does
/// not derive from agen::context_guard: only lowered mode calls it, statically.
class plain_override {
public:
  explicit plain_override(int value) noexcept
      : outer_(std::exchange(g_context, value)) {}
  plain_override(const plain_override &) = delete;
  plain_override &operator=(const plain_override &) = delete;
  ~plain_override() { g_context = outer_; }

  void on_suspend() noexcept { mine_ = std::exchange(g_context, outer_); }
  void on_resume() noexcept { outer_ = std::exchange(g_context, mine_); }

private:
  int outer_;
  int mine_ = 0;
};

} // namespace agen_bench

#define AGEN_BENCH_DECLARE_GENERATORS(ns)                                      \
  namespace ns {                                                               \
  agen::async_generator<int> ints(int n);                                      \
  agen::async_generator<int> close_no_handler();                               \
  agen::async_generator<int> close_catch_rethrow();                            \
  agen::async_generator<int> ints_1_override(int n);                           \
  agen::async_generator<int> ints_4_overrides(int n);                          \
  agen::async_generator<int> ints_1_plain_override(int n);                     \
  agen::async_generator<int> ints_4_plain_overrides(int n);                    \
  }

AGEN_BENCH_DECLARE_GENERATORS(agen_bench_native)
AGEN_BENCH_DECLARE_GENERATORS(agen_bench_lowered)
