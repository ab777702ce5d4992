// A modifier whose on_suspend()/on_resume() come from a private base has
// callbacks nobody outside the class can call: it is not a context guard
// (lowered code could not call them), so agen-context-leak reports it and
// the lowering calls nothing. Inherited publicly, they make it a guard.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -Wall -Wextra -fsyntax-only %t.lowered.cpp 2>&1 | count 0

#include <agen/agen.hpp>

struct Callbacks {
  void on_suspend() noexcept {}
  void on_resume() noexcept {}
};
struct AGEN_CONTEXT_MODIFIER Hidden : private Callbacks {
  ~Hidden();
};
struct AGEN_CONTEXT_MODIFIER Shown : public Callbacks {
  ~Shown();
};

AGEN_GENERATOR agen::async_generator<int> hidden() {
  Hidden h;
  co_yield 1;
// CHECK: private-callbacks.cpp:[[@LINE-1]]:3: warning: co_yield while 'Hidden' context modifier 'h' is live leaks thread context across the suspension [agen-context-leak]
// CHECK: private-callbacks.cpp:[[@LINE-3]]:10: note: 'h' changes the thread's context until the end of its scope
// CHECK: private-callbacks.cpp:[[@LINE-3]]:3: note: end the scope of 'h' before the co_yield
}

AGEN_GENERATOR agen::async_generator<int> shown() {
  Shown s;
  co_yield 1;
}
