// Tests that a file which never spells the generator annotation compiles
// exactly as without the plugin (the pre-scan skips it): same assembly, IR
// and object, no diagnostics.
//
// RUN: %clangxx %cxxflags -S %s -o %t.native.s
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S %s -o %t.plugin.s 2>&1 | count 0
// RUN: cmp %t.native.s %t.plugin.s
// RUN: %clangxx %cxxflags -S -emit-llvm %s -o %t.native.ll
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S -emit-llvm %s -o %t.plugin.ll 2>&1 | count 0
// RUN: cmp %t.native.ll %t.plugin.ll
// RUN: %clangxx %cxxflags -O2 -g -c %s -o %t.native.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -O2 -g -c %s -o %t.plugin.o 2>&1 | count 0
// RUN: cmp %t.native.o %t.plugin.o

#include <cstdio>
#include <vector>

static int sum(const std::vector<int> &v) {
  int s = 0;
  for (int x : v)
    s += x;
  return s;
}

int main() {
  std::printf("%d\n", sum({1, 2, 3}));
  return 0;
}
