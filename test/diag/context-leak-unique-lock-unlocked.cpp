// agen-context-leak stays silent when no lock is held at the suspension: a
// std::unique_lock unlocked (or released) on every path before it, one made
// with std::defer_lock, one moved away, a std::shared_lock unlocked in both
// branches, and locks whose scope ended. Also silent in the lowered code.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | count 0
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -Wall -Wextra -fsyntax-only %t.lowered.cpp 2>&1 | count 0

#include <agen/agen.hpp>

#include <mutex>
#include <shared_mutex>
#include <utility>

std::mutex m;
std::shared_mutex sm;
int value = 0;
void keep(std::unique_lock<std::mutex> lk);

AGEN_GENERATOR agen::async_generator<int> unlocked(bool flag) {
  std::unique_lock<std::mutex> lk(m);
  int v = value;
  lk.unlock();
  co_yield v;
  lk.lock();
  v = value;
  if (flag)
    lk.unlock();
  else
    lk.unlock();
  co_yield v;
}

AGEN_GENERATOR agen::async_generator<int> released() {
  std::unique_lock<std::mutex> lk(m);
  int v = value;
  lk.release()->unlock();
  co_yield v;
}

AGEN_GENERATOR agen::async_generator<int> deferred() {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  co_yield 1;
  {
    std::unique_lock<std::mutex> moved(m);
    keep(std::move(moved));
    co_yield 2;
  }
  {
    std::unique_lock<std::mutex> scoped(m);
    value = 3;
  }
  co_yield value;
}

AGEN_GENERATOR agen::async_generator<int> shared(bool flag) {
  std::shared_lock<std::shared_mutex> sl(sm);
  int v = value;
  if (flag) {
    sl.unlock();
    co_yield v;
  } else {
    sl.unlock();
  }
  co_yield v + 1;
}
