// Context guards on the athrow and aclose paths (SPEC §4): the frame's guards
// are resumed (outermost first) before the exception is raised at the
// co_yield, so handlers and destructors run in the generator's context, with
// or without a handler that could catch generator_exit; cleanup that awaits
// suspends them again; a co_yield while closing does not suspend (no
// on_suspend) and the remaining guards die resumed; athrow and aclose on a
// created generator run nothing.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=handled -fplugin-arg-agen-print-lowered=stubborn %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// handled: athrow's exception is raised after the guards' on_resume().
// CHECK-LABEL: agen_frame { // handled,
// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*g).on_resume(); (*inner).on_resume(); } goto agen_try_1;
// CHECK: { agen_try_1: try { switch (agen_resume_point) { case 1: agen_resume_point = 0; goto agen_resume_1;
// CHECK: agen_resume_1: if (agen_cx.closing()) return {}; /* aclose: nothing here can catch generator_exit */ agen_cx.raise_pending(); /* athrow */
// stubborn: a co_yield while closing is rejected without on_suspend().
// CHECK-LABEL: agen_frame { // stubborn,
// CHECK: if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*g).on_suspend(); } agen_resume_point = 2;

// TRACE-LABEL: athrow handled
// TRACE-NEXT: +g
// TRACE-NEXT: +inner
// TRACE-NEXT: S inner
// TRACE-NEXT: S g
// TRACE-NEXT: R g
// TRACE-NEXT: R inner
// TRACE-NEXT: -inner
// TRACE-NEXT: caught boom
// TRACE-NEXT: S g
// TRACE-NEXT: athrow gave 2
// TRACE-NEXT: R g
// TRACE-NEXT: -g
// TRACE-NEXT: closed
// TRACE-LABEL: athrow unhandled
// TRACE-NEXT: +g
// TRACE-NEXT: +inner
// TRACE-NEXT: S inner
// TRACE-NEXT: S g
// TRACE-NEXT: R g
// TRACE-NEXT: R inner
// TRACE-NEXT: -inner
// TRACE-NEXT: caught boom
// TRACE-NEXT: S g
// TRACE-NEXT: athrow gave 2
// TRACE-NEXT: R g
// TRACE-NEXT: -g
// TRACE-NEXT: athrow threw bang
// TRACE-NEXT: end
// TRACE-LABEL: aclose with cleanup that awaits
// TRACE-NEXT: +g
// TRACE-NEXT: S g
// TRACE-NEXT: R g
// TRACE-NEXT: cleanup
// TRACE-NEXT: S g
// TRACE-NEXT: R g
// TRACE-NEXT: cleanup done
// TRACE-NEXT: -g
// TRACE-NEXT: closed
// TRACE-LABEL: yield while closing
// TRACE-NEXT: +g
// TRACE-NEXT: S g
// TRACE-NEXT: R g
// TRACE-NEXT: ignoring generator_exit
// TRACE-NEXT: -g
// TRACE-NEXT: aclose threw async generator yielded while closing
// TRACE-LABEL: created
// TRACE-NEXT: athrow threw boom
// TRACE-NEXT: closed
// TRACE-NEXT: done
// TRACE-NOT: ERROR

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> handled() {
  Probe g{"g"};
  try {
    Probe inner{"inner"};
    co_yield 1;
  } catch (const test_error &e) {
    say(std::string("caught ") + e.what());
  }
  co_yield 2;
}
AGEN_GENERATOR agen::async_generator<int> cleanup(agen::event_loop &loop) {
  Probe g{"g"};
  try {
    co_yield 1;
  } catch (...) {
    say("cleanup");
  }
  co_await loop.schedule();
  say("cleanup done");
}
AGEN_GENERATOR agen::async_generator<int> stubborn() {
  Probe g{"g"};
  try {
    co_yield 1;
  } catch (...) {
    say("ignoring generator_exit");
  }
  co_yield 2;
}
agen::task<void> athrow(agen::async_generator<int> &g, const char *what) {
  try {
    auto r = co_await g.athrow(std::make_exception_ptr(test_error(what)));
    std::printf("athrow gave %d\n", r ? *r : -1);
  } catch (const std::exception &e) {
    std::printf("athrow threw %s\n", e.what());
  }
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    say("athrow handled");
    auto a = handled();
    (void)co_await a.next();
    co_await athrow(a, "boom");
    co_await a.aclose();
    say("closed");

    say("athrow unhandled");
    auto b = handled();
    (void)co_await b.next();
    co_await athrow(b, "boom");
    co_await athrow(b, "bang");
    co_await drain(b);

    say("aclose with cleanup that awaits");
    auto c = cleanup(loop);
    (void)co_await c.next();
    co_await c.aclose();
    say("closed");

    say("yield while closing");
    auto d = stubborn();
    (void)co_await d.next();
    try {
      co_await d.aclose();
    } catch (const std::exception &e) {
      std::printf("aclose threw %s\n", e.what());
    }

    say("created");
    auto e = handled();
    co_await athrow(e, "boom");
    auto f = handled();
    co_await f.aclose();
    say("closed");
    say("done");
  });
}
