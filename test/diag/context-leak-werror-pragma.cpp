// The warnings are in the -Wbackend-plugin group (LLVM 19 gives plugins no
// flags of their own), in the plugin and in agen-rewrite alike: -Werror
// makes them errors (agen-rewrite then writes nothing), -w silences them,
// and `#pragma clang diagnostic ignored "-Wbackend-plugin"` around a
// generator silences that generator's warnings only. clang-tidy has NOLINT
// instead (test/tidy/nolint.cpp).
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -Werror -fsyntax-only %s 2>&1 | FileCheck %s %{only} --check-prefix=ERROR
// RUN: not %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -Werror=backend-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only} --check-prefix=ERROR
// RUN: rm -f %t.lowered.cpp
// RUN: not %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -Werror 2>&1 | FileCheck %s %{only} --check-prefix=ERROR
// RUN: not test -e %t.lowered.cpp
//
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -w -fsyntax-only %s 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -Wno-backend-plugin -fsyntax-only %s 2>&1 | count 0
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -w 2>&1 | count 0
//
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only} --check-prefix=WARN
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefix=WARN

#include <agen/agen.hpp>

#include <mutex>

std::mutex m;

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wbackend-plugin"
AGEN_GENERATOR agen::async_generator<int> quiet() {
  std::lock_guard<std::mutex> g(m);
  co_yield 1;
}
#pragma clang diagnostic pop

AGEN_GENERATOR agen::async_generator<int> loud() {
  std::lock_guard<std::mutex> g(m);
  co_yield 2;
// ERROR: werror-pragma.cpp:[[@LINE-1]]:3: error: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak] [-Werror,-Wbackend-plugin]
// ERROR: werror-pragma.cpp:[[@LINE-3]]:31: note: 'g' holds the lock until the end of its scope
// ERROR: werror-pragma.cpp:[[@LINE-3]]:3: note: end the scope of 'g' before the co_yield
// WARN: werror-pragma.cpp:[[@LINE-4]]:3: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak] [-Wbackend-plugin]
// WARN: werror-pragma.cpp:[[@LINE-6]]:31: note: 'g' holds the lock until the end of its scope
// WARN: werror-pragma.cpp:[[@LINE-6]]:3: note: end the scope of 'g' before the co_yield
}
