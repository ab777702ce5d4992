// Tests that when a generator cannot be lowered, every rewriting mode reports
// a compiler-style error at the construct, exits non-zero and writes nothing.
//
// RUN: rm -f %t.out
// RUN: not %agen-rewrite %s -o %t.out -- %cxxflags 2>&1 | FileCheck %s
// RUN: not test -e %t.out
//
// RUN: not %agen-rewrite %s -- %cxxflags >%t.stdout 2>%t.stderr
// RUN: count 0 < %t.stdout
// RUN: FileCheck %s < %t.stderr
//
// RUN: not %agen-rewrite --check %s -- %cxxflags 2>&1 | FileCheck %s
//
// RUN: cp %s %t.cpp
// RUN: not %agen-rewrite -i %t.cpp -- %cxxflags 2>&1 | FileCheck %s
// RUN: cmp %s %t.cpp

#include <agen/agen.hpp>

AGEN_GENERATOR agen::async_generator<int> fine() { co_yield 1; }

AGEN_GENERATOR agen::async_generator<int> loops() {
  int i = 0;
again:
  co_yield i;
  // CHECK: error-writes-nothing.cpp{{(\.tmp\.cpp)?}}:[[@LINE+1]]:16: error: agen cannot lower 'goto' in an annotated generator
  if (++i < 3) goto again;
}
// CHECK-NOT: error:
