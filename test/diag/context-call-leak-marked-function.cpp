// agen-context-call-leak with functions marked
// [[clang::annotate("agen::modifies_context")]]: each is a family of its
// own (a second call restores the first, e.g. with the saved value), unless
// a second annotation argument names a shared family, so that push/pop
// pairs restore each other.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}

#include <agen/agen.hpp>

namespace trace {
[[clang::annotate("agen::modifies_context")]] int set_request_id(int id);
[[clang::annotate("agen::modifies_context", "span")]] void push_span(const char *name);
[[clang::annotate("agen::modifies_context", "span")]] void pop_span();
} // namespace trace

AGEN_GENERATOR agen::async_generator<int> requests(int id) {
  int previous = trace::set_request_id(id);
  co_yield 1;
// CHECK: marked-function.cpp:[[@LINE-1]]:3: warning: co_yield while the thread context set by 'trace::set_request_id' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: marked-function.cpp:[[@LINE-3]]:18: note: 'trace::set_request_id' changes the thread context here, and a path reaches the co_yield without restoring it
// CHECK: marked-function.cpp:[[@LINE-3]]:3: note: restore it before the co_yield (call 'trace::set_request_id' again with the value saved before), or keep the change in a context guard whose on_suspend() and on_resume() undo and redo it
  trace::set_request_id(previous);
  co_yield 2;
}

AGEN_GENERATOR agen::async_generator<int> spans() {
  trace::push_span("work");
  int v = 1;
  trace::pop_span();
  co_yield v;
  trace::push_span("more");
  co_yield v + 1;
// CHECK: marked-function.cpp:[[@LINE-1]]:3: warning: co_yield while the thread context set by 'trace::push_span' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: marked-function.cpp:[[@LINE-3]]:3: note: 'trace::push_span' changes the thread context here, and a path reaches the co_yield without restoring it
// CHECK: marked-function.cpp:[[@LINE-3]]:3: note: restore it before the co_yield (call the function of family 'span' that undoes it), or keep the change in a context guard whose on_suspend() and on_resume() undo and redo it
  trace::pop_span();
}
