// Lowering is idempotent: agen-rewrite's output keeps AGEN_GENERATOR on the
// lowered functions, which are no longer coroutines, so rewriting it again
// changes nothing (in every mode), and --check reports nothing pending. An
// annotated function that is not a coroutine (it forwards another generator)
// has nothing to lower either.
//
// RUN: %agen-rewrite %s -o %t.once.cpp -- %cxxflags
// RUN: FileCheck %s --input-file=%t.once.cpp
// RUN: %agen-rewrite %t.once.cpp -o %t.twice.cpp -- %cxxflags
// RUN: cmp %t.once.cpp %t.twice.cpp
// RUN: %agen-rewrite --check %t.once.cpp -- %cxxflags | count 0
// RUN: cp %t.once.cpp %t.inplace.cpp
// RUN: %agen-rewrite -i %t.inplace.cpp -- %cxxflags
// RUN: cmp %t.once.cpp %t.inplace.cpp
// RUN: %clangxx -fplugin=%agen-plugin %cxxflags -Wall -Wextra -Werror -fsyntax-only %t.once.cpp
// RUN: not %agen-rewrite --check %s -- %cxxflags | FileCheck %s --check-prefix=PENDING
// PENDING: idempotent.cpp: rewrite pending

#include <agen/agen.hpp>

// CHECK-LABEL: agen::async_generator<int> counter(int n) {
// CHECK-NEXT: struct agen_frame
AGEN_GENERATOR agen::async_generator<int> counter(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

// CHECK-LABEL: agen::async_generator<int> forwarded() {
// CHECK-NEXT: return counter(3);
// CHECK-NEXT: }
AGEN_GENERATOR agen::async_generator<int> forwarded() {
  return counter(3);
}
