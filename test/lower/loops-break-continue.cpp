// for/while/do/switch around suspensions, with break and continue leaving
// scopes whose locals live in the frame: they reset after the ordinary
// locals on the way have died.
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

// CHECK: agen::detail::slot<int> i; // i,
// CHECK: for (; (*i) < n; ++(*i))
// CHECK: goto agen_continue_1;
// CHECK: goto agen_break_1;
// CHECK: agen_continue_1:; t.reset(); s.reset(); }
// CHECK: agen_break_1:; t.reset(); s.reset(); } i.reset(); }
// CHECK: do {
// CHECK: switch (n) {
// TRACE: +s1
// TRACE-NEXT: -s1
// TRACE: got 3
// TRACE-NEXT: -s3
// TRACE: +x
// TRACE-NEXT: -x
// TRACE-NEXT: -w

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> loops(agen::event_loop &loop, int n) {
  for (int i = 0; i < n; ++i) {
    Spy s{"s" + std::to_string(i)};
    if (i == 1) continue;
    co_yield i;
    if (i == 3) break;
    Spy t{"t"};
    co_await loop.schedule();
  }
  int j = 0;
  while (j < 3) {
    Spy w{"w"};
    co_yield 10 + j;
    ++j;
    if (j == 2) { Spy x{"x"}; continue; }
  }
  do {
    Spy d{"d"};
    co_yield 20 + j;
    --j;
    if (j == 1) break;
  } while (j > 0);
  switch (n) {
  case 1: { Spy c{"c1"}; co_yield 31; break; }
  case 5: co_yield 35; [[fallthrough]];
  default: { Spy c{"cd"}; co_yield 39; if (n == 5) break; co_yield 40; }
  }
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = loops(loop, 5); co_await drain(g);
    auto h = loops(loop, 1); co_await drain(h);
  });
}
