// Tests sanitizers through the plugin (-fsanitize=address,undefined).
//
// RUN: %clangxx %cxxflags -fsanitize=address,undefined -c %S/Inputs/mention.cpp -o %t.native.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsanitize=address,undefined -c %S/Inputs/mention.cpp -o %t.plugin.o 2>&1 | count 0
// RUN: cmp %t.native.o %t.plugin.o
// RUN: %clangxx -fsanitize=address,undefined %t.plugin.o -o %t.exe
// RUN: %t.exe | FileCheck %s
// CHECK: answer 42 line 14
//
// Generators. Until the core lowers (agen issue 3) the compile fails with
// the core's error at the first generator and writes nothing; `A || B` lines
// accept either state, each checked strictly.
// RUN: rm -f %t.gen.o
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsanitize=address,undefined -c %S/Inputs/generators.cpp -o %t.gen.o 2>%t.gen.err || FileCheck %s --check-prefix=NYI < %t.gen.err
// RUN: not test -e %t.gen.o || count 0 < %t.gen.err
// RUN: not test -e %t.gen.o || %clangxx -fsanitize=address,undefined %t.gen.o -o %t.gen.exe
// RUN: not test -e %t.gen.o || %t.gen.exe | FileCheck %s --check-prefix=GEN
// GEN: sum 42 line 28
// NYI: generators.cpp:9:43: error: lowering of annotated generators is not implemented yet
