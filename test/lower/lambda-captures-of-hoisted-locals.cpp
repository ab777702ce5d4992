// Lambdas that capture hoisted locals: an explicit or implicit capture gets
// the slot's object (`counter = (*counter)`); an init-capture's initializer
// reads the frame like any other expression; a lambda nested in one that
// captured the local captures the outer lambda's copy or reference, as
// written.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=captures -fplugin-arg-agen-print-lowered=scaled %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

// CHECK-LABEL: captures(
AGEN_GENERATOR agen::async_generator<int> captures() {
  int counter = 1;
  co_yield 0;
  // CHECK: [c = (*counter) * 2, &r = (*counter)](int a) { return a + c + r; }
  auto twice = [c = counter * 2, &r = counter](int a) { return a + c + r; };
  counter = 10;
  co_yield twice(100); // 100 + 2 + 10
  // CHECK: [=, counter = (*counter)](int a) { return [a, &counter](int b) { return a + b + counter; }(2); }
  auto chain = [=](int a) { return [a, &counter](int b) { return a + b + counter; }(2); };
  counter = 20;
  co_yield chain(1); // the outer lambda's copy: 10
  // CHECK: [&counter = (*counter)] { return [&] { return ++counter; }(); }
  auto bump = [&counter] { return [&] { return ++counter; }(); };
  co_yield bump(); // 21
  co_yield counter;
}

struct Scale {
  int factor = 3;
  // CHECK-LABEL: scaled(
  AGEN_GENERATOR agen::async_generator<int> scaled(int n) {
    co_yield n;
    // CHECK: [self = agen_self, n = (*n)] { return self->factor * n; }
    auto times = [self = this, n = n] { return self->factor * n; };
    co_yield times();
  }
};

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = captures();
    co_await drain(g);
    Scale s;
    auto h = s.scaled(7);
    co_await drain(h);
  });
}

// TRACE: got 0
// TRACE-NEXT: got 112
// TRACE-NEXT: got 13
// TRACE-NEXT: got 21
// TRACE-NEXT: got 21
// TRACE-NEXT: end
// TRACE-NEXT: got 7
// TRACE-NEXT: got 21
// TRACE-NEXT: end
