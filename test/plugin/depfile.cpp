// Tests that -MD/-MF/-MP dependency output is the one the compiler writes
// without the plugin (the nested parse writes none; the main file keeps its
// file entry).
//
// RUN: %clangxx %cxxflags -MD -MP -MF %t.native.d -c %S/Inputs/mention.cpp -o %t.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -MD -MP -MF %t.plugin.d -c %S/Inputs/mention.cpp -o %t.o 2>&1 | count 0
// RUN: cmp %t.native.d %t.plugin.d
// RUN: FileCheck %s < %t.plugin.d
// CHECK: .o:
// CHECK-NEXT: Inputs/mention.cpp
// CHECK-NEXT: agen.hpp
//
// With generators: the same dependency file as without the plugin.
// RUN: %clangxx %cxxflags -MD -MF %t.native2.d -fsyntax-only %S/Inputs/generators.cpp
// RUN: rm -f %t.plugin2.d
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -MD -MF %t.plugin2.d -fsyntax-only %S/Inputs/generators.cpp 2>&1 | count 0
// RUN: cmp %t.native2.d %t.plugin2.d
