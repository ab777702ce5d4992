// Parameters: by-value ones are moved into the frame once (as a coroutine
// copies them), references stay references, and the copies die with the
// generator, after its locals.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=params %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: Spy byval;
// CHECK: const Spy &byref;
// CHECK: Spy &&rref;
// CHECK: return agen::detail::host<int, void>(agen::detail::lowered<agen_frame>{}, std::move(byval), byref, std::move(rref), std::move(n));
// TRACE: +v
// TRACE-NEXT: +v~
// TRACE-NEXT: -v
// TRACE-NEXT: created
// TRACE: dropping
// TRACE-NEXT: -v~
// TRACE-NEXT: after

#include "trace.hpp"
AGEN_GENERATOR agen::async_generator<int> params(Spy byval, const Spy &byref, Spy &&rref, int n) {
  co_yield n + static_cast<int>(byval.name.size() + byref.name.size() + rref.name.size());
  Spy local = std::move(byval);
  co_yield 0;
}
int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    Spy r{"r"}, rr{"rr"};
    { auto g = params(Spy{"v"}, r, std::move(rr), 1); say("created"); co_await drain(g); say("dropping"); }
    say("after");
  });
}
