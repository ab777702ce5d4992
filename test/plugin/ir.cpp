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
// Generators: lowered by the plugin, compiled without a diagnostic.
// RUN: rm -f %t.gen.ll
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -S -emit-llvm %S/Inputs/generators.cpp -o %t.gen.ll 2>%t.gen.err
// RUN: count 0 < %t.gen.err
// RUN: FileCheck %s --check-prefix=GEN < %t.gen.ll
// GEN: define {{.*}}@_Z7counteri(
// The lowered frame (a local class of counter) is hosted by the runtime:
// GEN: define {{.*}}@_ZN4agen6detail4hostIivZ7counteriE10agen_frame
