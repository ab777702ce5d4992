// Locals declared with `alignas` that live across a suspension keep their
// alignment in the frame: the slot member is declared with the same
// alignment (its storage comes first in it). Native mode is the oracle: the
// program prints each local's address modulo its alignment.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=aligned %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: aligned(
// CHECK: alignas(64) agen::detail::slot<char[64]> buffer;
// CHECK: alignas(32) agen::detail::slot<double> d;
// TRACE: got 0
// TRACE-NEXT: got 0
// TRACE-NEXT: got 7
// TRACE-NEXT: end

#include "trace.hpp"

#include <cstdint>

AGEN_GENERATOR agen::async_generator<int> aligned() {
  alignas(64) char buffer[64] = {7};
  alignas(32) double d = 1.0;
  co_yield static_cast<int>(reinterpret_cast<std::uintptr_t>(buffer) % 64);
  co_yield static_cast<int>(reinterpret_cast<std::uintptr_t>(&d) % 32);
  co_yield buffer[0] * static_cast<int>(d);
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = aligned();
    co_await drain(g);
  });
}
