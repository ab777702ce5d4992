// agen-context-leak with std::unique_lock and std::shared_lock held at a
// suspension on some path. Held on every path, the warning gets one more
// note with a fix-it (unlock before the suspending statement, lock after it;
// clang-tidy shows and exports it, see test/tidy/export-fixes.cpp). No fix-it
// when the lock may already be unlocked (unlock() on one path, try_to_lock,
// a by-value parameter) or the statement uses the lock itself.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}

#include <agen/agen.hpp>

#include <mutex>
#include <shared_mutex>

std::mutex m;
std::shared_mutex sm;
int value = 0;

AGEN_GENERATOR agen::async_generator<int> held(bool flag) {
  std::unique_lock<std::mutex> lk(m);
  co_yield value;
// CHECK: unique-lock-held.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::unique_lock<std::mutex>' lock 'lk' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:32: note: 'lk' holds the lock until the end of its scope
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:3: note: end the scope of 'lk' before the co_yield: compute the value inside the scope and co_yield it after the scope
// CHECK: unique-lock-held.cpp:[[@LINE-4]]:3: note: unlock 'lk' for the co_yield (its operand then runs without the lock)
  if (flag)
    lk.unlock();
  co_await std::suspend_always{};
// CHECK: unique-lock-held.cpp:[[@LINE-1]]:3: warning: co_await while 'std::unique_lock<std::mutex>' lock 'lk' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: unique-lock-held.cpp:[[@LINE-10]]:32: note: 'lk' holds the lock until the end of its scope
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:3: note: end the scope of 'lk' before the co_await: do the work that needs it inside the scope and co_await after the scope
}

AGEN_GENERATOR agen::async_generator<int> tried() {
  std::unique_lock<std::mutex> lk(m, std::try_to_lock);
  co_yield 1;
// CHECK: unique-lock-held.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::unique_lock<std::mutex>' lock 'lk' is held
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:32: note: 'lk' holds the lock
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:3: note: end the scope of 'lk' before the co_yield
  lk.unlock();
  if (lk.try_lock()) {
    int v = value;
    co_yield v;
// CHECK: unique-lock-held.cpp:[[@LINE-1]]:5: warning: co_yield while 'std::unique_lock<std::mutex>' lock 'lk' is held
// CHECK: unique-lock-held.cpp:[[@LINE-10]]:32: note: 'lk' holds the lock
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:5: note: end the scope of 'lk' before the co_yield
  }
}

AGEN_GENERATOR agen::async_generator<int> reader() {
  std::shared_lock<std::shared_mutex> sl(sm);
  int v = value;
  co_yield v;
// CHECK: unique-lock-held.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::shared_lock<std::shared_mutex>' lock 'sl' is held
// CHECK: unique-lock-held.cpp:[[@LINE-4]]:39: note: 'sl' holds the lock until the end of its scope
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:3: note: end the scope of 'sl' before the co_yield
// CHECK: unique-lock-held.cpp:[[@LINE-4]]:3: note: unlock 'sl' for the co_yield (its operand then runs without the lock)
  co_yield sl.owns_lock() ? 1 : 0;
// CHECK: unique-lock-held.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::shared_lock<std::shared_mutex>' lock 'sl' is held
// CHECK: unique-lock-held.cpp:[[@LINE-9]]:39: note: 'sl' holds the lock until the end of its scope
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:3: note: end the scope of 'sl' before the co_yield
}

AGEN_GENERATOR agen::async_generator<int> handed_in(std::unique_lock<std::mutex> lk) {
  co_yield 1;
// CHECK: unique-lock-held.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::unique_lock<std::mutex>' lock 'lk' is held
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:82: note: parameter 'lk' holds the lock for the whole body
// CHECK: unique-lock-held.cpp:[[@LINE-3]]:3: note: lock inside the body, in a scope that ends before the co_yield
  lk.unlock();
  co_yield 2;
}
