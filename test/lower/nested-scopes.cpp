// Nested scopes around suspensions: locals that live across one move into the
// frame and die in reverse order on every exit (fall-through, co_return,
// aclose).
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

// CHECK: struct agen_frame {
// CHECK: agen::detail::slot<Spy> a; // a, nested-scopes.cpp:
// CHECK: agen::detail::slot<Spy> b;
// CHECK: agen::detail::slot<Spy> c;
// CHECK: agen::detail::slot<Spy> d;
// CHECK: /* end of scope */ d.reset(); c.reset(); }
// CHECK: return {}; /* co_return */
// TRACE: +f
// TRACE-NEXT: got 3
// TRACE-NEXT: -f
// TRACE-NEXT: -e
// TRACE-NEXT: -b
// TRACE-NEXT: -a
// TRACE-NEXT: end

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> nested(agen::event_loop &loop, int n) {
  Spy a{"a"};
  {
    Spy b{"b"};
    co_yield 1;
    {
      Spy c{"c"};
      co_await loop.schedule();
      Spy d{"d"};
      co_yield 2;
    }
    Spy e{"e"};
    if (n > 1) {
      Spy f{"f"};
      co_yield 3;
      co_return;
    }
    co_yield 4;
  }
  say("tail");
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = nested(loop, 2); co_await drain(g);
    auto h = nested(loop, 1); co_await drain(h);
    auto k = nested(loop, 1); (void)co_await k.next(); (void)co_await k.next(); co_await k.aclose(); say("closed");
  });
}
