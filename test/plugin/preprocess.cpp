// Tests that -E output is untouched by the plugin, with generators too, and
// that -E never runs the lowering (no error, nothing printed).
//
// RUN: %clangxx %cxxflags -E %S/Inputs/generators.cpp -o %t.native.ii
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=counter -E %S/Inputs/generators.cpp -o %t.plugin.ii 2>&1 | count 0
// RUN: cmp %t.native.ii %t.plugin.ii
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -E %S/Inputs/generators.cpp | FileCheck %s
// CHECK: clang::annotate("agen::generator")]] agen::async_generator<int> counter(int n) {
//
// RUN: %clangxx %cxxflags -E %S/Inputs/mention.cpp -o %t.native2.ii
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -E %S/Inputs/mention.cpp -o %t.plugin2.ii 2>&1 | count 0
// RUN: cmp %t.native2.ii %t.plugin2.ii
