// The #line directives agen-rewrite writes name the main file as it was
// typed on the command line (LibTooling parses it by its absolute path), so
// __FILE__ in and after a lowered generator is what a native compile of the
// same command line gives, wherever the checkout is.
//
// RUN: rm -rf %t.dir && mkdir %t.dir && cp %s %t.dir/input.cpp
// RUN: cd %t.dir && %agen-rewrite input.cpp -o lowered.cpp -- %cxxflags
// RUN: FileCheck %s --input-file=%t.dir/lowered.cpp --implicit-check-not='#line {{[0-9]+}} "/'
// CHECK: #line {{[0-9]+}} "input.cpp"

#include <agen/agen.hpp>

AGEN_GENERATOR agen::async_generator<const char *> file() { co_yield __FILE__; }
