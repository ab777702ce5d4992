// agen-context-leak in loops and nested scopes: a lock declared in a loop
// body is live at a co_yield later in the same body, but not at one before
// its declaration (the previous iteration's lock died at the end of the
// body, and on continue/break). Only the locks whose scope encloses the
// suspension are reported.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -Wall -Wextra -fsyntax-only %t.lowered.cpp

#include <agen/agen.hpp>

#include <array>
#include <mutex>

std::mutex m1, m2;
int value = 0;

AGEN_GENERATOR agen::async_generator<int> loops(int n) {
  for (int i = 0; i < n; ++i) {
    co_yield i;
    std::lock_guard<std::mutex> g(m1);
    int v = value + i;
    co_yield v;
// CHECK: loop.cpp:[[@LINE-1]]:5: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: loop.cpp:[[@LINE-4]]:33: note: 'g' holds the lock until the end of its scope
// CHECK: loop.cpp:[[@LINE-3]]:5: note: end the scope of 'g' before the co_yield
  }
  while (n-- > 0) {
    std::lock_guard<std::mutex> g(m1);
    if (n == 3)
      continue;
    if (n == 5)
      break;
    value += n;
  }
  co_yield value;
  do {
    std::unique_lock<std::mutex> lk(m1);
    int v = value;
    if (v % 2) {
      lk.unlock();
      co_yield v;
      continue;
    }
    lk.unlock();
    co_yield -v;
  } while (value-- > 0);
  {
    std::lock_guard<std::mutex> outer(m1);
    {
      std::lock_guard<std::mutex> inner(m2);
      value = 1;
    }
    co_await std::suspend_always{};
// CHECK: loop.cpp:[[@LINE-1]]:5: warning: co_await while 'std::lock_guard<std::mutex>' lock 'outer' is held
// CHECK: loop.cpp:[[@LINE-7]]:33: note: 'outer' holds the lock until the end of its scope
// CHECK: loop.cpp:[[@LINE-3]]:5: note: end the scope of 'outer' before the co_await
  }
  const std::array<int, 3> items{1, 2, 3};
  for (int i : items) {
    std::lock_guard<std::mutex> g(m2);
    if (i == 2)
      co_yield i;
// CHECK: loop.cpp:[[@LINE-1]]:7: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held
// CHECK: loop.cpp:[[@LINE-4]]:33: note: 'g' holds the lock until the end of its scope
// CHECK: loop.cpp:[[@LINE-3]]:7: note: end the scope of 'g' before the co_yield
  }
}
