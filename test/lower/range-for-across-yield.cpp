// Range-for around suspensions: the range (a temporary here), its iterators
// and the loop variable live in the frame; the loop is written out as the
// standard defines it, so resuming can jump into its body.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=rf %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::slot<std::vector<int{{.*}}> &> agen_range; // range-for state
// CHECK: agen::detail::slot<std::vector<std::string>> agen_range_2; // range-for state
// CHECK: { /* for (... : ...), range-for-across-yield.cpp:{{[0-9]+}} */
// CHECK: .construct_from([&]() -> std::vector<std::string> { return make(); });
// CHECK: for (; (*agen_begin{{(_[0-9]+)?}}) != (*agen_end{{(_[0-9]+)?}}); ++(*agen_begin{{(_[0-9]+)?}}))
// CHECK: agen_range_6.reset(); init.reset(); }
// TRACE: make
// TRACE-NEXT: +x
// TRACE-NEXT: got 1
// TRACE-NEXT: -x

#include "trace.hpp"
#include <vector>
#include <map>
std::vector<std::string> make() { say("make"); return {"x", "y", "z"}; }
AGEN_GENERATOR agen::async_generator<int> rf(agen::event_loop &loop, std::vector<int> v) {
  for (int x : v) { co_yield x; }
  for (const auto &s : make()) { Spy sp{s}; co_await loop.schedule(); co_yield (int)s.size(); if (s == "y") continue; }
  std::map<int, std::string> m{{1, "one"}, {2, "two"}};
  for (auto &kv : m) { say(kv.second); co_yield kv.first; }
  for (auto &x : v) { x *= 2; if (x > 4) break; co_yield x; }
  for (int x : v) co_yield x;
  // The init-statement's object dies with the loop.
  for (Spy init{"init"}; int x : v) co_yield x;
  say("after the init-statement's loop");
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = rf(loop, {1, 2, 3}); co_await drain(g);
  });
}
