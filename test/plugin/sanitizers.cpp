// Tests sanitizers through the plugin (-fsanitize=address,undefined).
//
// RUN: %clangxx %cxxflags -fsanitize=address,undefined -c %S/Inputs/mention.cpp -o %t.native.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsanitize=address,undefined -c %S/Inputs/mention.cpp -o %t.plugin.o 2>&1 | count 0
// RUN: cmp %t.native.o %t.plugin.o
// RUN: %clangxx -fsanitize=address,undefined %t.plugin.o -o %t.exe
// RUN: %t.exe | FileCheck %s
// CHECK: answer 42 line 14
//
// Generators: lowered by the plugin, compiled without a diagnostic.
// RUN: rm -f %t.gen.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsanitize=address,undefined -c %S/Inputs/generators.cpp -o %t.gen.o 2>%t.gen.err
// RUN: count 0 < %t.gen.err
// RUN: %clangxx -fsanitize=address,undefined %t.gen.o -o %t.gen.exe
// RUN: %t.gen.exe | FileCheck %s --check-prefix=GEN
// GEN: sum 42 line 28
