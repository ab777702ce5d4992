// Suspensions inside expressions of a function template, where the awaited
// operand's type is dependent: the awaiter slot is named through decltype of
// the operand as it reads at the frame's class scope (an inner suspension
// by the type of its value), in a range-for's range, a switch condition
// (saved in a frame member of the condition's type) and as the argument of
// a call whose callee is an unresolved name (`one<T>(loop, co_await ...)`, which
// has no side effects of its own before the suspension).
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=each %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::awaiting<decltype((fetch<T>(n)))> agen_await_1;
// CHECK: agen::detail::awaiting<decltype((one<T>(loop, n)))> agen_await_3;
// CHECK: agen::detail::awaiting<decltype((one<T>(loop, agen_await_3.resume() + 1)))> agen_await_4;
// CHECK: std::remove_cvref_t<decltype((agen_await_6.resume()))> agen_cond_0{};
// CHECK: agen_cond_0 = agen_await_6.resume(); agen_await_6.destroy();
// CHECK: switch (agen_cond_0)

#include "trace.hpp"

#include <vector>

template <class T> agen::task<std::vector<T>> fetch(T n) {
  say("fetch " + std::to_string(n));
  co_return std::vector<T>(static_cast<std::size_t>(n), n);
}

template <class T> agen::task<T> one(agen::event_loop &loop, T v) {
  co_await loop.schedule(); // suspends
  co_return v;
}

template <class T> AGEN_GENERATOR agen::async_generator<T> each(agen::event_loop &loop, T n) {
  for (T x : co_await fetch<T>(n))
    co_yield x;
  co_yield co_await one<T>(loop, co_await one<T>(loop, n) + 1);
  switch (co_await one<T>(loop, n)) {
  case 2:
    co_yield 20;
    [[fallthrough]];
  case 3:
    co_yield 30;
    break;
  default:
    co_yield -1;
  }
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = each<int>(loop, 2);
    co_await drain(g);
    auto h = each<long>(loop, 3);
    co_await drain(h);
  });
}

// TRACE: fetch 2
// TRACE-NEXT: got 2
// TRACE-NEXT: got 2
// TRACE-NEXT: got 3
// TRACE-NEXT: got 20
// TRACE-NEXT: got 30
// TRACE-NEXT: end
// TRACE-NEXT: fetch 3
// TRACE-NEXT: got 3
// TRACE-NEXT: got 3
// TRACE-NEXT: got 3
// TRACE-NEXT: got 4
// TRACE-NEXT: got 30
// TRACE-NEXT: end
