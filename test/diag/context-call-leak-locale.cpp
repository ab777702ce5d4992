// agen-context-call-leak with the locale setters: uselocale (the thread's
// locale), setlocale (the global C locale) and std::locale::global (the
// global C++ locale) not restored before a suspension.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}

#include <agen/agen.hpp>

#include <clocale>
#include <locale>

AGEN_GENERATOR agen::async_generator<int> thread_locale(locale_t l) {
  locale_t old = uselocale(l);
  co_yield 1;
// CHECK: locale.cpp:[[@LINE-1]]:3: warning: co_yield while the thread's locale set by 'uselocale' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: locale.cpp:[[@LINE-3]]:18: note: 'uselocale' changes the thread's locale here, and a path reaches the co_yield without restoring it
// CHECK: locale.cpp:[[@LINE-3]]:3: note: restore it before the co_yield (call 'uselocale' again with the locale it returned), or keep the change in a context guard whose on_suspend() and on_resume() undo and redo it
  uselocale(old);
}

AGEN_GENERATOR agen::async_generator<int> c_locale() {
  setlocale(LC_ALL, "C");
  co_yield 1;
// CHECK: locale.cpp:[[@LINE-1]]:3: warning: co_yield while the global C locale set by 'setlocale' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: locale.cpp:[[@LINE-3]]:3: note: 'setlocale' changes the global C locale here, and a path reaches the co_yield without restoring it
// CHECK: locale.cpp:[[@LINE-3]]:3: note: restore it before the co_yield (call 'setlocale' again with a copy of the name it returned)
}

AGEN_GENERATOR agen::async_generator<int> cxx_locale() {
  std::locale previous = std::locale::global(std::locale::classic());
  co_await std::suspend_always{};
// CHECK: locale.cpp:[[@LINE-1]]:3: warning: co_await while the global C++ locale set by 'std::locale::global' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: locale.cpp:[[@LINE-3]]:26: note: 'std::locale::global' changes the global C++ locale here, and a path reaches the co_await without restoring it
// CHECK: locale.cpp:[[@LINE-3]]:3: note: restore it before the co_await (call 'std::locale::global' again with the locale it returned)
  std::locale::global(previous);
}
