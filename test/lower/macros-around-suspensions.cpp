// Macro invocations the lowering has to edit inside: the semantics
// checklist's TRY { A } FINALLY { B } written as macros (a local declared by
// one macro, a handler in another, the scope closed by a third), a
// suspension passed as a macro argument, a macro whose body yields, declares
// a local alive across a suspension, or names one. Those invocations are
// written out as the tokens they expand to and the generator is lowered from
// that text; macros that only wrap expressions over their arguments (assert)
// stay as written. Same trace as native mode.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -I%S/Inputs
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// The output is lowered already: a second rewrite leaves it as it is.
// RUN: %agen-rewrite %t.lowered.cpp -o %t.twice.cpp -- %cxxflags -I%S/Inputs
// RUN: diff %t.lowered.cpp %t.twice.cpp
// The plugin lowers with the same core: same CHECK lines, same trace.
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=finally_macros -fplugin-arg-agen-print-lowered=suspension_arguments -fplugin-arg-agen-print-lowered=macro_bodies %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

#include <cassert>
#include <exception>

#define TRY                                                                    \
  {                                                                            \
    std::exception_ptr pending_;                                               \
    try
#define FINALLY                                                                \
  catch (...) {                                                                \
    pending_ = std::current_exception();                                       \
  }
#define END_FINALLY                                                            \
  if (pending_)                                                                \
    std::rethrow_exception(pending_);                                          \
  }

// The checklist's C8: TRY { Spy b; TRY { co_yield 1; } FINALLY {..} }
// FINALLY {..}, cleanups innermost first.
// CHECK-LABEL: finally_macros()
// CHECK: agen::detail::slot<std::{{.*}}exception_ptr> pending_; // pending_, macros-around-suspensions.cpp:[[@LINE+4]]
// CHECK: agen::detail::slot<Spy> b; // b, macros-around-suspensions.cpp:[[@LINE+4]]
// CHECK: agen::detail::slot<std::{{.*}}exception_ptr> pending_{{.*}}; // pending_, macros-around-suspensions.cpp:[[@LINE+4]]
AGEN_GENERATOR agen::async_generator<int> finally_macros() {
  TRY {
    Spy b("b");
    TRY { co_yield 1; }
    FINALLY { say("f-inner"); }
    END_FINALLY
  }
  FINALLY { say("f-outer"); }
  END_FINALLY
}

#define TWICE(...) __VA_ARGS__ __VA_ARGS__
#define LOGGED(x) (say("value"), (x))

// A suspension in a macro's arguments, spelled once and expanded twice.
// CHECK-LABEL: suspension_arguments(int n)
// CHECK: /* co_yield macros-around-suspensions.cpp:[[@LINE+3]] */
// CHECK: /* co_yield macros-around-suspensions.cpp:[[@LINE+2]] */
AGEN_GENERATOR agen::async_generator<int> suspension_arguments(int n) {
  TWICE(co_yield LOGGED(n);)
// CHECK: assert((*i) < n);
  for (int i = 0; i < 2; ++i) {
    assert(i < n);
    co_yield i;
  }
}

#define YIELD_COUNT co_yield count
#define DECLARE_SPY(name) Spy name(#name)
#define BUMP ++count

// A macro body that yields, one that declares a hoisted local, one that
// names a hoisted local.
// CHECK-LABEL: macro_bodies()
// CHECK: agen::detail::slot<Spy> kept; // kept, macros-around-suspensions.cpp:[[@LINE+4]]
// CHECK: ++ (*count);
AGEN_GENERATOR agen::async_generator<int> macro_bodies() {
  int count = 0;
  DECLARE_SPY(kept);
  BUMP;
  YIELD_COUNT;
  BUMP;
  YIELD_COUNT;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    // TRACE: +b
    // TRACE-NEXT: f-inner
    // TRACE-NEXT: -b
    // TRACE-NEXT: f-outer
    // TRACE-NEXT: closed
    auto g = finally_macros();
    (void)co_await g.next();
    co_await g.aclose();
    say("closed");
    // TRACE-NEXT: value
    // TRACE-NEXT: got 3
    // TRACE-NEXT: value
    // TRACE-NEXT: got 3
    // TRACE-NEXT: got 0
    // TRACE-NEXT: got 1
    // TRACE-NEXT: end
    auto a = suspension_arguments(3);
    co_await drain(a);
    // TRACE-NEXT: +kept
    // TRACE-NEXT: got 1
    // TRACE-NEXT: got 2
    // TRACE-NEXT: -kept
    // TRACE-NEXT: end
    auto m = macro_bodies();
    co_await drain(m);
  });
}
