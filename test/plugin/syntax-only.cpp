// Tests -fsyntax-only through the plugin: nothing written, no diagnostics
// for a file without generators.
//
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %S/Inputs/mention.cpp 2>&1 | count 0
//
// Generators are lowered (and the lowered code checked) here too, without a
// diagnostic; print-lowered shows that the lowering ran.
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %S/Inputs/generators.cpp 2>%t.gen.err
// RUN: count 0 < %t.gen.err
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=single -fsyntax-only %S/Inputs/generators.cpp 2>&1 | FileCheck %s
// CHECK: struct agen_frame { // single, lowered by agen from generators.cpp:14
