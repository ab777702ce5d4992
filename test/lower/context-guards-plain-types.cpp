// Context guards by members only (SPEC §4): a local whose type has
// on_suspend() and on_resume() (here, or through a base class) but does not
// derive from agen::context_guard is a guard in lowered mode, called
// statically in the same innermost-first / outermost-first order as
// agen::context_guard subclasses and interleaved with them by scope. Native
// mode only knows guards that register with the frame (context_guard), so it
// never calls these: the native build cannot be the oracle here. Its trace is
// checked to show exactly that (only the context_guard calls), and the
// lowered and plugin builds are checked against the written-down order.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -I%S/Inputs
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: FileCheck %s --check-prefix=NATIVE --input-file=%t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.lowered.txt
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=plain %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.lowered.txt %t.plugin.txt

// The agen::context_guard (middle) is left to the registry when another
// guard the lowering does not see is registered; the plain ones never are.
// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*outer).on_resume(); (*middle).on_resume(); (*inner).on_resume(); } else { (*outer).on_resume(); (*inner).on_resume(); } goto agen_resume_1;
// CHECK: if (!agen_cx.closing()) { if (agen_cx.calls_guards_statically()) { (*inner).on_suspend(); (*middle).on_suspend(); (*outer).on_suspend(); } else { (*inner).on_suspend(); (*outer).on_suspend(); } } agen_resume_point = 1;

// TRACE:      +outer
// TRACE-NEXT: +middle
// TRACE-NEXT: +inner
// TRACE-NEXT: S inner
// TRACE-NEXT: S middle
// TRACE-NEXT: S outer
// TRACE-NEXT: got 1
// TRACE-NEXT: R outer
// TRACE-NEXT: R middle
// TRACE-NEXT: R inner
// TRACE-NEXT: S inner
// TRACE-NEXT: S middle
// TRACE-NEXT: S outer
// TRACE-NEXT: R outer
// TRACE-NEXT: R middle
// TRACE-NEXT: R inner
// TRACE-NEXT: -inner
// TRACE-NEXT: -middle
// TRACE-NEXT: S outer
// TRACE-NEXT: got 2
// TRACE-NEXT: R outer
// TRACE-NEXT: -outer
// TRACE-NEXT: end
// TRACE-NOT: ERROR

// NATIVE:      +outer
// NATIVE-NEXT: +middle
// NATIVE-NEXT: +inner
// NATIVE-NEXT: S middle
// NATIVE-NEXT: got 1
// NATIVE-NEXT: R middle
// NATIVE-NEXT: S middle
// NATIVE-NEXT: R middle
// NATIVE-NEXT: -inner
// NATIVE-NEXT: -middle
// NATIVE-NEXT: got 2
// NATIVE-NEXT: -outer
// NATIVE-NEXT: end
// NATIVE-NOT: ERROR

#include "trace.hpp"
/// Gets its callbacks from a base class that is not agen::context_guard.
struct InheritedProbe : PlainProbe {
  using PlainProbe::PlainProbe;
};
AGEN_GENERATOR agen::async_generator<int> plain(agen::event_loop &loop) {
  PlainProbe outer{"outer"};
  {
    Probe middle{"middle"};
    InheritedProbe inner{"inner"};
    co_yield 1;
    co_await loop.schedule();
  }
  co_yield 2;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = plain(loop);
    co_await drain(g);
  });
}
