// A co_await or co_yield in a switch condition: the suspension runs first,
// its value is saved in the frame and its temporaries die before a case
// runs; cases may suspend too.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=dispatch %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: Kind agen_cond_0{};
// CHECK: { /* switch, switch-condition-suspends.cpp:[[#]] */ /* co_await switch-condition-suspends.cpp:[[#]] */
// CHECK: agen_cond_0 = agen_await_1.resume(); agen_await_1.destroy();
// CHECK: switch (agen_cond_0) {

#include "trace.hpp"

#include <array>

enum class Kind { number, word, stop };

/// An awaitable that suspends once (through the loop) and logs its end.
struct Next {
  agen::event_loop &loop;
  Kind kind;
  Spy life{"awaiter"};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    loop.schedule().await_suspend(h);
  }
  Kind await_resume() const noexcept { return kind; }
};

AGEN_GENERATOR agen::async_generator<int> dispatch(agen::event_loop &loop) {
  std::array<Kind, 4> order{Kind::number, Kind::word, Kind::number, Kind::stop};
  for (Kind k : order) {
    switch (co_await Next{loop, k}) {
    case Kind::number: {
      Spy n{"number"};
      co_yield 1;
      break;
    }
    case Kind::word:
      say("word");
      co_yield 2;
      [[fallthrough]];
    case Kind::stop:
      say("stop or after word");
      break;
    }
  }
  say("done");
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = dispatch(loop);
    co_await drain(g);
    auto h = dispatch(loop); // closed in a case
    (void)co_await h.next();
    co_await h.aclose();
    say("closed");
  });
}

// The awaiter dies before the case runs.
// TRACE: +awaiter
// TRACE-NEXT: -awaiter
// TRACE-NEXT: +number
// TRACE-NEXT: got 1
// TRACE-NEXT: -number
// TRACE-NEXT: +awaiter
// TRACE-NEXT: -awaiter
// TRACE-NEXT: word
// TRACE-NEXT: got 2
// TRACE-NEXT: stop or after word
// TRACE-NEXT: +awaiter
// TRACE-NEXT: -awaiter
// TRACE-NEXT: +number
// TRACE-NEXT: got 1
// TRACE-NEXT: -number
// TRACE-NEXT: +awaiter
// TRACE-NEXT: -awaiter
// TRACE-NEXT: stop or after word
// TRACE-NEXT: done
// TRACE-NEXT: end
// TRACE-NEXT: +awaiter
// TRACE-NEXT: -awaiter
// TRACE-NEXT: +number
// TRACE-NEXT: -number
// TRACE-NEXT: closed
