// Integral and enum constants (`const int n = 4;`, constexpr) that live
// across a suspension: the frame holds them like any local, and each read of
// the value that is not an odr-use is written out as the value, since such a
// read may be a constant expression (an array bound, a template argument,
// static_assert, if constexpr) or sit in a lambda that does not capture the
// constant, where the frame's slot cannot serve. Uses that need the object
// (a reference bound to it) still go through the slot.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=constants %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: constants(
// CHECK: agen::detail::slot<std::array<int, 4>> values;
// CHECK: auto agen_make_twice() { return [] { return 4 /* n */ * 2; }; }
// CHECK: ref.bind((*n));
// CHECK: static_assert(3 /* k */ == 3);
// CHECK: if constexpr (2u /* u */ > 1)
// CHECK-NEXT: (*size) = static_cast<int>((*values).size()) + (true /* on */ ? 1 : 0);
// CHECK: static_cast<level>(2) /* l */
// CHECK: std::max((*n), agen_yield_6.hold<0>([&]() -> int { return 1; })) * (*ref) / 4 /* n */;
// TRACE: got 4
// TRACE-NEXT: got 8
// TRACE-NEXT: got 5
// TRACE-NEXT: got 2
// TRACE-NEXT: got 1
// TRACE-NEXT: got 4
// TRACE-NEXT: got -1
// TRACE-NEXT: end

#include "trace.hpp"

#include <algorithm>
#include <array>

enum class level { low = 1, high = 2 };

AGEN_GENERATOR agen::async_generator<int> constants() {
  constexpr int k = 3;
  const int n = 4;
  const unsigned u = 2;
  constexpr bool on = true;
  constexpr char c = 'A';
  constexpr level l = level::high;
  const int negative = -1;
  const int &ref = n; // needs the object: stays the slot
  co_yield n;
  static_assert(k == 3);
  std::array<int, n> values{};
  auto twice = [] { return n * 2; };
  co_yield twice();
  int size = 0;
  if constexpr (u > 1)
    size = static_cast<int>(values.size()) + (on ? 1 : 0);
  co_yield size;
  co_yield static_cast<int>(l);
  co_yield c - 'A' + 1;
  co_yield std::max(n, 1) * ref / n;
  co_yield negative;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = constants();
    co_await drain(g);
  });
}
