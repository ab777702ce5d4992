// Switching the checks on and off and naming more modifier types, in each
// front end: plugin arguments (-fplugin-arg-agen-disable=/enable=/
// context-modifier=), agen-rewrite options (--disable/--enable/
// --context-modifier) and clang-tidy's check list and ContextModifiers option.
// Prefixes: CALL = the fesetround call, TYPES = the two named types, LOCK =
// the lock_guard (at one suspension, findings come by check name, then
// message, in every front end).
//
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// DEFINE: %{plugin} = %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s
//
// Both checks are on by default; named types are not modifiers.
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK,CALL
// RUN: %{plugin} 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK,CALL
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK,CALL
//
// More modifier types, by qualified name (a leading :: is fine; a template
// matches every specialization).
// RUN: %agen-rewrite --context-modifier=app::Span --context-modifier=::app::Holder %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=TYPES,LOCK,CALL
// RUN: %{plugin} -fplugin-arg-agen-context-modifier=app::Span -fplugin-arg-agen-context-modifier=::app::Holder 2>&1 | FileCheck %s %{only} --check-prefixes=TYPES,LOCK,CALL
// RUN: %agen-clang-tidy --config="{CheckOptions: {agen-context-leak.ContextModifiers: 'app::Span;::app::Holder'}}" %s -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=TYPES,LOCK,CALL
//
// One check off.
// RUN: %agen-rewrite --disable=agen-context-leak %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=CALL
// RUN: %{plugin} -fplugin-arg-agen-disable=agen-context-leak -fplugin-arg-agen-context-modifier=app::Span 2>&1 | FileCheck %s %{only} --check-prefixes=CALL
// RUN: %agen-clang-tidy --checks=-*,agen-context-call-leak %s -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=CALL
// RUN: %agen-rewrite --disable=agen-context-call-leak %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK
// RUN: %{plugin} -fplugin-arg-agen-disable=agen-context-call-leak 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK
// RUN: %agen-clang-tidy --checks=-*,agen-context-leak %s -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK
//
// Both off; the last switch for a name wins.
// RUN: %agen-rewrite --disable=agen-context-leak --disable=agen-context-call-leak %s -o %t.lowered.cpp -- %cxxflags 2>&1 | count 0
// RUN: %{plugin} -fplugin-arg-agen-disable=agen-context-leak -fplugin-arg-agen-disable=agen-context-call-leak 2>&1 | count 0
// RUN: %agen-rewrite --disable=agen-context-leak --enable=agen-context-leak %s -o %t.lowered.cpp -- %cxxflags 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK,CALL
// RUN: %{plugin} -fplugin-arg-agen-disable=agen-context-leak -fplugin-arg-agen-enable=agen-context-leak 2>&1 | FileCheck %s %{only} --check-prefixes=LOCK,CALL
// The plugin, lowering, takes the same arguments.
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-disable=agen-context-leak -fplugin-arg-agen-disable=agen-context-call-leak -fsyntax-only %s 2>&1 | count 0
//
// RUN: not %agen-rewrite --enable=agen-nonsense %s -- %cxxflags 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: agen-rewrite: error: unknown diagnostic 'agen-nonsense' (known: agen-context-leak, agen-context-call-leak)

#include <agen/agen.hpp>

#include <cfenv>
#include <mutex>

namespace app {
struct Span {
  ~Span();
};
template <class T> struct Holder {
  ~Holder();
};
} // namespace app

std::mutex m;

AGEN_GENERATOR agen::async_generator<int> work() {
  app::Span s;
  app::Holder<int> h;
  std::lock_guard<std::mutex> g(m);
  fesetround(FE_UPWARD);
  co_yield 1;
// CALL: plugin-args.cpp:[[@LINE-1]]:3: warning: co_yield while the floating-point rounding mode set by 'fesetround' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CALL: plugin-args.cpp:[[@LINE-3]]:3: note: 'fesetround' changes the floating-point rounding mode here, and a path reaches the co_yield without restoring it
// CALL: plugin-args.cpp:[[@LINE-3]]:3: note: restore it before the co_yield (call 'fesetround' again with the mode 'fegetround' returned before), or keep the change in a context guard whose on_suspend() and on_resume() undo and redo it
// TYPES: plugin-args.cpp:[[@LINE-4]]:3: warning: co_yield while 'app::Holder<int>' context modifier 'h' is live leaks thread context across the suspension [agen-context-leak]
// TYPES: plugin-args.cpp:[[@LINE-8]]:20: note: 'h' changes the thread's context until the end of its scope
// TYPES: plugin-args.cpp:[[@LINE-6]]:3: note: end the scope of 'h' before the co_yield
// TYPES: plugin-args.cpp:[[@LINE-7]]:3: warning: co_yield while 'app::Span' context modifier 's' is live leaks thread context across the suspension [agen-context-leak]
// TYPES: plugin-args.cpp:[[@LINE-12]]:13: note: 's' changes the thread's context until the end of its scope
// TYPES: plugin-args.cpp:[[@LINE-9]]:3: note: end the scope of 's' before the co_yield
// LOCK: plugin-args.cpp:[[@LINE-10]]:3: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// LOCK: plugin-args.cpp:[[@LINE-13]]:31: note: 'g' holds the lock until the end of its scope
// LOCK: plugin-args.cpp:[[@LINE-12]]:3: note: end the scope of 'g' before the co_yield
}
