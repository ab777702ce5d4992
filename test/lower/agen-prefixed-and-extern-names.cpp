// Names from outside the generator that the frame could hide: namespace-
// scope variables named like the lowering's own members (agen_resume_point,
// agen_cx) are written with their qualified names, and a block-scope extern
// declaration names the global, not a new frame slot.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=prefixed -fplugin-arg-agen-print-lowered=external %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: prefixed()
// CHECK: ::agen_resume_point
// CHECK: ::app::agen_cx
// CHECK-LABEL: external()
// CHECK-NOT: slot<int> counter
// CHECK: extern int counter;

// TRACE: got 7
// TRACE-NEXT: got 8
// TRACE-NEXT: got 3
// TRACE-NEXT: end
// TRACE-NEXT: got 11
// TRACE-NEXT: got 12
// TRACE-NEXT: end
// TRACE-NEXT: counter 12

#include "trace.hpp"

int agen_resume_point = 7;
namespace app {
int agen_cx = 3;

AGEN_GENERATOR agen::async_generator<int> prefixed() {
  co_yield agen_resume_point;
  co_yield ++agen_resume_point;
  co_yield agen_cx;
}
} // namespace app

int counter = 10;

AGEN_GENERATOR agen::async_generator<int> external() {
  extern int counter;
  co_yield ++counter;
  co_yield ++counter;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto a = app::prefixed();
    co_await drain(a);
    auto b = external();
    co_await drain(b);
    std::printf("counter %d\n", counter);
  });
}
