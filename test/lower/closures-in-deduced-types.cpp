// Locals whose deduced type has closure types inside it (class template
// arguments deduced from lambdas: the checklist's `ContextGuard cg{on_suspend,
// on_resume}` written as a class template; `auto p = std::pair(lambda, 1)`)
// that live across a suspension: like a lambda-typed local, a member
// function of the frame's base makes the object, which names its type for
// the slot. A guard made that way is still called at every suspension.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -I%S/Inputs
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// The plugin lowers with the same core: same CHECK lines, same trace.
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=guarded %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: guarded(
// CHECK: auto agen_make_cg() { return ContextGuard{[&, &name = (*name)] { say("S " + name); }, [&, &name = (*name)] { say("R " + name); }}; }
// CHECK: auto agen_make_p() { return std::pair([base = base] { return base + 1; }, 2); }
// CHECK: agen::detail::slot<decltype(std::declval<agen_lambdas &>().agen_make_cg())> cg;
// CHECK: agen::detail::static_guard(cg.construct_from([&] { return agen_make_cg(); }));
// TRACE: S guard
// TRACE-NEXT: got 42
// TRACE-NEXT: R guard
// TRACE-NEXT: S guard
// TRACE-NEXT: got 43
// TRACE-NEXT: R guard
// TRACE-NEXT: end

#include "trace.hpp"

#include <string>
#include <utility>

/// A guard over two callables, deduced from the lambdas it is built from.
template <class Suspend, class Resume>
struct ContextGuard final : agen::context_guard {
  Suspend suspend;
  Resume resume;
  ContextGuard(Suspend s, Resume r) : suspend(s), resume(r) {}
  void on_suspend() noexcept override { suspend(); }
  void on_resume() noexcept override { resume(); }
};

AGEN_GENERATOR agen::async_generator<int> guarded(int base) {
  std::string name = "guard";
  ContextGuard cg{[&] { say("S " + name); }, [&] { say("R " + name); }};
  auto p = std::pair([base] { return base + 1; }, 2);
  co_yield p.first() + 1;
  co_yield p.first() + p.second;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = guarded(40);
    co_await drain(g);
  });
}
