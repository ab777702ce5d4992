// Context guards at co_await (SPEC §4): an await whose await_ready() is false
// calls on_suspend() before await_suspend() and on_resume() before
// await_resume(), also when await_suspend() declines to suspend (returns
// false) or transfers straight back to the frame; one whose await_ready() is
// true calls nothing; when await_suspend() throws, the frame did not suspend:
// the guards are resumed before the exception leaves the co_await.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=awaits %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: case 1: if (agen_cx.calls_guards_statically()) { (*g).on_resume(); } goto agen_resume_1;
// CHECK: if (!agen_await_1->await_ready()) { if (agen_cx.calls_guards_statically()) { (*g).on_suspend(); } agen_resume_point = 1; return agen_cx.suspend_on(*agen_await_1, [&]() noexcept { if (agen_cx.calls_guards_statically()) { (*g).on_resume(); } }); }
// CHECK: if (!agen_await_2->await_ready()) { if (agen_cx.calls_guards_statically()) { (*g).on_suspend(); } agen_resume_point = 2; return agen_cx.suspend_on(*agen_await_2, [&]() noexcept { if (agen_cx.calls_guards_statically()) { (*g).on_resume(); } }); }

// TRACE:      +g
// TRACE-NEXT: S g
// TRACE-NEXT: parked: await_suspend
// TRACE-NEXT: R g
// TRACE-NEXT: parked: await_resume
// TRACE-NEXT: ready: await_resume
// TRACE-NEXT: S g
// TRACE-NEXT: declines: await_suspend
// TRACE-NEXT: R g
// TRACE-NEXT: declines: await_resume
// TRACE-NEXT: S g
// TRACE-NEXT: to self: await_suspend
// TRACE-NEXT: R g
// TRACE-NEXT: to self: await_resume
// TRACE-NEXT: S g
// TRACE-NEXT: throws: await_suspend
// TRACE-NEXT: R g
// TRACE-NEXT: caught suspend failed
// TRACE-NEXT: S g
// TRACE-NEXT: got 1
// TRACE-NEXT: R g
// TRACE-NEXT: -g
// TRACE-NEXT: end
// TRACE-NOT: ERROR

#include "trace.hpp"
#include <coroutine>
/// Suspends; the event loop resumes the frame at its next turn.
struct parked {
  agen::event_loop &loop;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    say("parked: await_suspend");
    loop.schedule().await_suspend(h);
  }
  void await_resume() { say("parked: await_resume"); }
};
/// Completes without suspending.
struct ready {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) { say("ready: await_suspend"); }
  void await_resume() { say("ready: await_resume"); }
};
/// await_ready() is false, but await_suspend() declines to suspend.
struct declines {
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) {
    say("declines: await_suspend");
    return false;
  }
  void await_resume() { say("declines: await_resume"); }
};
/// Suspends and transfers straight back to the awaiting frame.
struct to_self {
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) {
    say("to self: await_suspend");
    return h;
  }
  void await_resume() { say("to self: await_resume"); }
};
/// await_suspend() throws: the frame does not suspend.
struct throws {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {
    say("throws: await_suspend");
    throw test_error("suspend failed");
  }
  void await_resume() { say("throws: await_resume"); }
};
AGEN_GENERATOR agen::async_generator<int> awaits(agen::event_loop &loop) {
  Probe g{"g"};
  co_await parked{loop};
  co_await ready{};
  co_await declines{};
  co_await to_self{};
  try {
    co_await throws{};
  } catch (const test_error &e) {
    say(std::string("caught ") + e.what());
  }
  co_yield 1;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = awaits(loop);
    co_await drain(g);
  });
}
