// Tests -c at -O0 and -O2 through the plugin.
//
// A file the plugin parses twice (it mentions the annotation) but that
// defines no generator: the object is the one the compiler makes without the
// plugin, and it runs.
// RUN: %clangxx %cxxflags -c %S/Inputs/mention.cpp -o %t.native.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -c %S/Inputs/mention.cpp -o %t.plugin.o 2>&1 | count 0
// RUN: cmp %t.native.o %t.plugin.o
// RUN: %clangxx %cxxflags -O2 -c %S/Inputs/mention.cpp -o %t.native2.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -O2 -c %S/Inputs/mention.cpp -o %t.plugin2.o 2>&1 | count 0
// RUN: cmp %t.native2.o %t.plugin2.o
// RUN: %clangxx %t.plugin2.o -o %t.exe
// RUN: %t.exe | FileCheck %s --check-prefix=EXE
// EXE: answer 42 line 14
//
// Generators: lowered by the plugin, compiled without a diagnostic (at -O0
// and -O2); the program prints what it prints natively.
// RUN: rm -f %t.gen.o %t.gen2.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -c %S/Inputs/generators.cpp -o %t.gen.o 2>%t.gen.err
// RUN: count 0 < %t.gen.err
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -O2 -c %S/Inputs/generators.cpp -o %t.gen2.o 2>%t.gen2.err
// RUN: count 0 < %t.gen2.err
// RUN: %clangxx %t.gen2.o -o %t.gen.exe
// RUN: %t.gen.exe | FileCheck %s --check-prefix=GEN
// GEN: sum 42 line 28
