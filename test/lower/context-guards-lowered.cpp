// Context guards (context_guard subclasses here, so native mode calls them
// too): on_suspend() innermost first before each real suspension, on_resume()
// outermost first after it, also on aclose; called statically when lowered.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=guards %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: case 2: if (agen_cx.calls_guards_statically()) { (*outer).on_resume(); (*inner).on_resume(); } goto agen_resume_2;
// CHECK: if (agen_cx.calls_guards_statically()) { (*inner).on_suspend(); (*outer).on_suspend(); } agen_resume_point = 2;
// TRACE: CS inner
// TRACE-NEXT: CS outer
// TRACE-NEXT: CR outer
// TRACE-NEXT: CR inner

#include "trace.hpp"
struct Mode { const char *n; void on_suspend() { say(std::string("S ") + n); } void on_resume() { say(std::string("R ") + n); } };
struct Ctx : agen::context_guard { const char *n; explicit Ctx(const char *n) : n(n) {} void on_suspend() noexcept override { say(std::string("CS ") + n); } void on_resume() noexcept override { say(std::string("CR ") + n); } };
AGEN_GENERATOR agen::async_generator<int> guards(agen::event_loop &loop) {
  Ctx outer{"outer"};
  co_yield 1;
  {
    Ctx inner{"inner"};
    co_await loop.schedule();
    co_yield 2;
  }
  for (int i = 0; i < 2; ++i) { Ctx l{"loop"}; co_yield 10 + i; }
  co_yield 3;
}
int main() {
  run([](agen::event_loop &loop) -> agen::task<void> { auto g = guards(loop); co_await drain(g);
    auto h = guards(loop); (void)co_await h.next(); (void)co_await h.next(); co_await h.aclose(); say("closed"); });
}
