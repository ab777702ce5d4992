// Lambdas marked AGEN_GENERATOR (after the introducer): the frame is a local
// class of the call operator, each capture a reference member of the same
// name bound where the lambda's body names it, so by-reference captures reach
// the enclosing variables and by-copy captures the closure's copies, as in
// native mode. `this` is the enclosing object's.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=operator() %cxxflags %sanitize -Wall -Wextra -Werror -Wno-c++23-lambda-attributes -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: struct agen_frame { // operator()
// CHECK: Widget *agen_self;
// CHECK-NEXT: std::string &label; // captured
// CHECK-LABEL: struct agen_state { // operator()
// CHECK-NEXT: const int &k; // captured
// CHECK-NEXT: const int &twice; // captured
// CHECK-NEXT: std::string &step; // captured
// CHECK-NEXT: agen::event_loop &loop; // captured
// CHECK-NEXT: int &total; // captured
// CHECK: agen::detail::slot<int> copy;
// CHECK: auto agen_make_add() { return [=, copy = (*copy), i = (*i), k = k] {
// CHECK-LABEL: struct agen_frame { // operator()
// CHECK-NEXT: int &seed; // captured
// CHECK: using agen_type_bump = decltype(bump);
// CHECK: std::remove_reference_t<agen_type_bump> &bump; // captured
// CHECK: struct agen_frame { // operator()
// CHECK-NEXT: std::type_identity_t<int (&)[2]> pair; // captured

#include "trace.hpp"

#include <string>

struct Widget {
  int base = 100;
  // [this] and a by-reference capture, from a member function.
  auto counter(std::string &label) {
    return [this, &label] AGEN_GENERATOR(int n) -> agen::async_generator<int> {
      Spy s{"w-" + label};
      for (int i = 0; i < n; ++i)
        co_yield base + i;
    };
  }
};

agen::task<void> body(agen::event_loop &loop) {
  int k = 7;
  std::string step = "st";
  int total = 0;
  // A by-copy capture (const in the frame: the lambda is not mutable), an
  // implicit by-reference one named like the host's step(), an init
  // capture, decltype of a capture, and a nested lambda that copies one.
  auto make = [&, k, twice = 2 * k] AGEN_GENERATOR(
                  int n) -> agen::async_generator<int> {
    Spy s{"a-" + step};
    decltype(k) copy = k + twice;
    for (int i = 0; i < n; ++i) {
      auto add = [=] { return copy + i + k; };
      co_await loop.schedule();
      total += add();
      co_yield add();
    }
  };
  auto g = make(3);
  co_await drain(g);
  std::printf("total %d\n", total);

  // A mutable lambda: by-copy captures are the closure's, and writable.
  int seed = 1;
  auto doubling = [seed] AGEN_GENERATOR() mutable
      -> agen::async_generator<int> {
    for (;;) {
      co_yield seed;
      seed *= 2;
      if (seed > 8)
        co_return;
    }
  };
  auto d1 = doubling();
  co_await drain(d1);
  auto d2 = doubling(); // the closure's seed kept its last value
  co_await drain(d2);
  std::printf("seed %d\n", seed);

  // A capture of closure type: its type is named through decltype.
  auto bump = [&] { return ++k; };
  auto bumping = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    co_yield bump();
    co_await loop.schedule();
    co_yield bump();
  };
  auto b = bumping();
  co_await drain(b);

  // A capture whose declarator wraps the name (an array by reference).
  int pair[2] = {3, 4};
  auto pairs = [&pair] AGEN_GENERATOR() -> agen::async_generator<int> {
    for (int v : pair)
      co_yield v;
  };
  auto p = pairs();
  co_await drain(p);

  std::string label = "L";
  Widget w;
  auto wc = w.counter(label);
  auto g2 = wc(2);
  label = "changed"; // seen by the generator: captured by reference
  co_await drain(g2);

  // aclose from a yield: locals die, captures stay.
  auto g3 = make(5);
  (void)co_await g3.next();
  co_await g3.aclose();
  std::printf("k %d total %d\n", k, total);
}

int main() { run(body); }

// TRACE: +a-st
// TRACE-NEXT: got 28
// TRACE-NEXT: got 29
// TRACE-NEXT: got 30
// TRACE-NEXT: -a-st
// TRACE-NEXT: end
// TRACE-NEXT: total 87
// TRACE-NEXT: got 1
// TRACE-NEXT: got 2
// TRACE-NEXT: got 4
// TRACE-NEXT: got 8
// TRACE-NEXT: end
// TRACE-NEXT: got 16
// TRACE-NEXT: end
// TRACE-NEXT: seed 1
// TRACE-NEXT: got 8
// TRACE-NEXT: got 9
// TRACE-NEXT: end
// TRACE-NEXT: got 3
// TRACE-NEXT: got 4
// TRACE-NEXT: end
// TRACE-NEXT: +w-changed
// TRACE-NEXT: got 100
// TRACE-NEXT: got 101
// TRACE-NEXT: -w-changed
// TRACE-NEXT: end
// TRACE-NEXT: +a-st
// TRACE-NEXT: -a-st
// TRACE-NEXT: k 9 total 115
