// agen-context-leak stays silent where no lock can be held at the
// suspension: a lock_guard in a try block whose body may throw (the CFG has
// no edge for the throw, but the lock's scope has ended by the time the
// handler returns), a std::scoped_lock<> (it locks nothing), and a
// std::unique_lock move-constructed from one made with std::defer_lock.
// Also silent in the lowered code.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | count 0
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -Wall -Wextra -fsyntax-only %t.lowered.cpp 2>&1 | count 0

#include <agen/agen.hpp>

#include <mutex>
#include <utility>

std::mutex m;
int compute();

AGEN_GENERATOR agen::async_generator<int> thrown() {
  try {
    std::lock_guard<std::mutex> l(m);
    if (compute())
      throw 1;
  } catch (...) {
  }
  co_yield 1;
}

AGEN_GENERATOR agen::async_generator<int> nothing_locked() {
  std::scoped_lock<> none;
  std::scoped_lock also_none{};
  co_yield 1;
}

AGEN_GENERATOR agen::async_generator<int> moved_deferred() {
  std::unique_lock<std::mutex> a(m, std::defer_lock);
  std::unique_lock<std::mutex> b(std::move(a));
  co_yield 1;
  std::unique_lock<std::mutex> c = std::move(b);
  co_yield 2;
}
