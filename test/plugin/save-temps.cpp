// Tests -save-temps through the plugin: the .ii is the unlowered
// preprocessor output (the plugin does not run for -E), the plugin lowers
// the .ii, and diagnostics point at the original file through its line
// markers.
//
// RUN: rm -rf %t && mkdir -p %t/native %t/plugin
// RUN: cd %t/native && %clangxx %cxxflags -save-temps -c %S/Inputs/mention.cpp -o mention.o
// RUN: cd %t/plugin && %clangxx %cxxflags -fplugin=%agen-plugin -save-temps -c %S/Inputs/mention.cpp -o mention.o 2>&1 | count 0
// RUN: cmp %t/native/mention.ii %t/plugin/mention.ii
// RUN: cmp %t/native/mention.s %t/plugin/mention.s
// RUN: cmp %t/native/mention.o %t/plugin/mention.o
//
// Generators: lowered by the plugin, compiled without a diagnostic.
// The plugin lowers the .ii; diagnostics reach the original file through its
// line markers (the column is the one in the expanded .ii).
// RUN: cd %t/plugin && rm -f generators.o
// RUN: cd %t/plugin && %clangxx %cxxflags -fplugin=%agen-plugin -save-temps -c %S/Inputs/generators.cpp -o generators.o 2>%t/gen.err
// RUN: count 0 < %t/gen.err
// RUN: cd %t/native && %clangxx %cxxflags -E %S/Inputs/generators.cpp -o generators.ii
// RUN: cmp %t/native/generators.ii %t/plugin/generators.ii
// RUN: %clangxx %t/plugin/generators.o -o %t/gen.exe
// RUN: %t/gen.exe | FileCheck %s --check-prefix=GEN
// GEN: sum 42 line 28
