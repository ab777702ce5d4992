// A switch whose init-statement or condition variable is alive across a
// suspension in its body: both move into a block around the switch (resuming
// in a case must not jump past their initialization) and die after it, in
// reverse order, on every way out: break, the end, return, aclose.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=pick -fplugin-arg-agen-print-lowered=by_kind %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

/// Converts to the value a switch tests, and logs its life.
struct Choice {
  Spy life;
  int value;
  Choice(std::string name, int v) : life(std::move(name)), value(v) {}
  operator int() const { return value; }
};

// CHECK-LABEL: pick(
// CHECK: { /* switch, switch-init-and-condition-variable.cpp:[[#@LINE+3]] */ guard.construct_from(
// CHECK-SAME: choice.construct_from(
AGEN_GENERATOR agen::async_generator<int> pick(int n) {
  switch (Spy guard("init"); Choice choice{"choice", n}) {
  // CHECK: switch ((*choice)) {
  case 1:
    co_yield 10;
    break;
  case 2: {
    Spy inner("inner");
    co_yield 20;
    co_return;
  }
  default:
    co_yield choice.value;
  }
  // CHECK: } choice.reset(); guard.reset(); }
  say("after");
}

// The init-statement's variable is the value tested; a suspending condition
// after it still runs first.
// CHECK-LABEL: by_kind(
AGEN_GENERATOR agen::async_generator<int> by_kind(int n) {
  // CHECK: { /* switch, switch-init-and-condition-variable.cpp:[[#@LINE+1]] */ k.construct_from(
  switch (int k = n * 2; k) {
  // CHECK: switch ((*k)) {
  case 2:
    co_yield k;
    co_yield k + 1;
    break;
  default:
    co_yield -1;
  }
  switch (say("init expression"); int v = co_await Logged{n}) {
  case 1:
    co_yield 100 + v;
  }
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    for (int n : {1, 2, 3}) {
      auto g = pick(n);
      co_await drain(g);
    }
    auto h = pick(2); // closed with a case's local alive
    (void)co_await h.next();
    co_await h.aclose();
    say("closed");
    for (int n : {1, 2}) {
      auto g = by_kind(n);
      co_await drain(g);
    }
  });
}

// TRACE: +init
// TRACE-NEXT: +choice
// TRACE-NEXT: got 10
// TRACE-NEXT: -choice
// TRACE-NEXT: -init
// TRACE-NEXT: after
// TRACE-NEXT: end
// TRACE-NEXT: +init
// TRACE-NEXT: +choice
// TRACE-NEXT: +inner
// TRACE-NEXT: got 20
// TRACE-NEXT: -inner
// TRACE-NEXT: -choice
// TRACE-NEXT: -init
// TRACE-NEXT: end
// TRACE-NEXT: +init
// TRACE-NEXT: +choice
// TRACE-NEXT: got 3
// TRACE-NEXT: -choice
// TRACE-NEXT: -init
// TRACE-NEXT: after
// TRACE-NEXT: end
// TRACE-NEXT: +init
// TRACE-NEXT: +choice
// TRACE-NEXT: +inner
// TRACE-NEXT: -inner
// TRACE-NEXT: -choice
// TRACE-NEXT: -init
// TRACE-NEXT: closed
// TRACE-NEXT: got 2
// TRACE-NEXT: got 3
// TRACE-NEXT: init expression
// TRACE-NEXT: resume 1
// TRACE-NEXT: got 101
// TRACE-NEXT: end
// TRACE-NEXT: got -1
// TRACE-NEXT: init expression
// TRACE-NEXT: resume 2
// TRACE-NEXT: end
