// Tests input from stdin (-x c++ -) through the plugin: the file is read
// once and shared with the nested parse.
//
// RUN: %clangxx %cxxflags -x c++ -c - -o %t.native.o < %S/Inputs/mention.cpp
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -x c++ -c - -o %t.plugin.o < %S/Inputs/mention.cpp 2>&1 | count 0
// RUN: cmp %t.native.o %t.plugin.o
//
// Generators: lowered by the plugin, compiled without a diagnostic.
// Diagnostics name <stdin> and its lines; the lowered program runs.
// RUN: rm -f %t.gen.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -x c++ -c - -o %t.gen.o < %S/Inputs/generators.cpp 2>%t.gen.err
// RUN: count 0 < %t.gen.err
// RUN: %clangxx %t.gen.o -o %t.gen.exe
// RUN: %t.gen.exe | FileCheck %s --check-prefix=GEN
// GEN: sum 42 line 28
