// Temporaries a co_await's operand makes live to the end of the
// full-expression, as in native mode, so that a task holding a reference to
// one (a `const std::string &` parameter bound to a converted argument, a
// `const Spy &` bound to a prvalue) reads a live object while the generator
// is suspended; its awaiting<> holds them and destroys them after the
// awaiter and the operand, last made first. A temporary made only if a
// condition says so is destroyed only if it was made.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=temporaries %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::awaiting<agen::task<int>, std::string> agen_await_1;
// CHECK: agen::detail::awaiting<agen::task<int>, Spy> agen_await_5;
// CHECK: agen::detail::awaiting<agen::task<int>, std::vector<int>> agen_await_7;
// CHECK: agen::detail::awaiting<agen::task<int>, int> agen_await_9;
// CHECK: agen::detail::awaiting<agen::task<int>, Holder, Spy> agen_await_11;
// CHECK: agen_await_1.start([&]() -> decltype(auto) { return (length(agen_await_1.hold<0>([&]() -> std::string { return std::string("hello"); }))); });
// CHECK: return (length(agen_await_3.hold<0>([&]() -> std::string { return "converted"; })));
// CHECK: return (sum(agen_await_7.hold<0>([&]() -> std::vector<int> { return {1, 2, 3}; })));
// CHECK: return (nested(agen_await_11.hold<0>([&]() -> Holder { return Holder{Spy("h")}; }).get(), agen_await_11.hold<1>([&]() -> Spy { return b ? Spy("yes") : Spy("no"); })));
// CHECK: return (twice(agen_await_14.hold<0>([&]() -> int { return agen_await_13.resume(); })));

// TRACE:      got 5
// TRACE-NEXT: got 9
// TRACE-NEXT: +t
// TRACE-NEXT: first t
// TRACE-NEXT: got 1
// TRACE-NEXT: -t
// TRACE-NEXT: after first
// TRACE-NEXT: got 6
// TRACE-NEXT: got 42
// TRACE-NEXT: +h
// TRACE-NEXT: +no
// TRACE-NEXT: nested h no
// TRACE-NEXT: got 2
// TRACE-NEXT: -no
// TRACE-NEXT: -h
// TRACE-NEXT: got 8
// TRACE-NEXT: done
// TRACE-NEXT: end

#include "trace.hpp"
#include <vector>

/// Tasks that start when awaited and read their reference parameters then.
agen::task<int> length(const std::string &s) {
  co_return static_cast<int>(s.size());
}
agen::task<int> first(const Spy &s) {
  say("first " + s.name);
  co_return 1;
}
agen::task<int> sum(const std::vector<int> &v) {
  int t = 0;
  for (int x : v)
    t += x;
  co_return t;
}
agen::task<int> twice(const int &x) { co_return 2 * x; }
agen::task<int> nested(const Spy &a, const Spy &b) {
  say("nested " + a.name + " " + b.name);
  co_return 2;
}
struct Holder {
  Spy s;
  const Spy &get() const { return s; }
};
struct Ready {
  int v;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const { return v; }
};

AGEN_GENERATOR agen::async_generator<int> temporaries(bool b) {
  co_yield co_await length(std::string("hello"));
  co_yield co_await length("converted");
  co_yield co_await first(Spy("t"));
  say("after first");
  co_yield co_await sum({1, 2, 3});
  co_yield co_await twice(21);
  co_yield co_await nested(Holder{Spy("h")}.get(), b ? Spy("yes") : Spy("no"));
  co_yield co_await twice(co_await Ready{4});
  say("done");
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = temporaries(false);
    co_await drain(g);
  });
}
