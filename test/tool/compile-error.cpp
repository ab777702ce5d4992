// Tests that a file that does not compile gets the compiler's own diagnostics,
// a non-zero exit and no output, in every mode.
//
// RUN: rm -f %t.out
// RUN: not %agen-rewrite %s -o %t.out -- -std=c++20 2>&1 | FileCheck %s
// RUN: not test -e %t.out
// RUN: not %agen-rewrite %s -- -std=c++20 2>/dev/null | count 0
// RUN: not %agen-rewrite --list %s -- -std=c++20 2>/dev/null | count 0
// RUN: not %agen-rewrite --check %s -- -std=c++20 2>&1 | FileCheck %s
//
// CHECK: compile-error.cpp:[[@LINE+3]]:24: error: expected ';' after return statement

#define AGEN_GENERATOR [[clang::annotate("agen::generator")]]
int broken() { return 1 }
AGEN_GENERATOR int *g() { return nullptr; }
