// A for loop whose condition or increment suspends, a do-while whose
// condition suspends, and a while whose condition variable's initializer
// suspends (the body does not, so the variable is not hoisted): the loop becomes `for (;;)` with the test (and the
// increment) written out where native mode evaluates them, and `continue`
// jumps to a label before them instead of skipping them.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=relay -fplugin-arg-agen-print-lowered=counted -fplugin-arg-agen-print-lowered=polled -fplugin-arg-agen-print-lowered=summed %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: relay(
// CHECK: /* for, suspending-loop-conditions.cpp:{{[0-9]+}} */
// CHECK: for (;;) {
// CHECK: if (!agen_cond_{{[0-9]+}}) break;
// CHECK-LABEL: counted(
// CHECK: goto agen_continue_1;
// CHECK: agen_continue_1:;
// CHECK-LABEL: polled(
// CHECK: /* do-while, suspending-loop-conditions.cpp:{{[0-9]+}} */
// CHECK-LABEL: summed(
// CHECK: /* while, suspending-loop-conditions.cpp:{{[0-9]+}} */

// TRACE: +numbers
// TRACE-NEXT: got 10
// TRACE-NEXT: got 20
// TRACE-NEXT: -numbers
// TRACE-NEXT: relay done
// TRACE-NEXT: end
// TRACE-NEXT: ask 0
// TRACE-NEXT: +each
// TRACE-NEXT: got 0
// TRACE-NEXT: -each
// TRACE-NEXT: ask 1
// TRACE-NEXT: +each
// TRACE-NEXT: -each
// TRACE-NEXT: ask 2
// TRACE-NEXT: +each
// TRACE-NEXT: got 2
// TRACE-NEXT: -each
// TRACE-NEXT: ask 3
// TRACE-NEXT: +each
// TRACE-NEXT: -each
// TRACE-NEXT: ask 4
// TRACE-NEXT: end
// TRACE-NEXT: got 0
// TRACE-NEXT: ask 1
// TRACE-NEXT: ask 2
// TRACE-NEXT: got 2
// TRACE-NEXT: ask 3
// TRACE-NEXT: got 3
// TRACE-NEXT: ask 4
// TRACE-NEXT: end
// TRACE-NEXT: ask 3
// TRACE-NEXT: ask 2
// TRACE-NEXT: ask 1
// TRACE-NEXT: ask 0
// TRACE-NEXT: got 6
// TRACE-NEXT: end
// TRACE-NEXT: +numbers
// TRACE-NEXT: closed
// TRACE-NEXT: -numbers

#include "trace.hpp"

/// Suspends (and resumes at once) with a value, saying when it is asked.
struct answer {
  int value;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) const noexcept { return false; }
  int await_resume() const noexcept { return value; }
};
inline answer ask(int value) {
  say("ask " + std::to_string(value));
  return {value};
}

AGEN_GENERATOR agen::async_generator<int> numbers(int n) {
  Spy s{"numbers"};
  for (int i = 1; i <= n; ++i)
    co_yield i;
}

/// Delegates to another generator: the usual consumer loop, in a generator.
AGEN_GENERATOR agen::async_generator<int> relay(int n) {
  auto inner = numbers(n);
  for (auto r = co_await inner.next(); r; r = co_await inner.next())
    co_yield *r * 10;
  say("relay done");
}

AGEN_GENERATOR agen::async_generator<int> counted(int n) {
  for (int i = 0; co_await ask(i) < n; ++i) {
    Spy each{"each"};
    if (i % 2 == 1)
      continue; // must still run ++i and the test
    co_yield i;
  }
}

AGEN_GENERATOR agen::async_generator<int> polled(int n) {
  int i = 0;
  do {
    if (i == 1) {
      ++i;
      continue; // goes to the test
    }
    co_yield i++;
  } while (co_await ask(i) < n);
}

AGEN_GENERATOR agen::async_generator<int> summed(int n) {
  int sum = 0;
  while (int r = co_await ask(n--))
    sum += r;
  co_yield sum;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto a = relay(2);
    co_await drain(a);
    auto b = counted(4);
    co_await drain(b);
    auto c = polled(4);
    co_await drain(c);
    auto e = summed(3);
    co_await drain(e);
    auto d = relay(3); // closed early: the inner generator is destroyed
    (void)co_await d.next();
    co_await d.aclose();
    say("closed");
  });
}
