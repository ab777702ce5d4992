// co_await and co_yield inside expressions: initializers, arguments,
// assignments, the left operand of && and ||, conditions, nested
// suspensions; what is evaluated before the suspension stays before it.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=exprs %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: a.construct_from([&]() -> int { return agen_await_1.resume(); }); agen_await_1.destroy();
// CHECK: twice(agen_await_3.resume()) + 1
// CHECK: (*v).push_back(agen_await_5.resume())
// CHECK: for (;;) {/* while, await-in-expressions.cpp:{{[0-9]+}} */
// TRACE: resume 1
// TRACE-NEXT: got 1
// TRACE-NEXT: later 2
// TRACE-NEXT: got 5

#include "trace.hpp"
#include <vector>
struct Val { int v; bool await_ready() const noexcept { return true; } void await_suspend(std::coroutine_handle<>) noexcept {} int await_resume() const noexcept { say("resume " + std::to_string(v)); return v; } };
struct Later { agen::event_loop *loop; int v;
  struct aw { agen::event_loop *loop; int v; bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { loop->post(h); }
    int await_resume() const { say("later " + std::to_string(v)); return v; } };
  aw operator co_await() const { return {loop, v}; } };
int twice(int x) { return 2 * x; }
AGEN_GENERATOR agen::async_generator<int> exprs(agen::event_loop &loop) {
  int a = co_await Val{1};
  co_yield a;
  int b = twice(co_await Later{&loop, 2}) + 1;
  co_yield b;
  std::vector<int> v;
  v.push_back(co_await Later{&loop, 3});
  co_yield v.back();
  a = co_await Val{4};
  co_yield a;
  if (co_await Later{&loop, 5} > 4 && a > 0) co_yield 5;
  co_yield co_await Later{&loop, 6};
  co_yield twice(co_await Val{7});
  say("x=" + std::to_string(co_await Later{&loop, 8}));
  bool t = (co_await Val{0}) || a > 0;
  co_yield t ? 9 : -9;
  while (int r = co_await Later{&loop, 10 - a}) { co_yield r; ++a; }
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> { auto g = exprs(loop); co_await drain(g); });
}
