// Two co_yields (and two co_awaits) in one expression: each sent value (each
// awaited value) is taken when its suspension resumes, before the next one
// suspends, as native mode does; the statement reads the saved value.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=sends %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen_early_[[A:[0-9]+]].construct_from([&]() -> int { return ((agen_cx.take_sent()) * 100); });
// CHECK: s.construct_from([&]() -> int { return static_cast<int>(*agen_early_[[A]]) + (agen_cx.take_sent()); });
// CHECK: static_cast<void>(agen_await_3.resume());
// CHECK: int t = (void(), agen_await_4.resume()); agen_await_4.destroy(); agen_await_3.destroy();

// TRACE:      got 10
// TRACE-NEXT: got 20
// TRACE-NEXT: s 708
// TRACE-NEXT: resume 2
// TRACE-NEXT: resume 3
// TRACE-NEXT: t 3
// TRACE-NEXT: end

#include "trace.hpp"

AGEN_GENERATOR agen::async_generator<int, int> sends() {
  int s = (co_yield 10) * 100 + (co_yield 20);
  say("s " + std::to_string(s));
  int t = (co_await Logged{2}, co_await Logged{3});
  say("t " + std::to_string(t));
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = sends();
    auto r = co_await g.next();
    say("got " + std::to_string(*r));
    r = co_await g.asend(7);
    say("got " + std::to_string(*r));
    r = co_await g.asend(8);
    say(r ? "more" : "end");
  });
}
