// Tests that clang++ loads agen-plugin.so with a plain -fplugin, that the
// `agen` action takes -fplugin-arg-agen-* arguments (args.cpp tests them),
// and that the usual compile modes still work.
//
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -c %s -o %t.o
// RUN: test -s %t.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin %s -o %t.exe
// RUN: %t.exe | FileCheck %s --check-prefix=EXE
//
// CHECK: define {{.*}}main
// EXE: ok 42

#include <cstdio>

int main() {
  std::printf("ok %d\n", 6 * 7);
  return 0;
}
