// Several co_awaits in one expression, each operand to the left of the next:
// what the first produces (a value, or the object a chained call returns)
// is saved across the second, while the first's awaiter (a task here) stays
// held in its slot to the end of the full-expression.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=chained %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

agen::task<int> later(agen::event_loop &loop, int v) {
  co_await loop.schedule();
  say("task " + std::to_string(v));
  co_return v;
}

struct Acc {
  int total = 0;
  Acc &add(int v) {
    total += v;
    say("add " + std::to_string(v));
    return *this;
  }
};
Acc &operator<<(Acc &a, int v) { return a.add(v); }

int pair(int a, int b) { return a * 10 + b; }

// CHECK-LABEL: chained(
AGEN_GENERATOR agen::async_generator<int> chained(agen::event_loop &loop) {
  // CHECK: agen_early_[[A:[0-9]+]].construct_from([&]() -> int { return (agen_await_1.resume()); });
  // CHECK: return static_cast<int>(*agen_early_[[A]]) + agen_await_2.resume();
  co_yield co_await later(loop, 1) + co_await later(loop, 2);
  Acc acc;
  // CHECK: agen_early_[[B:[0-9]+]].bind(((*acc) << agen_await_4.resume()));
  acc << co_await later(loop, 3) << co_await Logged{4};
  co_yield acc.total;
  acc.add(co_await Logged{5}).add(co_await later(loop, 6));
  co_yield acc.total;
  co_yield pair(co_await later(loop, 7), co_await later(loop, 8));
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = chained(loop);
    co_await drain(g);
  });
}

// TRACE: task 1
// TRACE-NEXT: task 2
// TRACE-NEXT: got 3
// TRACE-NEXT: task 3
// TRACE-NEXT: add 3
// TRACE-NEXT: resume 4
// TRACE-NEXT: add 4
// TRACE-NEXT: got 7
// TRACE-NEXT: resume 5
// TRACE-NEXT: add 5
// TRACE-NEXT: task 6
// TRACE-NEXT: add 6
// TRACE-NEXT: got 18
// TRACE-NEXT: task 7
// TRACE-NEXT: task 8
// TRACE-NEXT: got 78
// TRACE-NEXT: end
