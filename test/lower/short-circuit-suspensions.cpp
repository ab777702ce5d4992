// co_await and co_yield in the right operand of && and ||, and in a branch
// of ?:: they run only when native mode would run them. The condition is
// evaluated once, before them, into a frame member (agen_cond_N); the
// suspension is guarded by it and the statement reads the saved value.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=logical -fplugin-arg-agen-print-lowered=conditional -fplugin-arg-agen-print-lowered=looping -fplugin-arg-agen-print-lowered=sent %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: logical(
// CHECK: agen_cond_0 = static_cast<bool>(go);
// CHECK-NEXT: if (agen_cond_0) {
// CHECK: agen_cond_1 = static_cast<bool>(agen_cond_0 && (agen_await_1.resume()) > 0); agen_await_1.reset();
// CHECK-LABEL: conditional(
// CHECK: agen_cond_0 = static_cast<bool>(first);
// CHECK-NEXT: if (agen_cond_0) {
// CHECK: if (!agen_cond_0) {
// CHECK-LABEL: looping(
// CHECK: if (agen_cond_0) agen_cond_1 = static_cast<bool>(
// CHECK: if (agen_cond_0 && !agen_cond_1) {
// TRACE: +s
// TRACE-NEXT: ask a
// TRACE-NEXT: ready? a
// TRACE-NEXT: got 1
// TRACE-NEXT: -s
// TRACE-NEXT: end
// TRACE-NEXT: +s
// TRACE-NEXT: got 2
// TRACE-NEXT: -s
// TRACE-NEXT: end
// TRACE-NEXT: ask yes
// TRACE-NEXT: ready? yes
// TRACE-NEXT: got 10
// TRACE-NEXT: end
// TRACE-NEXT: ask no
// TRACE-NEXT: ready? no
// TRACE-NEXT: got 20
// TRACE-NEXT: end
// TRACE-NEXT: got 0
// TRACE-NEXT: ask odd
// TRACE-NEXT: ready? odd
// TRACE-NEXT: got 1
// TRACE-NEXT: got 2
// TRACE-NEXT: ask odd
// TRACE-NEXT: ready? odd
// TRACE-NEXT: got 3
// TRACE-NEXT: end
// TRACE-NEXT: got 1
// TRACE-NEXT: got 101
// TRACE-NEXT: got 201
// TRACE-NEXT: got 1
// TRACE-NEXT: got -1

#include "trace.hpp"

/// Suspends (and resumes at once) with a value, saying when it is asked.
struct answer {
  const char *name;
  int value;
  bool await_ready() const noexcept {
    say(std::string("ready? ") + name);
    return false;
  }
  bool await_suspend(std::coroutine_handle<>) const noexcept { return false; }
  int await_resume() const noexcept { return value; }
};
inline answer ask(const char *name, int value) {
  say(std::string("ask ") + name);
  return {name, value};
}

AGEN_GENERATOR agen::async_generator<int> logical(bool go) {
  Spy s{"s"};
  if (go && (co_await ask("a", 5)) > 0)
    co_yield 1;
  else
    co_yield 2;
}

AGEN_GENERATOR agen::async_generator<int> conditional(bool first) {
  co_yield first ? co_await ask("yes", 10) : co_await ask("no", 20);
}

AGEN_GENERATOR agen::async_generator<int> looping(int n) {
  int i = 0;
  // Asks only when i > 0 and i is odd: nested conditions.
  while (i < n && (i % 2 == 0 || co_await ask("odd", i) > 0)) {
    co_yield i;
    ++i;
  }
}

AGEN_GENERATOR agen::async_generator<int, int> sent(bool twice) {
  int got = co_yield 1;
  int again = twice ? co_yield got : -1;
  co_yield again;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto a = logical(true);
    co_await drain(a);
    auto b = logical(false);
    co_await drain(b);
    auto c = conditional(true);
    co_await drain(c);
    auto d = conditional(false);
    co_await drain(d);
    auto e = looping(4);
    co_await drain(e);
    for (bool twice : {true, false}) {
      auto f = sent(twice);
      for (auto r = co_await f.next(); r; r = co_await f.asend(*r + 100))
        say("got " + std::to_string(*r));
    }
  });
}
