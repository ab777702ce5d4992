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

// CHECK-LABEL: struct agen_frame { // repeat
// CHECK-NEXT: decltype(value) value;
// CHECK-NEXT: decltype(times) times;
// CHECK-NEXT: decltype(spy) spy;
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
    // CHECK-LABEL: struct agen_frame { // operator()
    // CHECK-NEXT: decltype(text) text;
    auto lengths = [] AGEN_GENERATOR(auto text) -> agen::async_generator<int> {
      co_yield static_cast<int>(text.size());
      text += "!";
      co_yield static_cast<int>(text.size());
    };
    auto h = lengths(std::string("abc"));
    co_await drain(h);
  });
}

// TRACE: +four
// TRACE-NEXT: got 14
// TRACE-NEXT: got 14
// TRACE-NEXT: end
// TRACE-NEXT: got 3
// TRACE-NEXT: got 4
// TRACE-NEXT: end
// TRACE-NEXT: -four
