// Context guards in nested scopes (SPEC §4): at each suspension on_suspend()
// runs on the guards alive there, innermost first, and on_resume() outermost
// first; a guard in an if's init-statement counts as a scope of its own; a
// local that is not a guard is never called.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=nested %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*a).on_resume(); } goto agen_resume_1;
// CHECK-NEXT: case 2: if (agen_cx.calls_guards_statically()) { (*a).on_resume(); (*b).on_resume(); (*c).on_resume(); } goto agen_resume_2;
// CHECK-NEXT: case 3: if (agen_cx.calls_guards_statically()) { (*a).on_resume(); (*b).on_resume(); (*c).on_resume(); } goto agen_resume_3;
// CHECK-NEXT: case 4: if (agen_cx.calls_guards_statically()) { (*a).on_resume(); (*b).on_resume(); } goto agen_resume_4;
// CHECK-NEXT: case 5: if (agen_cx.calls_guards_statically()) { (*a).on_resume(); (*d).on_resume(); } goto agen_resume_5;
// CHECK-NEXT: case 6: if (agen_cx.calls_guards_statically()) { (*a).on_resume(); } goto agen_resume_6;
// CHECK: if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*c).on_suspend(); (*b).on_suspend(); (*a).on_suspend(); } agen_resume_point = 2;
// CHECK: if (!agen_await_3->await_ready()) { if (agen_cx.calls_guards_statically()) { (*c).on_suspend(); (*b).on_suspend(); (*a).on_suspend(); } agen_resume_point = 3;

// TRACE:      +a
// TRACE-NEXT: S a
// TRACE-NEXT: got 1
// TRACE-NEXT: R a
// TRACE-NEXT: +b
// TRACE-NEXT: +s
// TRACE-NEXT: +c
// TRACE-NEXT: S c
// TRACE-NEXT: S b
// TRACE-NEXT: S a
// TRACE-NEXT: got 2
// TRACE-NEXT: R a
// TRACE-NEXT: R b
// TRACE-NEXT: R c
// TRACE-NEXT: S c
// TRACE-NEXT: S b
// TRACE-NEXT: S a
// TRACE-NEXT: R a
// TRACE-NEXT: R b
// TRACE-NEXT: R c
// TRACE-NEXT: -c
// TRACE-NEXT: -s
// TRACE-NEXT: S b
// TRACE-NEXT: S a
// TRACE-NEXT: got 3
// TRACE-NEXT: R a
// TRACE-NEXT: R b
// TRACE-NEXT: -b
// TRACE-NEXT: +d
// TRACE-NEXT: S d
// TRACE-NEXT: S a
// TRACE-NEXT: got 4
// TRACE-NEXT: R a
// TRACE-NEXT: R d
// TRACE-NEXT: -d
// TRACE-NEXT: S a
// TRACE-NEXT: got 5
// TRACE-NEXT: R a
// TRACE-NEXT: -a
// TRACE-NEXT: end
// TRACE-NOT: ERROR

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> nested(agen::event_loop &loop) {
  Probe a{"a"};
  co_yield 1;
  {
    Probe b{"b"};
    {
      Spy s{"s"};
      Probe c{"c"};
      co_yield 2;
      co_await loop.schedule();
    }
    co_yield 3;
  }
  if (Probe d{"d"}; true)
    co_yield 4;
  co_yield 5;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = nested(loop);
    co_await drain(g);
  });
}
