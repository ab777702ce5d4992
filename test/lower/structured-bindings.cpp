// Structured bindings alive across suspensions: the decomposed object lives
// in the frame and each binding is spelled through it (member, element, or
// get<I> for tuple-likes), including a range-for over a map.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=bindings %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::slot<std::pair<int, int>> agen_bindings; // [a, b],
// CHECK: agen::detail::slot<P> agen_bindings_2; // [x, s],
// CHECK: agen::detail::slot<std::tuple<int, std::string> &> agen_bindings_4; // [n, name],
// CHECK: (get<0>((*agen_bindings))) + (get<1>((*agen_bindings)))
// CHECK: ((*agen_bindings_2).x)
// TRACE: got 3
// TRACE-NEXT: +p
// TRACE-NEXT: got 3
// TRACE: got 70
// TRACE: -p
// TRACE-NEXT: end

#include "trace.hpp"
#include <array>
#include <map>
#include <tuple>
struct P { int x; Spy s; };
AGEN_GENERATOR agen::async_generator<int> bindings() {
  auto [a, b] = std::pair<int, int>{1, 2};
  co_yield a + b;
  auto &&[x, s] = P{3, Spy{"p"}};
  co_yield x;
  say(s.name);
  std::array<int, 2> arr{5, 6};
  auto &[u, v] = arr;
  co_yield u * 10 + v;
  std::tuple<int, std::string> t{7, "seven"};
  auto &[n, name] = t;
  co_yield n;
  say(name);
  n = 70;
  co_yield std::get<0>(t);
  std::map<int, std::string> m{{1, "one"}, {2, "two"}};
  for (const auto &[k, val] : m) { say(val); co_yield k; }
}
int main() {
  run([](agen::event_loop &) -> agen::task<void> { auto g = bindings(); co_await drain(g); });
}
