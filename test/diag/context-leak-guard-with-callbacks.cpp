// agen-context-leak is silent for a context modifier that has on_suspend()
// and on_resume(): agen calls them around every suspension (SPEC §4), so
// nothing leaks. Marked classes with their own callbacks, classes derived
// from agen::context_guard, and a lock type with callbacks that unlock and
// relock it.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | count 0
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | count 0

#include <agen/agen.hpp>

#include <cfenv>
#include <mutex>

class AGEN_CONTEXT_MODIFIER RoundingGuard {
public:
  explicit RoundingGuard(int mode) : saved_(fegetround()), mode_(mode) {
    fesetround(mode_);
  }
  ~RoundingGuard() { fesetround(saved_); }
  void on_suspend() noexcept { fesetround(saved_); }
  void on_resume() noexcept { fesetround(mode_); }

private:
  int saved_;
  int mode_;
};

class AGEN_CONTEXT_MODIFIER Span : public agen::context_guard {
public:
  void on_suspend() noexcept override {}
  void on_resume() noexcept override {}
};

class RelockingGuard : public std::unique_lock<std::mutex> {
public:
  using unique_lock::unique_lock;
  void on_suspend() noexcept { unlock(); }
  void on_resume() noexcept { lock(); }
};

std::mutex m;

AGEN_GENERATOR agen::async_generator<int> guarded() {
  RoundingGuard up(FE_UPWARD);
  Span s;
  RelockingGuard lk(m);
  co_yield 1;
  co_await std::suspend_always{};
}
