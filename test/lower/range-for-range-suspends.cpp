// A co_await in a range-for's range: the suspension runs first, the range
// it produces is kept in the frame for the loop, and the awaiter dies once
// the range is bound (C++20: before the first iteration).
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=words %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::slot<std::vector<std::string>> agen_range;
// CHECK: agen_range.construct_from([&]() -> std::vector<std::string> { return agen_await_1.resume(); }); agen_await_1.destroy();

#include "trace.hpp"

#include <string>
#include <vector>

/// Suspends once (through the loop), then gives the words; logs its end.
struct Fetch {
  agen::event_loop &loop;
  Spy life{"fetch"};
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    loop.schedule().await_suspend(h);
  }
  std::vector<std::string> await_resume() const { return {"a", "bb", "ccc"}; }
};

AGEN_GENERATOR agen::async_generator<int> words(agen::event_loop &loop) {
  for (const std::string &w : co_await Fetch{loop}) {
    Spy each{w};
    co_yield static_cast<int>(w.size());
  }
  for (auto &&w : co_await Fetch{loop})
    if (w.size() == 2)
      co_yield 20;
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = words(loop);
    co_await drain(g);
    auto h = words(loop); // closed inside the first loop
    (void)co_await h.next();
    co_await h.aclose();
    say("closed");
  });
}

// TRACE: +fetch
// TRACE-NEXT: -fetch
// TRACE-NEXT: +a
// TRACE-NEXT: got 1
// TRACE-NEXT: -a
// TRACE-NEXT: +bb
// TRACE-NEXT: got 2
// TRACE-NEXT: -bb
// TRACE-NEXT: +ccc
// TRACE-NEXT: got 3
// TRACE-NEXT: -ccc
// TRACE-NEXT: +fetch
// TRACE-NEXT: -fetch
// TRACE-NEXT: got 20
// TRACE-NEXT: end
// TRACE-NEXT: +fetch
// TRACE-NEXT: -fetch
// TRACE-NEXT: +a
// TRACE-NEXT: -a
// TRACE-NEXT: closed
