// A for loop whose condition declares a variable, with a suspension in the
// body or the condition: the loop becomes `for (;;)` with the declaration and
// its test at the top of each iteration; the variable dies after the
// increment ([stmt.for]), after `continue`, at `break`, and at aclose.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=countdown -fplugin-arg-agen-print-lowered=awaited_condition %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

/// True while positive; logs its life.
struct Left {
  Spy life;
  int n;
  Left(int v) : life("left " + std::to_string(v)), n(v) {}
  explicit operator bool() const { return n > 0; }
};

// Named like the host's step(): the frame's own members are agen_ names, so
// the body still calls this one.
int step(int &i) {
  say("increment");
  return ++i;
}

// CHECK-LABEL: countdown(
// CHECK: { /* for, for-condition-variable-across-yield.cpp:[[#@LINE+3]] */ i.construct_from(
// CHECK-SAME: for (;;) {
AGEN_GENERATOR agen::async_generator<int> countdown(int from) {
  for (int i = 0; Left left{from - i}; step(i)) {
    // CHECK: left.construct_from(
    // CHECK: if (!((*left))) break;
    if (left.n == 2)
      continue;
    co_yield left.n;
    if (left.n == 1)
      break;
  }
  // CHECK: step((*i)); left.reset(); }
  say("after");
}

// CHECK-LABEL: awaited_condition(
AGEN_GENERATOR agen::async_generator<int> awaited_condition() {
  // CHECK: /* co_await for-condition-variable-across-yield.cpp:[[#@LINE+1]] */
  for (int i = 0; int more = co_await Logged{2 - i}; ++i)
    co_yield more;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = countdown(3);
    co_await drain(g);
    auto h = countdown(3); // closed with the condition variable alive
    (void)co_await h.next();
    co_await h.aclose();
    say("closed");
    auto a = awaited_condition();
    co_await drain(a);
  });
}

// TRACE: +left 3
// TRACE-NEXT: got 3
// TRACE-NEXT: increment
// TRACE-NEXT: -left 3
// TRACE-NEXT: +left 2
// TRACE-NEXT: increment
// TRACE-NEXT: -left 2
// TRACE-NEXT: +left 1
// TRACE-NEXT: got 1
// TRACE-NEXT: -left 1
// TRACE-NEXT: after
// TRACE-NEXT: end
// TRACE-NEXT: +left 3
// TRACE-NEXT: -left 3
// TRACE-NEXT: closed
// TRACE-NEXT: resume 2
// TRACE-NEXT: got 2
// TRACE-NEXT: resume 1
// TRACE-NEXT: got 1
// TRACE-NEXT: resume 0
// TRACE-NEXT: end
