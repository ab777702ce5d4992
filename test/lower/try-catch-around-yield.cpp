// try/catch around suspensions: C++ forbids jumping into a try block, so
// each try statement that contains a resume point gets its own dispatcher;
// handlers reset the try block's hoisted locals first (native unwinding
// destroyed them); a yield under catch (...) raises generator_exit on
// aclose, others close without throwing.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -I%S/Inputs
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// The plugin lowers with the same core: same CHECK lines, same trace.
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=tries %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: { agen_try_2: try { switch (agen_resume_point) { case 1: agen_resume_point = 0; goto agen_resume_1; case 2: goto agen_try_1;
// CHECK: agen_resume_1: if (agen_cx.closing()) return {};
// CHECK: { agen_try_1: try { switch (agen_resume_point) { case 2: agen_resume_point = 0; goto agen_resume_2;
// CHECK: catch (const test_error &e) { /* unwound */
// CHECK: agen_cx.raise_pending(); /* athrow, or generator_exit for the enclosing handler */
// TRACE: inner caught boom
// TRACE-NEXT: -b
// TRACE-NEXT: outer caught boom
// TRACE: catch-all

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> tries(agen::event_loop &loop) {
  Spy a{"a"};
  try {
    Spy b{"b"};
    co_yield 1;
    try {
      Spy c{"c"};
      co_yield 2;
      co_await loop.schedule();
    } catch (const test_error &e) {
      say(std::string("inner caught ") + e.what());
      throw;
    }
    co_yield 3;
  } catch (const test_error &e) {
    say(std::string("outer caught ") + e.what());
  }
  for (int i = 0; i < 2; ++i) {
    try { Spy l{"l"}; co_yield 10 + i; } catch (...) { say("catch-all"); throw; }
  }
  co_yield 4;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = tries(loop); co_await drain(g);
    auto h = tries(loop); (void)co_await h.next(); (void)co_await h.next();
    try { auto r = co_await h.athrow(std::make_exception_ptr(test_error("boom"))); std::printf("athrow gave %d\n", r ? *r : -1); } catch (const std::exception &e) { std::printf("athrow threw %s\n", e.what()); }
    co_await drain(h);
    auto k = tries(loop); for (int i = 0; i < 4; ++i) (void)co_await k.next();
    co_await k.aclose(); say("closed k");
    auto m = tries(loop); (void)co_await m.next(); co_await m.aclose(); say("closed m");
  });
}
