// Member generators: `this` (explicit and implicit) becomes the frame's
// agen_self; private members stay reachable because the frame is a local
// class; static members have no self.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=statics -fplugin-arg-agen-print-lowered=inline_gen -fplugin-arg-agen-print-lowered=counting %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-DAG: {{^ *}}const Counter *agen_self;
// CHECK-DAG: {{^ *}}Counter *agen_self;
// CHECK-DAG: agen_self->base_ + (*i)
// CHECK-DAG: agen_self->bump();
// TRACE: got 10
// TRACE-NEXT: got 12
// TRACE-NEXT: got 14
// TRACE-NEXT: got 13

#include "trace.hpp"
class Counter {
public:
  explicit Counter(int base) : base_(base) {}
  AGEN_GENERATOR agen::async_generator<int> counting(int n);
  AGEN_GENERATOR static agen::async_generator<int> statics(int n) { for (int i = 0; i < n; ++i) co_yield helper(i); }
  AGEN_GENERATOR agen::async_generator<int> inline_gen() const { co_yield base_; co_yield this->base_ + 1; }
private:
  static int helper(int i) { return i * 100; }
  int bump() { return ++base_; }
  int base_;
};
AGEN_GENERATOR agen::async_generator<int> Counter::counting(int n) {
  Spy s{"s"};
  for (int i = 0; i < n; ++i) { co_yield base_ + i; bump(); }
  co_yield this->base_;
}
int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    Counter c{10};
    auto g = c.counting(3); co_await drain(g);
    auto h = Counter::statics(2); co_await drain(h);
    auto k = c.inline_gen(); co_await drain(k);
  });
}
