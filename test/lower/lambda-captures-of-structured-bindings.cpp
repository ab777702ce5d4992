// Lambdas capturing structured bindings alive across a suspension: the
// captures become init-captures from the binding as the frame spells it, so
// a copy capture (implicit [=] or explicit [a]) keeps the value it had when
// the lambda was made, and [&b] refers to the binding itself.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=captured %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: captured()
// CHECK: [=, a = (get<0>((*agen_bindings))), b = (get<1>((*agen_bindings)))]
// CHECK: [a = (get<0>((*agen_bindings))), &b = (get<1>((*agen_bindings)))]

// TRACE: got 7
// TRACE-NEXT: got 104
// TRACE-NEXT: got 7
// TRACE-NEXT: got 104
// TRACE-NEXT: end

#include "trace.hpp"

#include <utility>

AGEN_GENERATOR agen::async_generator<int> captured() {
  auto [a, b] = std::pair<int, int>{3, 4};
  auto snapshot = [=] { return a + b; };
  auto mixed = [a, &b] { return a + b; };
  co_yield snapshot();
  a = 100;
  co_yield a + mixed() - 3;
  b = 100;
  co_yield snapshot();
  co_yield mixed() + 1;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = captured();
    co_await drain(g);
  });
}
