// Context guards created between suspensions (SPEC §4): a guard is called
// from the first suspension after its construction on; one whose whole life
// lies between two suspensions, or a temporary guard that dies before the
// next suspension, is never called; guards created later join in
// declaration order.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=between %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: case 1: goto agen_resume_1;
// CHECK-NEXT: case 2: if (agen_cx.calls_guards_statically()) { (*late).on_resume(); } goto agen_resume_2;
// CHECK-NEXT: case 3: if (agen_cx.calls_guards_statically()) { (*late).on_resume(); } goto agen_resume_3;
// CHECK-NEXT: case 4: if (agen_cx.calls_guards_statically()) { (*late).on_resume(); (*later).on_resume(); } goto agen_resume_4;

// TRACE:      got 1
// TRACE-NEXT: +late
// TRACE-NEXT: S late
// TRACE-NEXT: got 2
// TRACE-NEXT: R late
// TRACE-NEXT: +brief
// TRACE-NEXT: brief runs between two suspensions
// TRACE-NEXT: -brief
// TRACE-NEXT: +temporary
// TRACE-NEXT: -temporary
// TRACE-NEXT: S late
// TRACE-NEXT: got 3
// TRACE-NEXT: R late
// TRACE-NEXT: +later
// TRACE-NEXT: S later
// TRACE-NEXT: S late
// TRACE-NEXT: got 4
// TRACE-NEXT: R late
// TRACE-NEXT: R later
// TRACE-NEXT: -later
// TRACE-NEXT: -late
// TRACE-NEXT: end
// TRACE-NOT: ERROR

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> between() {
  co_yield 1;
  Probe late{"late"};
  co_yield 2;
  {
    Probe brief{"brief"};
    say("brief runs between two suspensions");
  }
  (void)Probe{"temporary"};
  co_yield 3;
  Probe later{"later"};
  co_yield 4;
}
int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = between();
    co_await drain(g);
  });
}
