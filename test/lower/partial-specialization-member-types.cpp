// Locals whose type is a member typedef of a partial specialization (the
// iterators of std::vector<bool>, a range-for over it) that live across a
// suspension: the frame spells the type the typedef denotes, not the
// partial specialization's own parameters (`type-parameter-0-0`).
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=bits %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: bits(
// CHECK-NOT: type-parameter
// CHECK: agen_step
// TRACE: got 1
// TRACE-NEXT: got 0
// TRACE-NEXT: got 1
// TRACE-NEXT: got 1
// TRACE-NEXT: end

#include "trace.hpp"

#include <vector>

AGEN_GENERATOR agen::async_generator<int> bits(std::vector<bool> v) {
  for (bool b : v)
    co_yield b ? 1 : 0;
  auto it = v.begin();
  co_yield *it ? 1 : 0;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = bits({true, false, true});
    co_await drain(g);
  });
}
