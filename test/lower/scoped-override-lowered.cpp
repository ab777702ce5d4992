// agen::scoped_override<T> in lowered mode (SPEC §2, §4; PEP 568): the
// generator sees its own value at every resumption, the consumer sees its
// own (including what it changed meanwhile) while the generator is
// suspended, nested overrides of the same variable unwind in order, the
// accessor form behaves like the reference form, a variable the generator
// does not override shows the consumer's current value, and the consumer's
// value is back when the generator ends or is closed.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=overrides %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*mine).on_resume(); } goto agen_resume_1;
// CHECK: case 4: if (agen_cx.calls_guards_statically()) { (*mine).on_resume(); (*nested).on_resume(); } goto agen_resume_4;
// CHECK: if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*nested).on_suspend(); (*mine).on_suspend(); } agen_resume_point = 4;

// TRACE:      generator: tls=7 other=1
// TRACE-NEXT: consumer: tls=1 other=1
// TRACE-NEXT: generator: tls=7 other=2
// TRACE-NEXT: consumer: tls=2 other=2
// TRACE-NEXT: generator: tls=8 other=3
// TRACE-NEXT: consumer: tls=3 other=3
// TRACE-NEXT: generator: tls=7 other=4
// TRACE-NEXT: consumer: tls=4 other=4
// TRACE-NEXT: consumer after the end: tls=5
// TRACE-NEXT: generator: tls=7 other=5
// TRACE-NEXT: consumer: tls=5 other=5
// TRACE-NEXT: consumer after aclose: tls=6

#include "trace.hpp"
thread_local int tls = 0;
thread_local int other = 0;
void show(const char *who) { std::printf("%s: tls=%d other=%d\n", who, tls, other); }
AGEN_GENERATOR agen::async_generator<int> overrides(agen::event_loop &loop) {
  agen::scoped_override<int> mine(tls, 7);
  show("generator");
  co_yield 1;
  co_await loop.schedule();
  show("generator");
  co_yield 2;
  {
    agen::scoped_override<int> nested(+[]() -> int & { return tls; }, 8);
    show("generator");
    co_yield 3;
  }
  show("generator");
  co_yield 4;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    tls = other = 1;
    auto g = overrides(loop);
    for (int i = 1; auto r = co_await g.next(); ++i) {
      show("consumer");
      tls = other = i + 1; // changed while the generator is suspended
    }
    std::printf("consumer after the end: tls=%d\n", tls);
    auto h = overrides(loop);
    (void)co_await h.next();
    show("consumer");
    tls = 6;
    co_await h.aclose();
    std::printf("consumer after aclose: tls=%d\n", tls);
  });
}
