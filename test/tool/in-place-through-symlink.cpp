// -i on a symbolic link rewrites the file it names and keeps the link (an
// atomic rename onto the link's path would have replaced the link).
//
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: cp %s %t.dir/real.cpp && ln -s real.cpp %t.dir/link.cpp
// RUN: %agen-rewrite -i %t.dir/link.cpp -- %cxxflags
// RUN: test -L %t.dir/link.cpp
// RUN: FileCheck %s --input-file=%t.dir/real.cpp
// CHECK: struct agen_frame

#include <agen/agen.hpp>

AGEN_GENERATOR agen::async_generator<int> one() { co_yield 1; }
