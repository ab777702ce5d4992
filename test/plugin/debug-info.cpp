// Tests -g through the plugin: line tables point at the original lines.
//
// A file parsed twice but left as it is: the object made without the plugin.
// RUN: %clangxx %cxxflags -g -O0 -c %S/Inputs/mention.cpp -o %t.native.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -g -O0 -c %S/Inputs/mention.cpp -o %t.plugin.o 2>&1 | count 0
// RUN: cmp %t.native.o %t.plugin.o
// RUN: llvm-objdump-19 -d -l --no-show-raw-insn %t.plugin.o | FileCheck %s --check-prefix=MENTION
// MENTION: mention.cpp:8
// MENTION: mention.cpp:10
// MENTION: mention.cpp:14
//
// Generators: lowered by the plugin, compiled without a diagnostic.
// Once lowered, the code of counter() maps to its lines 9-11 (the core's #line
// directives), main() to line 28, and nothing beyond the file's 31 lines.
// RUN: rm -f %t.gen.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -g -O0 -c %S/Inputs/generators.cpp -o %t.gen.o 2>%t.gen.err
// RUN: count 0 < %t.gen.err
// RUN: llvm-objdump-19 -d -l --no-show-raw-insn %t.gen.o | FileCheck %s --check-prefix=GEN '--implicit-check-not=generators.cpp:{{(3[2-9]|[4-9][0-9]|[1-9][0-9][0-9]+)$}}'
// GEN-DAG: generators.cpp:10{{$}}
// GEN-DAG: generators.cpp:11{{$}}
// GEN-DAG: generators.cpp:14{{$}}
// GEN-DAG: generators.cpp:28{{$}}
