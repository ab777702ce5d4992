// agen-context-call-leak with fesetround: a co_yield or co_await that a
// fesetround call reaches without a restoring call on some path (also
// around a loop's back edge) is reported, with a note at the call. The
// program shows the leak: the consumer runs in the generator's rounding mode.
// Native and lowered builds behave the same; the warnings do not stop the
// lowering.
//
// DEFINE: %{flags} = %cxxflags -I%S/../lower/Inputs
// DEFINE: %{only} = --implicit-check-not=warning: --implicit-check-not=note: --implicit-check-not=error:
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %{flags} 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %{flags} -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %agen-clang-tidy %s -- %{flags} 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %{flags} -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | FileCheck %s %{only}
// RUN: %clangxx %{flags} %s -o %t.native
// RUN: %clangxx %{flags} %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// TRACE: got 1 (consumer rounds upward: leaked)
// TRACE-NEXT: got 2 (consumer rounds to nearest)
// TRACE-NEXT: end

#include "trace.hpp"

#include <cfenv>

const char *mode() {
  return fegetround() == FE_UPWARD ? "upward: leaked" : "to nearest";
}

AGEN_GENERATOR agen::async_generator<int> upward() {
  int old = fegetround();
  fesetround(FE_UPWARD);
  co_yield 1;
// CHECK: fesetround.cpp:[[@LINE-1]]:3: warning: co_yield while the floating-point rounding mode set by 'fesetround' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: fesetround.cpp:[[@LINE-3]]:3: note: 'fesetround' changes the floating-point rounding mode here, and a path reaches the co_yield without restoring it
// CHECK: fesetround.cpp:[[@LINE-3]]:3: note: restore it before the co_yield (call 'fesetround' again with the mode 'fegetround' returned before), or keep the change in a context guard whose on_suspend() and on_resume() undo and redo it
  fesetround(old);
  co_yield 2;
}

AGEN_GENERATOR agen::async_generator<int> sometimes(bool restore) {
  int old = fegetround();
  fesetround(FE_DOWNWARD);
  if (restore)
    fesetround(old);
  co_await std::suspend_always{};
// CHECK: fesetround.cpp:[[@LINE-1]]:3: warning: co_await while the floating-point rounding mode set by 'fesetround' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: fesetround.cpp:[[@LINE-5]]:3: note: 'fesetround' changes the floating-point rounding mode here, and a path reaches the co_await without restoring it
// CHECK: fesetround.cpp:[[@LINE-3]]:3: note: restore it before the co_await
  fesetround(old);
}

AGEN_GENERATOR agen::async_generator<int> each_round(int n) {
  int old = fegetround();
  for (int i = 0; i < n; ++i) {
    co_yield i;
// CHECK: fesetround.cpp:[[@LINE-1]]:5: warning: co_yield while the floating-point rounding mode set by 'fesetround' is not restored
// CHECK: fesetround.cpp:[[@LINE+2]]:5: note: 'fesetround' changes the floating-point rounding mode here, and a path reaches the co_yield without restoring it
// CHECK: fesetround.cpp:[[@LINE-3]]:5: note: restore it before the co_yield
    fesetround(FE_UPWARD);
  }
  fesetround(old);
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    auto g = upward();
    while (auto r = co_await g.next())
      std::printf("got %d (consumer rounds %s)\n", *r, mode());
    say("end");
  });
}
