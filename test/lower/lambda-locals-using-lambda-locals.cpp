// Lambda-typed locals whose lambdas use other lambda-typed locals, all alive
// across suspensions. A closure's factory must see the slots of the closures
// it captures, so the frame stacks one factory class per level over the
// class holding the closures of the level below.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=layered %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: struct agen_lambdas : agen_state {
// CHECK: auto agen_make_sq()
// CHECK: struct agen_closures_1 : agen_lambdas {
// CHECK: agen::detail::slot<decltype(std::declval<agen_lambdas &>().agen_make_sq())> sq;
// CHECK: struct agen_lambdas_2 : agen_closures_1 {
// CHECK: auto agen_make_twice() { return [&, &sq = (*sq)]
// CHECK: struct agen_closures_2 : agen_lambdas_2 {
// CHECK: agen::detail::slot<decltype(std::declval<agen_lambdas_2 &>().agen_make_twice())> twice;
// CHECK: struct agen_lambdas_3 : agen_closures_2 {
// CHECK: auto agen_make_both() { return [twice = (*twice), &sq = (*sq)]
// CHECK: struct agen_frame : agen_lambdas_3 {
// CHECK: agen::detail::slot<decltype(std::declval<agen_lambdas_3 &>().agen_make_both())> both;
// CHECK: ~agen_frame() { agen_unwind(); }

// TRACE: got 18
// TRACE-NEXT: got 4
// TRACE-NEXT: got 17
// TRACE-NEXT: end

#include "trace.hpp"

AGEN_GENERATOR agen::async_generator<int> layered() {
  auto sq = [](int x) { return x * x; };
  auto twice = [&](int x) { return sq(x) * 2; };
  auto both = [twice, &sq](int x) { return twice(x) + sq(x - 2); };
  co_yield twice(3);
  co_yield sq(2);
  co_yield both(3) - 2;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = layered();
    co_await drain(g);
  });
}
