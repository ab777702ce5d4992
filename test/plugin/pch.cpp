// Tests precompiled headers with the plugin: building a PCH through the
// plugin, and compiling with -include-pch (the nested parse loads it too).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx %cxxflags -x c++-header %S/Inputs/pch.h -o %t/native.pch
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -x c++-header %S/Inputs/pch.h -o %t/plugin.pch 2>&1 | count 0
// RUN: %clangxx %cxxflags -include-pch %t/native.pch -c %S/Inputs/mention.cpp -o %t/native.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -include-pch %t/plugin.pch -c %S/Inputs/mention.cpp -o %t/plugin.o 2>&1 | count 0
// RUN: cmp %t/native.o %t/plugin.o
// RUN: %clangxx %t/plugin.o -o %t/mention && %t/mention | FileCheck %s
// CHECK: answer 42 line 14
//
// Generators: lowered by the plugin, compiled without a diagnostic.
// RUN: rm -f %t/gen.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -include-pch %t/plugin.pch -c %S/Inputs/generators.cpp -o %t/gen.o 2>%t/gen.err
// RUN: count 0 < %t/gen.err
// RUN: %clangxx %t/gen.o -o %t/gen.exe
// RUN: %t/gen.exe | FileCheck %s --check-prefix=GEN
// GEN: sum 42 line 28
