// agen-context-leak checks each instantiation of a generator template:
// whether a type is a modifier can depend on the template arguments. The
// same finding from several instantiations is reported once, even when
// their messages name other types (std::mutex, std::recursive_mutex), so a
// fix-it is applied once; a template that is never instantiated is not
// checked. The warnings do not stop the
// lowering of the templates.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -Wall -Wextra -fsyntax-only %t.lowered.cpp 2>&1 | count 0

#include <agen/agen.hpp>

#include <mutex>

struct AGEN_CONTEXT_MODIFIER Span {
  ~Span();
};
struct Plain {
  ~Plain();
};

template <class Mutex>
AGEN_GENERATOR agen::async_generator<int> locked(Mutex &mu) {
  std::lock_guard<Mutex> g(mu);
  co_yield 1;
// CHECK: template.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: template.cpp:[[@LINE-3]]:26: note: 'g' holds the lock until the end of its scope
// CHECK: template.cpp:[[@LINE-3]]:3: note: end the scope of 'g' before the co_yield
}

template <class Mutex>
AGEN_GENERATOR agen::async_generator<int> unique(Mutex &mu) {
  std::unique_lock<Mutex> lk(mu);
  co_yield 1;
// CHECK: template.cpp:[[@LINE-1]]:3: warning: co_yield while 'std::unique_lock<std::mutex>' lock 'lk' is held
// CHECK: template.cpp:[[@LINE-3]]:27: note: 'lk' holds the lock until the end of its scope
// CHECK: template.cpp:[[@LINE-3]]:3: note: end the scope of 'lk' before the co_yield
// CHECK: template.cpp:[[@LINE-4]]:3: note: unlock 'lk' for the co_yield
}

template <class Guard> AGEN_GENERATOR agen::async_generator<int> guarded() {
  Guard g;
  co_yield 1;
// CHECK: template.cpp:[[@LINE-1]]:3: warning: co_yield while 'Span' context modifier 'g' is live
// CHECK: template.cpp:[[@LINE-3]]:9: note: 'g' changes the thread's context
// CHECK: template.cpp:[[@LINE-3]]:3: note: end the scope of 'g' before the co_yield
}

template <class T> struct Cache {
  std::mutex mu;
  AGEN_GENERATOR agen::async_generator<T> values() {
    std::lock_guard<std::mutex> g(mu);
    co_yield T{};
// CHECK: template.cpp:[[@LINE-1]]:5: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held
// CHECK: template.cpp:[[@LINE-3]]:33: note: 'g' holds the lock
// CHECK: template.cpp:[[@LINE-3]]:5: note: end the scope of 'g' before the co_yield
  }
};

template <class Mutex>
AGEN_GENERATOR agen::async_generator<int> never_instantiated(Mutex &mu) {
  std::lock_guard<Mutex> g(mu);
  co_yield 1;
}

std::mutex m;
std::recursive_mutex rm;

void instantiate() {
  (void)locked(m);
  (void)locked(rm);
  (void)locked(m);
  (void)unique(m);
  (void)unique(rm);
  (void)guarded<Span>();
  (void)guarded<Plain>();
  (void)Cache<int>().values();
  (void)Cache<long>().values();
}
