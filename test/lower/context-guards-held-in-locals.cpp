// An agen::context_guard held inside a local that is not a guard itself (a
// member of its class, the value of a std::optional): native mode calls it
// (it registers with the running frame), lowered mode calls only locals that
// are guards, so a lowering would silently skip it. Alive across a suspension
// it is an error naming the local, through both front ends; a holder whose
// scope ends before the suspension, or a type that forwards the callbacks,
// is fine.
//
// RUN: not %agen-rewrite %s -o %t.out -- %cxxflags 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:
// RUN: not test -e %t.out
// RUN: not %clangxx -fplugin=%agen-plugin %cxxflags -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:

#include <agen/agen.hpp>

#include <optional>

thread_local int tls = 0;

struct holder {
  agen::scoped_override<int> o{tls, 1};
};

/// Forwards the callbacks to the guard it holds: a guard itself.
struct forwarding_holder {
  agen::scoped_override<int> o{tls, 2};
  void on_suspend() noexcept { o.on_suspend(); }
  void on_resume() noexcept { o.on_resume(); }
};

AGEN_GENERATOR agen::async_generator<int> member() {
  // CHECK: held-in-locals.cpp:[[@LINE+1]]:10: error: agen cannot lower 'h' alive across a suspension: it holds an agen::context_guard that lowered mode would not call; give its type on_suspend() and on_resume() that forward to it
  holder h;
  co_yield 1;
}

AGEN_GENERATOR agen::async_generator<int> optional() {
  // CHECK: held-in-locals.cpp:[[@LINE+1]]:45: error: agen cannot lower 'maybe' alive across a suspension: it holds an agen::context_guard
  std::optional<agen::scoped_override<int>> maybe;
  maybe.emplace(tls, 3);
  co_yield 1;
}

AGEN_GENERATOR agen::async_generator<int> fine() {
  {
    holder gone_before_the_yield;
  }
  forwarding_holder f;
  co_yield 1;
}
