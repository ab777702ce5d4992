// Lowered code and the runtime compile and close with -fno-exceptions:
// aclose() at a co_yield runs the live destructors directly. The native
// build of the same source, with exceptions, is the oracle.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -fno-exceptions -Wall -Wextra -Werror %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// The plugin lowers with the same core: same CHECK lines, same trace.
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=nested %cxxflags %sanitize -fno-exceptions -Wall -Wextra -Werror %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt
// Native mode has no way to close at a co_yield without exceptions: it says
// so and aborts instead of skipping the cleanup.
// RUN: %clangxx %cxxflags -fno-exceptions %s -o %t.native-noexc
// RUN: not --crash %t.native-noexc 2> %t.native-noexc.err
// RUN: FileCheck %s --check-prefix=NATIVE --input-file=%t.native-noexc.err

// CHECK: if (agen_cx.closing()) return {}; /* aclose: nothing here can catch generator_exit */
// NATIVE: agen: aclose() at a co_yield needs exceptions in native mode; lower the generator (agen-rewrite or the plugin) or enable exceptions

#include <agen/agen.hpp>

#include <cstdio>
#include <string>
#include <utility>

// Not trace.hpp: its drain() catches exceptions.
struct Spy {
  std::string name;
  explicit Spy(std::string n) : name(std::move(n)) {
    std::printf("+%s\n", name.c_str());
  }
  Spy(Spy &&o) noexcept : name(o.name + "~") {
    std::printf("+%s\n", name.c_str());
  }
  ~Spy() { std::printf("-%s\n", name.c_str()); }
};
void say(const std::string &s) { std::printf("%s\n", s.c_str()); }

AGEN_GENERATOR agen::async_generator<int> nested(agen::event_loop &loop,
                                                 Spy param) {
  Spy outer{"outer"};
  for (int i = 0; i < 3; ++i) {
    Spy each{"each" + std::to_string(i)};
    co_await loop.schedule();
    {
      Spy inner{"inner"};
      co_yield i;
    }
    co_yield 10 + i;
  }
  say("end of body " + param.name);
}

int main() {
  agen::event_loop loop;
  loop.run_until_complete([](agen::event_loop &loop) -> agen::task<void> {
    for (int stop = 1; stop <= 4; ++stop) {
      auto g = nested(loop, Spy{"p" + std::to_string(stop)});
      for (int n = 0; n < stop; ++n)
        std::printf("got %d\n", *co_await g.next());
      co_await g.aclose();
      say("closed");
    }
  }(loop));
}

// TRACE: +p1
// TRACE: +outer
// TRACE-NEXT: +each0
// TRACE-NEXT: +inner
// TRACE-NEXT: got 0
// TRACE-NEXT: -inner
// TRACE-NEXT: -each0
// TRACE-NEXT: -outer
// TRACE-NEXT: closed
// The parameter copy lives as long as the frame: until the handle goes.
// TRACE-NEXT: -p1~
// TRACE: got 10
// TRACE-NEXT: -each0
// TRACE-NEXT: -outer
// TRACE-NEXT: closed
