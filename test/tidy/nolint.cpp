// The clang-tidy module honours clang-tidy's suppression comments (the
// plain, NEXTLINE and BEGIN/END forms), for all checks or by check name; the
// notes go with their warning. (This comment must not spell them: clang-tidy
// reads them in any comment.)
//
// RUN: %clang-tidy --load=%agen-tidy-module --checks=-*,agen-* %s -- %cxxflags > %t.out 2> %t.err
// RUN: FileCheck %s --input-file=%t.out --implicit-check-not=warning: --implicit-check-not=note:
// RUN: FileCheck %s --input-file=%t.err --check-prefix=STATS
// STATS: Suppressed 5 warnings (5 NOLINT).

#include <agen/agen.hpp>

#include <cfenv>
#include <mutex>

std::mutex m;

AGEN_GENERATOR agen::async_generator<int> quiet() {
  std::lock_guard<std::mutex> g(m);
  co_yield 1; // NOLINT
  // NOLINTNEXTLINE(agen-context-leak)
  co_yield 2;
  fesetround(FE_UPWARD);
  // NOLINTBEGIN(agen-*)
  co_yield 3;
  // NOLINTEND(agen-*)
  co_yield 4; // NOLINT(agen-context-leak)
// CHECK: nolint.cpp:[[@LINE-1]]:3: warning: co_yield while the floating-point rounding mode set by 'fesetround' is not restored leaks thread context across the suspension [agen-context-call-leak]
// CHECK: nolint.cpp:[[@LINE-6]]:3: note: 'fesetround' changes the floating-point rounding mode here
// CHECK: nolint.cpp:[[@LINE-3]]:3: note: restore it before the co_yield
  co_yield 5; // NOLINT(readability-magic-numbers)
// CHECK: nolint.cpp:[[@LINE-1]]:3: warning: co_yield while the floating-point rounding mode set by 'fesetround' is not restored
// CHECK: nolint.cpp:[[@LINE-10]]:3: note: 'fesetround' changes
// CHECK: nolint.cpp:[[@LINE-3]]:3: note: restore it before the co_yield
// CHECK: nolint.cpp:[[@LINE-4]]:3: warning: co_yield while 'std::lock_guard<std::mutex>' lock 'g' is held leaks thread context across the suspension [agen-context-leak]
// CHECK: nolint.cpp:[[@LINE-17]]:31: note: 'g' holds the lock until the end of its scope
// CHECK: nolint.cpp:[[@LINE-6]]:3: note: end the scope of 'g' before the co_yield
}
