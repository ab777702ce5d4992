// A case's block with a local alive across a suspension: the local dies at
// the block's end, also when the block falls through to the next case
// (`[[fallthrough]];` stays the block's last statement, after the cleanup),
// breaks out, or is closed.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=cases %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

// CHECK-LABEL: cases(
AGEN_GENERATOR agen::async_generator<int> cases(int k) {
  switch (k) {
  case 0: {
    Spy first("first");
    co_yield 1;
    // CHECK: /* end of scope */ first.reset(); {{\[\[fallthrough\]\]}}; }
    [[fallthrough]];
  }
  case 1: {
    Spy second("second");
    co_yield 2;
    std::string ordinary = "ordinary"; // not alive across a suspension
    say(ordinary);
    // CHECK: /* end of scope */ second.reset(); {{\[\[fallthrough\]\]}}; }
    [[fallthrough]];
  }
  default: {
    Spy last("last");
    co_yield 3;
    break;
  }
  }
  say("after");
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = cases(0);
    co_await drain(g);
    auto h = cases(1); // closed in the second case
    (void)co_await h.next();
    co_await h.aclose();
    say("closed");
  });
}

// TRACE: +first
// TRACE-NEXT: got 1
// TRACE-NEXT: -first
// TRACE-NEXT: +second
// TRACE-NEXT: got 2
// TRACE-NEXT: ordinary
// TRACE-NEXT: -second
// TRACE-NEXT: +last
// TRACE-NEXT: got 3
// TRACE-NEXT: -last
// TRACE-NEXT: after
// TRACE-NEXT: end
// TRACE-NEXT: +second
// TRACE-NEXT: -second
// TRACE-NEXT: closed
