// Tests that fix-its never write lowered code into the user's file: with
// -fixit the plugin leaves the file alone (no lowering, no error of its
// own), and only the compiler's fix-it lands.
//
// RUN: cp %S/Inputs/generators.cpp %t.cpp
// RUN: echo "int broken = 0" >> %t.cpp
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -Xclang -fixit -fsyntax-only %t.cpp 2>&1 | FileCheck %s --implicit-check-not=lowering
// CHECK: error: expected ';' after top level declarator
// CHECK: note: FIX-IT applied suggested code changes
// RUN: cp %S/Inputs/generators.cpp %t.expected.cpp
// RUN: echo "int broken = 0;" >> %t.expected.cpp
// RUN: cmp %t.expected.cpp %t.cpp
