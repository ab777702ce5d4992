// Context guards and references (SPEC §4): a reference to a guard is not a
// guard of its own (the guard it names is called once per suspension, not
// once per name), while a temporary guard whose life a local reference
// extends is a guard for as long as the reference lives (const or not: the
// lowered frame holds a non-const object, as native mode's registry calls
// it through a non-const pointer).
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=references %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*g).on_resume(); const_cast<Probe &>(*extended).on_resume(); (*rvalue).on_resume(); } goto agen_resume_1;
// CHECK: if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*rvalue).on_suspend(); const_cast<Probe &>(*extended).on_suspend(); (*g).on_suspend(); } agen_resume_point = 1;

// TRACE:      +g
// TRACE-NEXT: +extended
// TRACE-NEXT: +rvalue
// TRACE-NEXT: S rvalue
// TRACE-NEXT: S extended
// TRACE-NEXT: S g
// TRACE-NEXT: got 1
// TRACE-NEXT: R g
// TRACE-NEXT: R extended
// TRACE-NEXT: R rvalue
// TRACE-NEXT: -rvalue
// TRACE-NEXT: -extended
// TRACE-NEXT: -g
// TRACE-NEXT: end
// TRACE-NOT: ERROR

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> references() {
  Probe g{"g"};
  Probe &alias = g;
  auto &&forwarded = g;
  const Probe &extended = Probe{"extended"};
  Probe &&rvalue = Probe{"rvalue"};
  co_yield 1;
  (void)alias;
  (void)forwarded;
  (void)extended;
  (void)rvalue;
}
int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = references();
    co_await drain(g);
  });
}
