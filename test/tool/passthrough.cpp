// Tests that a file without annotated generators passes through agen-rewrite
// byte for byte in every mode.
//
// RUN: rm -f %t.out
// RUN: %agen-rewrite %s -o %t.out -- -std=c++20
// RUN: cmp %s %t.out
//
// No flag: the file is printed to stdout.
// RUN: %agen-rewrite %s -- -std=c++20 > %t.stdout
// RUN: cmp %s %t.stdout
//
// --check: nothing to rewrite, exit 0, no output.
// RUN: %agen-rewrite --check %s -- -std=c++20 | count 0
//
// -i: the file is left untouched.
// RUN: cp %s %t.cpp
// RUN: %agen-rewrite -i %t.cpp -- -std=c++20
// RUN: cmp %s %t.cpp
//
// --list: nothing to list.
// RUN: %agen-rewrite --list %s -- -std=c++20 | count 0

#include <coroutine>
#include <vector>

// Trailing whitespace and tabs must survive:	 
struct S {
	int x = 0;   
};

// An annotation other than agen::generator is not a generator.
[[clang::annotate("something::else")]] int f(std::vector<S> v) {
  return v.empty() ? 0 : v.front().x;
}
