// The checks do not depend on the lowering: a generator that cannot be
// lowered still gets its warnings, before the lowering's error.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: not %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=CHECK,LOWER
// RUN: not test -e %t.lowered.cpp
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only} --check-prefixes=CHECK,LOWER
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}

#include <agen/agen.hpp>

#include <mutex>

std::mutex m;

AGEN_GENERATOR agen::async_generator<int> jumps(int n) {
  std::lock_guard<std::mutex> g(m);
  if (n > 0)
    goto done;
  co_yield n;
// CHECK: unlowerable.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: unlowerable.cpp:[[@LINE-5]]:31: note: 'g' holds the lock until the end of its scope
// CHECK: unlowerable.cpp:[[@LINE-3]]:3: note: end the scope of 'g' before the co_yield
// LOWER: unlowerable.cpp:[[@LINE-5]]:5: error: agen cannot lower 'goto' in an annotated generator
done:
  co_return;
}
