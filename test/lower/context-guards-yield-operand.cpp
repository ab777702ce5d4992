// A co_yield's operand is evaluated in the generator's context: before the
// guards' on_suspend(), also in a template (where by address or by copy is
// decided per instantiation). An operand that throws leaves the guards
// untouched: they are destroyed resumed, never suspended.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=scaled -fplugin-arg-agen-print-lowered=converted -fplugin-arg-agen-print-lowered=throwing %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

thread_local int level = 1;

const int &current() { return level; }

// CHECK-LABEL: scaled(
// CHECK: { auto *agen_yielded = std::addressof(*agen_yield_1); if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*o).on_suspend(); } agen_resume_point = 1; return agen_cx.yield_value(agen_yielded); }
// CHECK: { auto *agen_yielded = std::addressof(*agen_yield_2); if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*o).on_suspend(); } agen_resume_point = 2; return agen_cx.yield_value(agen_yielded); }
AGEN_GENERATOR agen::async_generator<int> scaled(int to) {
  agen::scoped_override<int> o(level, to);
  co_yield level * 10;
  co_yield current(); // copied before the guard restores the consumer's value
}

// CHECK-LABEL: converted(
// CHECK: { auto *agen_yielded = agen::detail::yield_address<false, T>(
template <class T> AGEN_GENERATOR agen::async_generator<T> converted(T to) {
  agen::scoped_override<int> o(level, static_cast<int>(to));
  co_yield T(level);
}

template <class T> T fail() { throw test_error("operand threw"); }

// CHECK-LABEL: throwing(
template <class T> AGEN_GENERATOR agen::async_generator<T> throwing() {
  Probe p("guard");
  co_yield fail<T>();
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto a = scaled(5);
    co_await drain(a);
    auto b = converted(7);
    co_await drain(b);
    auto c = converted(8L);
    co_await drain(c);
    auto d = throwing<int>();
    co_await drain(d);
    std::printf("consumer level %d\n", level);
  });
}

// TRACE: got 50
// TRACE-NEXT: got 5
// TRACE-NEXT: end
// TRACE-NEXT: got 7
// TRACE-NEXT: end
// TRACE-NEXT: got 8
// TRACE-NEXT: end
// TRACE-NEXT: +guard
// TRACE-NEXT: -guard
// TRACE-NEXT: caught operand threw
// TRACE-NEXT: consumer level 1
