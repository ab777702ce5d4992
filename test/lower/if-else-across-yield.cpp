// if/else around suspensions: branches keep their structure; a condition
// variable or init-statement that lives across a yield moves into a block
// around the if; a condition that suspends is evaluated before it.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=ifs %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::slot<Spy> t; // t,
// CHECK: agen::detail::slot<Box> b; // b,
// CHECK: agen::detail::slot<Spy> s; // s,
// CHECK: bool agen_cond_0 = false;
// CHECK: if (n > 0) {
// CHECK: { /* if, if-else-across-yield.cpp:{{[0-9]+}} */ b.construct_from([&]() -> Box { return Box{n}; });
// CHECK: if ((*b))
// CHECK: agen_cond_0 = static_cast<bool>(
// TRACE: +else
// TRACE: got 2
// TRACE: got -1
// TRACE: got 100
// TRACE: -init

#include "trace.hpp"
struct Box { int v; explicit operator bool() const { return v != 0; } };
AGEN_GENERATOR agen::async_generator<int> ifs(agen::event_loop &loop, int n) {
  if (n > 0) { Spy t{"then"}; co_yield 1; } else { Spy e{"else"}; co_yield 2; }
  if (auto b = Box{n}) { co_yield b.v * 10; } else co_yield -1;
  if (Spy s{"init"}; n > 1) { co_yield 100; }
  if (n == 2) co_yield 5; else if (n == 3) co_yield 6;
  if (co_await loop.schedule(), n > 0) co_yield 7;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    for (int n = 0; n < 4; ++n) { auto g = ifs(loop, n); co_await drain(g); }
  });
}
