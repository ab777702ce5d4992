// Generators whose parameters are declared `auto` (an abbreviated function
// template, a generic lambda): the frame spells each copy's type through the
// parameter, `decltype(x)`, the only name the invented template parameter
// has.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -Wno-c++23-lambda-attributes -I%S/Inputs
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -Wno-c++23-lambda-attributes -I%S/Inputs %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -Wno-c++23-lambda-attributes -I%S/Inputs %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// The plugin lowers with the same core: same CHECK lines, same trace.
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=repeat -fplugin-arg-agen-print-lowered=operator() %cxxflags %sanitize -Wall -Wextra -Werror -Wno-c++23-lambda-attributes -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

#include <concepts>

// CHECK: using agen_value_type = decltype(value);
// CHECK-NEXT: using agen_times_type = decltype(times);
// CHECK-NEXT: using agen_spy_type = decltype(spy);
// CHECK-NEXT: struct agen_frame { // repeat
// CHECK-NEXT: agen_value_type value;
// CHECK-NEXT: agen_times_type times;
// CHECK-NEXT: agen_spy_type spy;
AGEN_GENERATOR agen::async_generator<int> repeat(std::integral auto value,
                                                 std::integral auto times,
                                                 const auto &spy) {
  for (decltype(times) i = 0; i < times; ++i)
    co_yield static_cast<int>(value) + static_cast<int>(spy.name.size());
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    Spy named("four");
    auto g = repeat(short{10}, 2L, named);
    co_await drain(g);
    // CHECK: using agen_text_type = decltype(text);
    // CHECK-NEXT: struct agen_frame { // operator()
    // CHECK-NEXT: agen_text_type text;
    auto lengths = [] AGEN_GENERATOR(auto text) -> agen::async_generator<int> {
      co_yield static_cast<int>(text.size());
      text += "!";
      co_yield static_cast<int>(text.size());
    };
    auto h = lengths(std::string("abc"));
    co_await drain(h);
    // A capturing generic lambda: the same alias, outside the frame.
    int base = 100;
    // CHECK: using agen_x_type = decltype(x);
    auto offset = [&] AGEN_GENERATOR(auto x) -> agen::async_generator<int> {
      co_yield base + x;
    };
    auto o = offset(5);
    co_await drain(o);
  });
}

// TRACE: +four
// TRACE-NEXT: got 14
// TRACE-NEXT: got 14
// TRACE-NEXT: end
// TRACE-NEXT: got 3
// TRACE-NEXT: got 4
// TRACE-NEXT: end
// TRACE-NEXT: got 105
// TRACE-NEXT: end
// TRACE-NEXT: -four
