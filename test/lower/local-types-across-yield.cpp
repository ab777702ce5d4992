// Locals of enums and aliases declared in the generator's body that live
// across a suspension: like a local class (local-class-across-yield.cpp),
// each declaration the frame's types mention moves in front of the frame,
// with what it names in turn (a struct's member of a local enum type, an
// alias of a local enum). A local type declared in a nested scope cannot move
// (its name may be reused): an error, in unsupported-constructs.cpp.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=local_types %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: local_types(
// CHECK: enum class color { red, green, blue };
// CHECK-NEXT: using pair_t = std::pair<int, color>;
// CHECK-NEXT: typedef unsigned count_t;
// CHECK-NEXT: struct point { color c; int x; };
// CHECK-NEXT: struct agen_frame {
// CHECK: agen::detail::slot<color> c;
// CHECK: agen::detail::slot<pair_t> p;
// CHECK: agen::detail::slot<count_t> n;
// CHECK: agen::detail::slot<point> pt;
// CHECK: /* moved before the frame */
// CHECK: unused_here
// TRACE: got 1
// TRACE-NEXT: got 7
// TRACE-NEXT: got 2
// TRACE-NEXT: got 5
// TRACE-NEXT: end

#include "trace.hpp"

#include <utility>

AGEN_GENERATOR agen::async_generator<int> local_types() {
  enum class color { red, green, blue };
  using pair_t = std::pair<int, color>;
  typedef unsigned count_t;
  struct point { color c; int x; };
  enum unused_here { nothing_across_a_yield };
  color c = color::green;
  pair_t p{7, color::blue};
  count_t n = 5;
  point pt{color::blue, 2};
  co_yield static_cast<int>(c);
  co_yield p.first + static_cast<int>(unused_here::nothing_across_a_yield);
  co_yield static_cast<int>(pt.c) == 2 ? pt.x : -1;
  co_yield static_cast<int>(n);
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = local_types();
    co_await drain(g);
  });
}
