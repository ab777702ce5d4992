// Locals of lambda type alive across suspensions: closure types have no
// name, so a base class of the frame creates each closure in a member
// function and names its type for the slot; captures of hoisted locals and
// parameters become init-captures (by copy still copies, by reference still
// refers); `this` captures become the generator's object.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=gen %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: struct agen_lambdas : agen_state {
// CHECK: auto agen_make_lam() { return [&, &x = (*x), &n = n](int k) { return k + x + n; }; }
// CHECK: auto agen_make_byval() { return [y = (*y), s = (*s)]()
// CHECK: auto agen_make_mem() { return [agen_self = agen_self] { return agen_self->base; }; }
// CHECK: agen::detail::slot<decltype(std::declval<agen_lambdas &>().agen_make_lam())> lam;
// CHECK: ~agen_frame() { agen_unwind(); }
// CHECK: lam.construct_from([&] { return agen_make_lam(); });
// TRACE: got 9
// TRACE-NEXT: +s'
// TRACE-NEXT: got 9
// TRACE-NEXT: got 1
// TRACE-NEXT: got 2
// TRACE-NEXT: got 100
// TRACE-NEXT: got 55

#include "trace.hpp"
struct Holder { int base = 100; AGEN_GENERATOR agen::async_generator<int> gen(int n); };
AGEN_GENERATOR agen::async_generator<int> Holder::gen(int n) {
  int x = 5;
  Spy s{"s"};
  auto lam = [&](int k) { return k + x + n; };
  co_yield lam(1);
  int y = 7;
  auto byval = [y, s]() { return y + static_cast<int>(s.name.size()); };
  y = 8;
  co_yield byval();
  auto counter = [c = 0]() mutable { return ++c; };
  co_yield counter();
  co_yield counter();
  auto mem = [this] { return base; };
  co_yield mem();
  x = 50;
  co_yield lam(2);
}
int main() {
  run([](agen::event_loop &) -> agen::task<void> { Holder h; auto g = h.gen(3); co_await drain(g); });
}
