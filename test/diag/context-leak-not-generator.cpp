// The context checks only look at AGEN_GENERATOR functions: a coroutine
// that is not annotated (compiled natively), and plain functions, may hold
// locks or change thread state as they like.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | count 0
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | count 0

#include <agen/agen.hpp>

#include <cfenv>
#include <mutex>

std::mutex m;

agen::async_generator<int> native_only() {
  std::lock_guard<std::mutex> g(m);
  fesetround(FE_UPWARD);
  co_yield 1;
}

int plain() {
  std::lock_guard<std::mutex> g(m);
  fesetround(FE_DOWNWARD);
  return 1;
}

AGEN_GENERATOR agen::async_generator<int> annotated() {
  auto body = [] {
    std::lock_guard<std::mutex> g(m);
    return plain();
  };
  co_yield body();
}
