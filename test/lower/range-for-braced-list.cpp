// A range-for over a braced list whose body suspends: the list's array lives
// in the frame (a std::array of const elements) for the whole loop, its
// elements destroyed after the loop in reverse order, as native mode does.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=spies %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::slot<std::array<const int, 3>> agen_range;
// CHECK: agen::detail::slot<std::array<const Spy, 2>> agen_range_2;
// CHECK: agen_range.construct_from([&]() -> std::array<const int, 3> { return {1, 2, 3}; });

#include "trace.hpp"

AGEN_GENERATOR agen::async_generator<int> spies(agen::event_loop &loop) {
  for (int i : {1, 2, 3}) {
    co_await loop.schedule();
    co_yield i;
  }
  for (const Spy &s : {Spy{"a"}, Spy{"b"}}) {
    say("at " + s.name);
    co_yield static_cast<int>(s.name.size());
  }
  say("after");
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = spies(loop);
    co_await drain(g);
    auto h = spies(loop); // closed inside the second loop
    for (int i = 0; i < 4; ++i)
      (void)co_await h.next();
    co_await h.aclose();
    say("closed");
  });
}

// TRACE: got 1
// TRACE-NEXT: got 2
// TRACE-NEXT: got 3
// TRACE-NEXT: +a
// TRACE-NEXT: +b
// TRACE-NEXT: at a
// TRACE-NEXT: got 1
// TRACE-NEXT: at b
// TRACE-NEXT: got 1
// TRACE-NEXT: -b
// TRACE-NEXT: -a
// TRACE-NEXT: after
// TRACE-NEXT: end
// TRACE: at a
// TRACE-NEXT: -b
// TRACE-NEXT: -a
// TRACE-NEXT: closed
