// A class defined in the generator's body whose object lives across a
// suspension: its definition moves in front of the frame (which needs to name
// it); other local classes stay where they are.
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

// CHECK: struct Cleanup {
// CHECK: struct agen_frame {
// CHECK: agen::detail::slot<Cleanup> c;
// CHECK: /* moved before the frame */
// CHECK: struct Temp {
// TRACE: got 1
// TRACE-NEXT: temp 2
// TRACE-NEXT: got 3
// TRACE-NEXT: cleanup
// TRACE-NEXT: end

#include "trace.hpp"

AGEN_GENERATOR agen::async_generator<int> local_types() {
  struct Cleanup {
    ~Cleanup() { say("cleanup"); }
  };
  Cleanup c;
  co_yield 1;
  {
    struct Temp {
      int v;
    } t{2};
    say("temp " + std::to_string(t.v));
  }
  co_yield 3;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = local_types();
    co_await drain(g);
  });
}
