// Tests -emit-llvm (text and bitcode) through the plugin.
//
// RUN: %clangxx %cxxflags -S -emit-llvm %S/Inputs/mention.cpp -o %t.native.ll
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S -emit-llvm %S/Inputs/mention.cpp -o %t.plugin.ll 2>&1 | count 0
// RUN: cmp %t.native.ll %t.plugin.ll
// RUN: FileCheck %s < %t.plugin.ll
// CHECK: source_filename = "{{.*}}mention.cpp"
// CHECK: define {{.*}}@main()
// RUN: %clangxx %cxxflags -c -emit-llvm %S/Inputs/mention.cpp -o %t.native.bc
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -c -emit-llvm %S/Inputs/mention.cpp -o %t.plugin.bc 2>&1 | count 0
// RUN: cmp %t.native.bc %t.plugin.bc
//
// Generators. Until the core lowers (agen issue 3) the compile fails with
// the core's error at the first generator and writes nothing; `A || B` lines
// accept either state, each checked strictly.
// RUN: rm -f %t.gen.ll
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S -emit-llvm %S/Inputs/generators.cpp -o %t.gen.ll 2>%t.gen.err || FileCheck %s --check-prefix=NYI < %t.gen.err
// RUN: not test -e %t.gen.ll || count 0 < %t.gen.err
// RUN: not test -e %t.gen.ll || FileCheck %s --check-prefix=GEN < %t.gen.ll
// GEN: define {{.*}}@_Z7counteri(
// NYI: generators.cpp:9:43: error: lowering of annotated generators is not implemented yet
