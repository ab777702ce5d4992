// A frame destroyed while suspended (SPEC §3.7, §4): whoever closes it (the
// event loop's finalizer through aclose(), a finalizer that drops it, or the
// handle's destructor without a finalizer), its guards get on_resume() before
// anything else runs in it, so every guard's destructor runs in its own
// context; a close that suspends on an await (continued detached) suspends
// and resumes them once more.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=abandoned -fplugin-arg-agen-print-lowered=slow_close %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: agen_frame { // abandoned,
// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*g).on_resume(); } goto agen_resume_1;
// CHECK: agen_resume_1: if (agen_cx.closing()) return {};
// CHECK-LABEL: agen_frame { // slow_close,
// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*g).on_resume(); } goto agen_try_1;
// CHECK: if (!agen_await_2->await_ready()) { if (agen_cx.calls_guards_statically()) { (*g).on_suspend(); } agen_resume_point = 2;

// TRACE-LABEL: event loop finalizer
// TRACE-NEXT: +g
// TRACE-NEXT: +s
// TRACE-NEXT: S g
// TRACE-NEXT: dropped
// TRACE-NEXT: R g
// TRACE-NEXT: -s
// TRACE-NEXT: -g
// TRACE-NEXT: after the loop's turns
// TRACE-LABEL: finalizer drops it
// TRACE-NEXT: +g
// TRACE-NEXT: +s
// TRACE-NEXT: S g
// TRACE-NEXT: finalizer called
// TRACE-NEXT: R g
// TRACE-NEXT: -s
// TRACE-NEXT: -g
// TRACE-NEXT: dropped
// TRACE-LABEL: no finalizer
// TRACE-NEXT: +g
// TRACE-NEXT: +s
// TRACE-NEXT: S g
// TRACE-NEXT: R g
// TRACE-NEXT: -s
// TRACE-NEXT: -g
// TRACE-NEXT: dropped
// TRACE-LABEL: close continues detached
// TRACE-NEXT: +g
// TRACE-NEXT: S g
// TRACE-NEXT: R g
// TRACE-NEXT: closing
// TRACE-NEXT: S g
// TRACE-NEXT: unraisable: async generator destroyed without a finalizer suspended while closing; the close continues detached
// TRACE-NEXT: dropped
// TRACE-NEXT: R g
// TRACE-NEXT: closed late
// TRACE-NEXT: -g
// TRACE-NEXT: done
// TRACE-NOT: ERROR

#include "trace.hpp"
#include <string_view>
AGEN_GENERATOR agen::async_generator<int> abandoned() {
  Probe g{"g"};
  Spy s{"s"};
  co_yield 1;
  co_yield 2;
}
AGEN_GENERATOR agen::async_generator<int> slow_close(agen::event_loop &loop) {
  Probe g{"g"};
  try {
    co_yield 1;
  } catch (...) {
    say("closing");
  }
  co_await loop.schedule();
  say("closed late");
}
int main() {
  agen::set_unraisable_hook([](std::exception_ptr, std::string_view what) {
    std::printf("unraisable: %.*s\n", static_cast<int>(what.size()), what.data());
  });
  run([](agen::event_loop &loop) -> agen::task<void> {
    say("event loop finalizer");
    {
      auto g = abandoned();
      (void)co_await g.next();
    }
    say("dropped");
    // The loop queues the close at the start of its next turn, behind this
    // task: wait one turn more for it.
    co_await loop.schedule();
    co_await loop.schedule();
    say("after the loop's turns");

    say("finalizer drops it");
    agen::asyncgen_hooks loop_hooks = agen::set_asyncgen_hooks(
        {nullptr, [](agen::any_async_generator) { say("finalizer called"); }});
    {
      auto g = abandoned();
      (void)co_await g.next();
    }
    say("dropped");

    say("no finalizer");
    agen::set_asyncgen_hooks({});
    {
      auto g = abandoned();
      (void)co_await g.next();
    }
    say("dropped");

    say("close continues detached");
    {
      auto g = slow_close(loop);
      (void)co_await g.next();
    }
    say("dropped");
    agen::set_asyncgen_hooks(std::move(loop_hooks));
    co_await loop.schedule();
    say("done");
  });
}
