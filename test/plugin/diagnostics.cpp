// Tests that the core's diagnostics reach the user through the real
// compiler's diagnostics, at the original file, line and column, and that an
// error fails the compile without output (nothing partial is compiled).
//
// RUN: rm -f %t.o
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:
// RUN: not test -e %t.o
// -w silences warnings, not errors.
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -w -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:
// CHECK: diagnostics.cpp:[[@LINE+15]]:5: error: agen cannot lower 'goto' in an annotated generator
// CHECK: 1 error generated.
//
// Natively (no-lower) the file compiles.
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | count 0

#include <agen/agen.hpp>

AGEN_GENERATOR agen::async_generator<int> fine(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

AGEN_GENERATOR agen::async_generator<int> jumps(int n) {
  if (n > 0)
    goto done;
  co_yield n;
done:
  co_return;
}
