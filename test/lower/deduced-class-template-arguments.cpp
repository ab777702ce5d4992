// Locals whose class template arguments are deduced (CTAD) and that live
// across a suspension: the frame spells the deduced specialization with
// qualified argument types, also those of an argument pack (a variadic
// class template: spelled as its canonical type).
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=deduced %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-DAG: agen::detail::slot<std::pair<int, ns::Tag>> p;
// CHECK-DAG: agen::detail::slot<std::vector<ns::Tag{{.*}}>> v;
// CHECK-DAG: agen::detail::slot<std::tuple<int, ns::Tag>> t;
// CHECK-DAG: agen::detail::slot<std::pair<int, ns::Tag> &> r;
// CHECK-DAG: agen::detail::slot<ns::Bundle<ns::Tag, std::basic_string<char{{.*}}>>> b;
// TRACE: got 1
// TRACE-NEXT: got 2
// TRACE-NEXT: got 1
// TRACE-NEXT: got 4
// TRACE-NEXT: got 5
// TRACE-NEXT: end

#include "trace.hpp"

#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ns {
struct Tag {
  int n;
};
template <class... Ts> struct Bundle {
  std::tuple<Ts...> items;
  explicit Bundle(Ts... ts) : items(std::move(ts)...) {}
};
} // namespace ns

AGEN_GENERATOR agen::async_generator<int> deduced() {
  std::pair p(1, ns::Tag{2});
  std::vector v{ns::Tag{3}};
  co_yield p.first;
  co_yield p.second.n + static_cast<int>(v.size()) - 1;
  auto &r = p; // a reference to a deduced specialization
  auto &[first, second] = p;
  co_yield r.first + first - 1;
  std::tuple t(1, ns::Tag{4});
  ns::Bundle b(ns::Tag{5}, std::string("five"));
  co_yield std::get<1>(t).n;
  co_yield std::get<0>(b.items).n + static_cast<int>(std::get<1>(b.items).size()) - 4;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = deduced();
    co_await drain(g);
  });
}
