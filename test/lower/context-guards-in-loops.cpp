// Context guards in loops (SPEC §4): a guard in a loop body is a new guard
// each iteration, called at that iteration's suspensions only; a guard in a
// for's init-statement lives across all iterations; break and continue out
// of a guard's scope end it, so later suspensions do not call it; a while
// loop whose condition suspends calls the guards around the loop.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=loops %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*f).on_resume(); (*body).on_resume(); } goto agen_resume_1;
// CHECK-NEXT: case 2: if (agen_cx.calls_guards_statically()) { (*w).on_resume(); } goto agen_resume_2;
// CHECK-NEXT: case 3: if (agen_cx.calls_guards_statically()) { (*w).on_resume(); (*d).on_resume(); } goto agen_resume_3;
// CHECK-NEXT: case 4: if (agen_cx.calls_guards_statically()) { (*r).on_resume(); } goto agen_resume_4;
// CHECK-NEXT: case 5: goto agen_resume_5;

// TRACE:      +f
// TRACE-NEXT: +body
// TRACE-NEXT: S body
// TRACE-NEXT: S f
// TRACE-NEXT: got 0
// TRACE-NEXT: R f
// TRACE-NEXT: R body
// TRACE-NEXT: -body
// TRACE-NEXT: +body
// TRACE-NEXT: -body
// TRACE-NEXT: +body
// TRACE-NEXT: S body
// TRACE-NEXT: S f
// TRACE-NEXT: got 2
// TRACE-NEXT: R f
// TRACE-NEXT: R body
// TRACE-NEXT: -body
// TRACE-NEXT: +body
// TRACE-NEXT: -body
// TRACE-NEXT: -f
// TRACE-NEXT: +w
// TRACE-NEXT: S w
// TRACE-NEXT: R w
// TRACE-NEXT: +d
// TRACE-NEXT: S d
// TRACE-NEXT: S w
// TRACE-NEXT: got 100
// TRACE-NEXT: R w
// TRACE-NEXT: R d
// TRACE-NEXT: -d
// TRACE-NEXT: S w
// TRACE-NEXT: R w
// TRACE-NEXT: +d
// TRACE-NEXT: S d
// TRACE-NEXT: S w
// TRACE-NEXT: got 101
// TRACE-NEXT: R w
// TRACE-NEXT: R d
// TRACE-NEXT: -d
// TRACE-NEXT: S w
// TRACE-NEXT: R w
// TRACE-NEXT: -w
// TRACE-NEXT: +r
// TRACE-NEXT: S r
// TRACE-NEXT: got 7
// TRACE-NEXT: R r
// TRACE-NEXT: -r
// TRACE-NEXT: +r
// TRACE-NEXT: S r
// TRACE-NEXT: got 8
// TRACE-NEXT: R r
// TRACE-NEXT: -r
// TRACE-NEXT: got 9
// TRACE-NEXT: end
// TRACE-NOT: ERROR

#include "trace.hpp"
#include <vector>
agen::task<bool> below(agen::event_loop &loop, int n, int limit) {
  co_await loop.schedule();
  co_return n < limit;
}
AGEN_GENERATOR agen::async_generator<int> loops(agen::event_loop &loop) {
  for (Probe f{"f"};;) {
    for (int i = 0;; ++i) {
      Probe body{"body"};
      if (i == 1)
        continue;
      if (i == 3)
        break;
      co_yield i;
    }
    break;
  }
  {
    Probe w{"w"};
    int n = 0;
    while (co_await below(loop, n, 2)) {
      do {
        Probe d{"d"};
        co_yield 100 + n;
      } while (false);
      ++n;
    }
  }
  for (int v : std::vector<int>{7, 8}) {
    Probe r{"r"};
    co_yield v;
  }
  co_yield 9;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = loops(loop);
    co_await drain(g);
  });
}
