// The fix-it for a std::unique_lock held at a suspension (unlock before the
// suspending statement, lock after it) is on a note, because the statement
// then runs without the lock: --export-fixes writes it under the note,
// --fix leaves the file alone, --fix-notes applies it, and the fixed file
// compiles without warnings. A template instantiated twice gets the fix
// once. --format-style=none: a .clang-tidy above the
// build tree (the repo's own, FormatStyle: file) must not reformat the fix.
//
// RUN: %clang-tidy --load=%agen-tidy-module --checks=-*,agen-* %s --export-fixes=%t.yaml -- %cxxflags > /dev/null
// RUN: FileCheck %s --input-file=%t.yaml --check-prefix=YAML
// YAML:      Diagnostics:
// YAML-NEXT:   - DiagnosticName:  agen-context-leak
// YAML-NEXT:     DiagnosticMessage:
// YAML-NEXT:       Message:         'co_yield while ''std::unique_lock<std::mutex>'' lock ''lk'' is held leaks thread context across the suspension'
// YAML-NEXT:       FilePath:        '{{.*}}export-fixes.cpp'
// YAML-NEXT:       FileOffset:
// YAML-NEXT:       Replacements:    []
// YAML-NEXT:     Notes:
// YAML-NEXT:       - Message:         '''lk'' holds the lock until the end of its scope'
// YAML:            - Message:         'unlock ''lk'' for the co_yield (its operand then runs without the lock)'
// YAML-NEXT:         FilePath:        '{{.*}}export-fixes.cpp'
// YAML-NEXT:         FileOffset:
// YAML-NEXT:         Replacements:
// YAML-NEXT:           - FilePath:        '{{.*}}export-fixes.cpp'
// YAML-NEXT:             Offset:
// YAML-NEXT:             Length:          0
// YAML-NEXT:             ReplacementText: 'lk.unlock(); '
// YAML-NEXT:           - FilePath:        '{{.*}}export-fixes.cpp'
// YAML-NEXT:             Offset:
// YAML-NEXT:             Length:          0
// YAML-NEXT:             ReplacementText: ' lk.lock();'
// YAML:        - DiagnosticName:  agen-context-leak
// YAML:              ReplacementText: 'lk.unlock(); '
// YAML:              ReplacementText: ' lk.lock();'
// YAML:        - DiagnosticName:  agen-context-leak
// YAML:              ReplacementText: 'lk.unlock(); '
// YAML:              ReplacementText: ' lk.lock();'
// YAML-NOT:    DiagnosticName
//
// RUN: cp %s %t.cpp
// RUN: %clang-tidy --load=%agen-tidy-module --checks=-*,agen-* --format-style=none --fix %t.cpp -- %cxxflags > /dev/null 2>&1
// RUN: diff %s %t.cpp
// RUN: %clang-tidy --load=%agen-tidy-module --checks=-*,agen-* --format-style=none --fix-notes %t.cpp -- %cxxflags > /dev/null 2>&1
// RUN: grep -v '^// [A-Z-]*:' %t.cpp | FileCheck %s --check-prefix=FIXED
// FIXED:      std::unique_lock<std::mutex> lk(m);
// FIXED-NEXT: lk.unlock(); co_yield value; lk.lock();
// FIXED-NEXT: lk.unlock(); int v = (co_await std::suspend_always{}, value); lk.lock();
// FIXED:      std::unique_lock<Mutex> lk(mu);
// FIXED-NEXT: {{^}}  lk.unlock(); co_yield 1; lk.lock();{{$}}
// RUN: %clang-tidy --load=%agen-tidy-module --checks=-*,agen-* %t.cpp -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -Wall -Wextra -fsyntax-only %t.cpp

#include <agen/agen.hpp>

#include <mutex>

std::mutex m;
int value = 0;

AGEN_GENERATOR agen::async_generator<int> held() {
  std::unique_lock<std::mutex> lk(m);
  co_yield value;
  int v = (co_await std::suspend_always{}, value);
  lk.unlock();
  co_yield v;
}

template <class Mutex>
AGEN_GENERATOR agen::async_generator<int> twice(Mutex &mu) {
  std::unique_lock<Mutex> lk(mu);
  co_yield 1;
}

std::recursive_mutex rm;

void instantiate() {
  (void)twice(m);
  (void)twice(rm);
}
