// agen-context-leak with classes marked AGEN_CONTEXT_MODIFIER: the class, a
// class derived from it and a marked class template are context modifiers; a
// co_yield, or a co_await inside an expression, in their scope is reported.
// An unmarked class with a destructor is not a modifier.
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}

#include <agen/agen.hpp>

namespace trace {
class AGEN_CONTEXT_MODIFIER Span {
public:
  explicit Span(const char *name);
  ~Span();
};
class ChildSpan : public Span {
public:
  using Span::Span;
};
template <class T> class AGEN_CONTEXT_MODIFIER Tagged {
public:
  explicit Tagged(T tag);
  ~Tagged();
};
} // namespace trace

struct Plain {
  ~Plain();
};

AGEN_GENERATOR agen::async_generator<int> spans(int n) {
  Plain p;
  {
    trace::Span s("outer");
    co_yield 1;
// CHECK: marked-class.cpp:[[@LINE-1]]:5: warning: co_yield while 'trace::Span' context modifier 's' is live leaks thread context across the suspension [agen-context-leak]
// CHECK: marked-class.cpp:[[@LINE-3]]:17: note: 's' changes the thread's context until the end of its scope
// CHECK: marked-class.cpp:[[@LINE-3]]:5: note: end the scope of 's' before the co_yield: compute the value inside the scope and co_yield it after the scope, or give 'trace::Span' on_suspend() and on_resume() members (a context guard)
  }
  co_yield 2;
  trace::ChildSpan c("child");
  trace::Tagged<int> t(n);
  int r = (co_await std::suspend_always{}, n) + 1;
// CHECK: marked-class.cpp:[[@LINE-1]]:12: warning: co_await while 'trace::ChildSpan' context modifier 'c' is live leaks thread context across the suspension [agen-context-leak]
// CHECK: marked-class.cpp:[[@LINE-4]]:20: note: 'c' changes the thread's context until the end of its scope
// CHECK: marked-class.cpp:[[@LINE-3]]:12: note: end the scope of 'c' before the co_await: do the work that needs it inside the scope and co_await after the scope, or give 'trace::ChildSpan' on_suspend() and on_resume() members (a context guard)
// CHECK: marked-class.cpp:[[@LINE-4]]:12: warning: co_await while 'trace::Tagged<int>' context modifier 't' is live
// CHECK: marked-class.cpp:[[@LINE-6]]:22: note: 't' changes the thread's context until the end of its scope
// CHECK: marked-class.cpp:[[@LINE-6]]:12: note: end the scope of 't' before the co_await: {{.*}} or give 'trace::Tagged<int>' on_suspend() and on_resume() members (a context guard)
  co_yield r;
// CHECK: marked-class.cpp:[[@LINE-1]]:3: warning: co_yield while 'trace::ChildSpan' context modifier 'c' is live
// CHECK: marked-class.cpp:[[@LINE-11]]:20: note: 'c' changes
// CHECK: marked-class.cpp:[[@LINE-3]]:3: note: end the scope of 'c' before the co_yield
// CHECK: marked-class.cpp:[[@LINE-4]]:3: warning: co_yield while 'trace::Tagged<int>' context modifier 't' is live
// CHECK: marked-class.cpp:[[@LINE-13]]:22: note: 't' changes
// CHECK: marked-class.cpp:[[@LINE-6]]:3: note: end the scope of 't' before the co_yield
}
