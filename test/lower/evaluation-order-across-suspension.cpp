// What a full-expression evaluates before a co_await or co_yield in it keeps
// native mode's order: reads that the suspension could change (a global, a
// local whose address escaped, an object through a pointer), calls and
// other side effects, a stream that `<<` has already written to, the value
// of an earlier co_await, are evaluated before the suspension and saved in
// the frame (by value for scalars, by reference for objects); a discarded
// left operand of a comma runs there too. Reads nothing else can change
// stay in place.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=order %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::slot<int> agen_early_0; // evaluated before co_await evaluation-order-across-suspension.cpp:{{[0-9]+}}
// CHECK: agen::detail::slot<std::basic_ostream<char, std::char_traits<char>> &> agen_early_{{[0-9]+}};
// CHECK: agen::detail::slot<const Obj *> agen_early_{{[0-9]+}};
// A coroutine lambda's own co_return is left alone.
// CHECK: auto agen_make_move_o() {
// CHECK-NEXT: *po = &objs[1];
// CHECK-NEXT: co_return 1;
// CHECK: agen_early_0.construct_from([&]() -> int { return ((*n)); });
// CHECK: agen_yield_2.construct_from([&]() -> int { return static_cast<int>(*agen_early_0) + agen_await_1.resume(); });
// CHECK: agen_early_[[SUM:[0-9]+]].construct_from([&]() -> int { return ((*n)); });
// CHECK: return sum3(static_cast<int>(*agen_early_[[SUM]]), agen_await_3.resume(), (*n));
// CHECK: agen_early_[[GLOBAL:[0-9]+]].construct_from([&]() -> int { return (counter * 1000); });
// CHECK: agen_early_[[CALL:[0-9]+]].construct_from([&]() -> int { return (next_id()); });
// CHECK: return Pair{static_cast<int>(*agen_early_{{[0-9]+}}), agen_await_9.resume()};
// CHECK: agen_early_[[FIRST:[0-9]+]].construct_from([&]() -> int { return (agen_await_11.resume() * 10); });
// CHECK: return static_cast<int>(*agen_early_[[FIRST]]) + agen_await_12.resume();
// CHECK: agen_early_[[OUT:[0-9]+]].bind(((*out) << "n=" << (*n) << " got="));
// CHECK: (*agen_early_[[OUT]]) << agen_await_14.resume() << " n=" << (*n);
// CHECK: return static_cast<const Obj *>(*agen_early_{{[0-9]+}})->add(agen_await_15.resume());
// CHECK: static_cast<void>(note());
// CHECK: return (void(), agen_await_17.resume());
// CHECK: return (*i) * 10 + agen_await_19.resume();
// CHECK: if (agen_cond_[[C:[0-9]+]]) agen_early_[[G:[0-9]+]].construct_from([&]() -> int { return (counter); });
// CHECK: return agen_cond_[[C]] && sum3(static_cast<int>(*agen_early_[[G]]), agen_await_21.resume(), 0) > 0;
// CHECK: agen_early_{{[0-9]+}}.construct_from([&]() -> int { return ((*k)); });
// CHECK: static_cast<void>((*k) = 5);

// TRACE:      bump resumed
// TRACE-NEXT: got 101
// TRACE-NEXT: bump resumed
// TRACE-NEXT: got 105
// TRACE-NEXT: bump resumed
// TRACE-NEXT: got 2100
// TRACE-NEXT: next_id 3
// TRACE-NEXT: bump resumed
// TRACE-NEXT: got 103
// TRACE-NEXT: bump resumed
// TRACE-NEXT: got 5100
// TRACE-NEXT: resume 1
// TRACE-NEXT: resume 2
// TRACE-NEXT: got 12
// TRACE-NEXT: bump resumed
// TRACE-NEXT: n=6 got=100 n=7
// TRACE-NEXT: got 11
// TRACE-NEXT: comma
// TRACE-NEXT: resume 7
// TRACE-NEXT: got 7
// TRACE-NEXT: resume 3
// TRACE-NEXT: got 23
// TRACE-NEXT: bump resumed
// TRACE-NEXT: got 1
// TRACE-NEXT: resume 8
// TRACE-NEXT: got 3005
// TRACE-NEXT: start value
// TRACE-NEXT: start index
// TRACE-NEXT: got 9
// TRACE-NEXT: bump resumed
// TRACE-NEXT: got 28
// TRACE-NEXT: end

#include "trace.hpp"
#include <sstream>

int counter = 0; // the awaiter changes it while the generator is suspended
int next_id() {
  say("next_id " + std::to_string(counter));
  return counter++;
}
void note() { say("comma"); }
int sum3(int a, int b, int c) { return a + b + c; }
struct Pair { int a, b; };
struct Obj { int base; int add(int x) const { return base + x; } };

/// Completes at once; says when it starts.
struct Announce {
  const char *name;
  int v;
  bool await_ready() const noexcept {
    say(std::string("start ") + name);
    return true;
  }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const noexcept { return v; }
};

/// Suspends; when resumed, changes `*target` and `counter`.
struct Bump {
  agen::event_loop *loop;
  int *target;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { loop->post(h); }
  int await_resume() const {
    ++*target;
    ++counter;
    say("bump resumed");
    return 100;
  }
};

AGEN_GENERATOR agen::async_generator<int> order(agen::event_loop &loop) {
  int n = 1;
  // n's address goes to the awaiter: it is read before the suspension.
  co_yield n + co_await Bump{&loop, &n};
  co_yield sum3(n, co_await Bump{&loop, &n}, n);
  co_yield counter * 1000 + co_await Bump{&loop, &n};
  co_yield next_id() + co_await Bump{&loop, &n};
  Pair p{n, co_await Bump{&loop, &n}};
  co_yield p.a * 1000 + p.b;
  // The first value is taken before the second co_await runs.
  co_yield co_await Logged{1} * 10 + co_await Logged{2};
  std::ostringstream out;
  out << "n=" << n << " got=" << co_await Bump{&loop, &n} << " n=" << n;
  say(out.str());
  // The object of a member call, through a pointer the awaited task moves.
  Obj objs[2] = {{10}, {20}};
  Obj *o = &objs[0];
  Obj **po = &o;
  auto move_o = [&]() -> agen::task<int> {
    *po = &objs[1];
    co_return 1;
  };
  co_yield o->add(co_await move_o());
  co_yield (note(), co_await Logged{7});
  // Nothing but the body can change i: read in place.
  int i = 2;
  co_yield i * 10 + co_await Logged{3};
  // Saved only where native mode evaluates it.
  bool go = true;
  co_yield go && sum3(counter, co_await Bump{&loop, &n}, 0) > 0;
  // The same statement assigns k after reading it.
  int k = 3;
  Pair q{k, (k = 5, co_await Logged{8})};
  co_yield q.a * 1000 + k;
  // C++17: an assignment's right operand runs first, then its left one.
  int slots[2] = {0, 0};
  slots[co_await Announce{"index", 0}] = co_await Announce{"value", 9};
  co_yield slots[0];
  slots[co_await Bump{&loop, &slots[0]} - 100] += slots[0] * 2;
  co_yield slots[0];
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = order(loop);
    co_await drain(g);
  });
}
