// agen::context_guard subclasses in lowered mode (SPEC §4): the lowered code
// calls them statically, and they never register with a frame's native
// registry as well, so each callback runs exactly once per suspension, also
// when a native generator (not annotated, so native in every build, with its
// registry live) creates and drives a lowered one, and when a lowered
// generator drives a native one. A second call would print an ERROR line
// (Probe checks that its calls alternate) and break the exact trace.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=lowered_inner -fplugin-arg-agen-print-lowered=lowered_outer %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: agen_frame { // lowered_inner,
// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*a).on_resume(); } goto agen_resume_1;
// CHECK-LABEL: agen_frame { // lowered_outer,
// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*o).on_resume(); } goto agen_resume_1;
// CHECK-NEXT: case 2: if (agen_cx.calls_guards_statically()) { (*o).on_resume(); (*guard).on_resume(); } goto agen_resume_2;

// TRACE-LABEL: native drives lowered
// TRACE-NEXT: +native outer
// TRACE-NEXT: S native outer
// TRACE-NEXT: +lowered inner
// TRACE-NEXT: S lowered inner
// TRACE-NEXT: R native outer
// TRACE-NEXT: S native outer
// TRACE-NEXT: got 10
// TRACE-NEXT: R native outer
// TRACE-NEXT: S native outer
// TRACE-NEXT: R lowered inner
// TRACE-NEXT: S lowered inner
// TRACE-NEXT: R lowered inner
// TRACE-NEXT: S lowered inner
// TRACE-NEXT: R native outer
// TRACE-NEXT: S native outer
// TRACE-NEXT: got 20
// TRACE-NEXT: R native outer
// TRACE-NEXT: S native outer
// TRACE-NEXT: R lowered inner
// TRACE-NEXT: -lowered inner
// TRACE-NEXT: R native outer
// TRACE-NEXT: -native outer
// TRACE-NEXT: end
// TRACE-LABEL: lowered drives native
// TRACE-NEXT: +lowered outer
// TRACE-NEXT: S lowered outer
// TRACE-NEXT: +native inner
// TRACE-NEXT: S native inner
// TRACE-NEXT: R lowered outer
// TRACE-NEXT: +guard
// TRACE-NEXT: S guard
// TRACE-NEXT: S lowered outer
// TRACE-NEXT: got 100
// TRACE-NEXT: R lowered outer
// TRACE-NEXT: R guard
// TRACE-NEXT: -guard
// TRACE-NEXT: S lowered outer
// TRACE-NEXT: R native inner
// TRACE-NEXT: -native inner
// TRACE-NEXT: R lowered outer
// TRACE-NEXT: -lowered outer
// TRACE-NEXT: end
// TRACE-NOT: ERROR

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> lowered_inner(agen::event_loop &loop) {
  Probe a{"lowered inner"};
  co_yield 1;
  co_await loop.schedule();
  co_yield 2;
}
// Not annotated: a native frame in every build.
agen::async_generator<int> native_outer(agen::event_loop &loop) {
  Probe o{"native outer"};
  auto g = lowered_inner(loop);
  while (auto r = co_await g.next())
    co_yield *r * 10;
}
agen::async_generator<int> native_inner() {
  Probe a{"native inner"};
  co_yield 1;
}
AGEN_GENERATOR agen::async_generator<int> lowered_outer() {
  Probe o{"lowered outer"};
  auto g = native_inner();
  while (auto r = co_await g.next()) {
    Probe guard{"guard"};
    co_yield *r * 100;
  }
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    say("native drives lowered");
    auto a = native_outer(loop);
    co_await drain(a);
    say("lowered drives native");
    auto b = lowered_outer();
    co_await drain(b);
  });
}
