// An unnamed parameter is still copied into the frame and destroyed with it,
// as native mode does: the lowering names it in the signature.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -I%S/Inputs -Wno-c++23-lambda-attributes
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -Wno-c++23-lambda-attributes -I%S/Inputs %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -Wno-c++23-lambda-attributes -I%S/Inputs %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// The plugin lowers with the same core: same CHECK lines, same trace.
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=keeps %cxxflags %sanitize -Wall -Wextra -Werror -Wno-c++23-lambda-attributes -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::async_generator<int> keeps(Spy agen_param_0, const Spy & agen_param_1, int agen_param_2) {
// CHECK: Spy agen_param_0;
// CHECK-NEXT: const Spy &agen_param_1;
// CHECK-NEXT: int agen_param_2;
// CHECK: host<int, void>(agen::detail::lowered<agen_frame>{}, std::move(agen_param_0), agen_param_1, std::move(agen_param_2));

#include "trace.hpp"

AGEN_GENERATOR agen::async_generator<int> keeps(Spy, const Spy &, int) {
  say("body");
  co_yield 1;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    Spy outer{"ref"};
    auto g = keeps(Spy{"p"}, outer, 0);
    say("created");
    co_await drain(g);
    auto lambda = [] AGEN_GENERATOR(Spy) -> agen::async_generator<int> {
      co_yield 2;
    };
    auto h = lambda(Spy{"q"});
    say("created");
    (void)co_await h.next();
    h = {};
    say("dropped");
  });
}

// TRACE: +ref
// TRACE-NEXT: +p
// TRACE-NEXT: +p~
// TRACE-NEXT: -p
// TRACE-NEXT: created
// TRACE-NEXT: body
// TRACE-NEXT: got 1
// TRACE-NEXT: end
// TRACE-NEXT: +q
// TRACE-NEXT: +q~
// TRACE-NEXT: -q
// TRACE-NEXT: created
// TRACE-NEXT: dropped
// TRACE-NEXT: -p~
// TRACE-NEXT: -ref
// The loop's finalizer closes the dropped generator after the task.
// TRACE-NEXT: -q~
