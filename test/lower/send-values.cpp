// asend(): the value of a co_yield expression, in a declaration, an
// assignment and inside a larger expression.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=echo %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::lowered_control<int, int> &agen_cx
// CHECK: v.construct_from([&]() -> int { return agen_cx.take_sent(); }); agen_yield_1.destroy();
// CHECK: (*v) = agen_cx.take_sent(); agen_yield_2.destroy();
// CHECK: w.construct_from([&]() -> int { return (agen_cx.take_sent()) + 1; });
// TRACE: got 7
// TRACE-NEXT: 70
// TRACE-NEXT: got 8

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int, int> echo() {
  int v = co_yield 1;
  say("got " + std::to_string(v));
  v = co_yield v * 10;
  say("got " + std::to_string(v));
  int w = (co_yield v) + 1;
  co_yield w;
}
int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = echo();
    auto r = co_await g.next(); std::printf("%d\n", *r);
    r = co_await g.asend(7); std::printf("%d\n", *r);
    r = co_await g.asend(8); std::printf("%d\n", *r);
    r = co_await g.next(); std::printf("%d\n", *r);
    r = co_await g.next(); std::printf("end=%d\n", !r);
  });
}
