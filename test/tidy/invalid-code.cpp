// Code that does not compile: clang-tidy still runs the checks on what
// parsed (a generator with an error in an unrelated statement is checked)
// and nothing crashes, also on dependent and broken templates.
//
// RUN: not %clang-tidy --load=%agen-tidy-module --checks=-*,agen-* %s -- %cxxflags > %t.out 2>&1
// RUN: FileCheck %s --input-file=%t.out --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// CHECK: invalid-code.cpp:[[@LINE+15]]:3: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
// CHECK: invalid-code.cpp:[[@LINE+15]]:3: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: invalid-code.cpp:[[@LINE+12]]:31: note: 'g' holds the lock until the end of its scope
// CHECK: invalid-code.cpp:[[@LINE+13]]:3: note: end the scope of 'g' before the co_yield
// CHECK: invalid-code.cpp:[[@LINE+17]]:5: error: no member named 'nothing' in 'std::reference_wrapper<std::mutex>' [clang-diagnostic-error]
// CHECK: invalid-code.cpp:[[@LINE+19]]:17: note: in instantiation of function template specialization

#include <agen/agen.hpp>

#include <mutex>

std::mutex m;

AGEN_GENERATOR agen::async_generator<int> broken() {
  std::lock_guard<std::mutex> g(m);
  undeclared(1);
  co_yield 1;
}

template <class T> AGEN_GENERATOR agen::async_generator<T> dependent(T t) {
  std::lock_guard<std::mutex> g(m);
  t.nothing();
  co_yield t;
}
auto instance = dependent(std::ref(m));
