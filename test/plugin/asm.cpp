// Tests -S through the plugin: the assembly of a file parsed twice is the
// assembly the compiler makes without the plugin.
//
// RUN: %clangxx %cxxflags -S %S/Inputs/mention.cpp -o %t.native.s
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S %S/Inputs/mention.cpp -o %t.plugin.s 2>&1 | count 0
// RUN: cmp %t.native.s %t.plugin.s
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S %S/Inputs/mention.cpp -o - | FileCheck %s
// CHECK: main:
//
// Generators: lowered by the plugin, compiled without a diagnostic.
// RUN: rm -f %t.gen.s
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S %S/Inputs/generators.cpp -o %t.gen.s 2>%t.gen.err
// RUN: count 0 < %t.gen.err
// RUN: FileCheck %s --check-prefix=GEN < %t.gen.s
// GEN: {{^}}_Z7counteri:
// GEN: {{^}}_ZN4agen6detail4hostIivZ7counteriE10agen_frame{{.*}}:
