// agen-context-leak with std::lock_guard and std::scoped_lock: a co_yield or
// co_await (also one inside a condition) in the lock's scope is reported, with
// a note at the declaration and the restructuring hint at the suspension; a
// suspension after the scope has ended is not. agen-rewrite, the plugin
// (lowering and no-lower) and the clang-tidy module report the same; the
// warnings do not stop the lowering, and the lowered program runs like the
// native one.
//
// DEFINE: %{flags} = %cxxflags -I%S/../lower/Inputs
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %{flags} 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %{flags} -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %{flags} 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %{flags} -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %{flags} %s -o %t.native
// RUN: %clangxx %{flags} %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// TRACE: got 1
// TRACE-NEXT: got 2
// TRACE-NEXT: got 3
// TRACE-NEXT: got 4
// TRACE-NEXT: end

#include "trace.hpp"

#include <mutex>

std::mutex m1, m2;
int shared = 1;

AGEN_GENERATOR agen::async_generator<int> counters(agen::event_loop &loop) {
  {
    std::lock_guard<std::mutex> g(m1);
// CHECK: lock-guard.cpp:[[@LINE+7]]:5: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: lock-guard.cpp:[[@LINE-2]]:33: note: 'g' holds the lock until the end of its scope
// CHECK: lock-guard.cpp:[[@LINE+5]]:5: note: end the scope of 'g' before the co_yield: compute the value inside the scope and co_yield it after the scope
// CHECK: lock-guard.cpp:[[@LINE+5]]:10: warning: co_await while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: lock-guard.cpp:[[@LINE-5]]:33: note: 'g' holds the lock until the end of its scope
// CHECK: lock-guard.cpp:[[@LINE+3]]:10: note: end the scope of 'g' before the co_await: do the work that needs it inside the scope and co_await after the scope
// Not reported: the co_yield after the scope, the scoped_lock whose scope ends first.
    co_yield shared;
    if ((co_await loop.schedule(), shared) == 1)
      ++shared;
  }
  co_yield shared; // the lock is gone
  int next = 0;
  {
    std::scoped_lock both(m1, m2);
    next = shared + 1; // computed under the locks, yielded after them
  }
  co_yield next;
  std::scoped_lock<std::mutex, std::mutex> both(m1, m2);
// CHECK: lock-guard.cpp:[[@LINE+3]]:3: warning: co_yield while 'std::scoped_lock<std::mutex, std::mutex>' lock 'both' is held
// CHECK: lock-guard.cpp:[[@LINE-2]]:44: note: 'both' holds the lock until the end of its scope
// CHECK: lock-guard.cpp:[[@LINE+1]]:3: note: end the scope of 'both' before the co_yield
  co_yield next + 1;
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = counters(loop);
    co_await drain(g);
  });
}
