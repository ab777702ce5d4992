// Tests that, until the lowering exists (agen issue 3), every rewriting mode
// reports a compiler-style error for a file with annotated generators, exits
// non-zero and writes nothing.
//
// RUN: rm -f %t.out
// RUN: not %agen-rewrite %s -o %t.out -- -std=c++20 2>&1 | FileCheck %s
// RUN: not test -e %t.out
//
// RUN: not %agen-rewrite %s -- -std=c++20 >%t.stdout 2>%t.stderr
// RUN: count 0 < %t.stdout
// RUN: FileCheck %s < %t.stderr
//
// RUN: not %agen-rewrite --check %s -- -std=c++20 2>&1 | FileCheck %s
//
// RUN: cp %s %t.cpp
// RUN: not %agen-rewrite -i %t.cpp -- -std=c++20 2>&1 | FileCheck %s
// RUN: cmp %s %t.cpp

#include <coroutine>

#define AGEN_GENERATOR [[clang::annotate("agen::generator")]]

template <class T> struct gen {
  struct promise_type {
    gen get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
};

// One error per file, at its first generator.
// CHECK: not-implemented.cpp{{(\.tmp\.cpp)?}}:[[@LINE+1]]:25: error: lowering of annotated generators is not implemented yet (agen issue 3)
AGEN_GENERATOR gen<int> first() { co_yield 1; }
AGEN_GENERATOR gen<int> second() { co_yield 2; }
// CHECK-NOT: error:
