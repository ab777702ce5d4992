// A handler whose type depends on a template parameter may catch
// generator_exit in some instantiation; the template is lowered once, so a
// yield inside its try block closes by throwing generator_exit (as native
// mode does), and the handler runs whenever it matches.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=guarded -fplugin-arg-agen-print-lowered=member %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

// CHECK-LABEL: guarded(
// CHECK: agen_cx.raise_pending(); /* athrow, or generator_exit for the enclosing handler */
template <class E> AGEN_GENERATOR agen::async_generator<int> guarded() {
  try {
    Spy s("in try");
    co_yield 1;
  } catch (const E &) {
    say("handler ran");
  }
  say("after try");
}

template <class Errors> struct Holder {
  // CHECK-LABEL: member(
  // CHECK: agen_cx.raise_pending(); /* athrow, or generator_exit for the enclosing handler */
  AGEN_GENERATOR agen::async_generator<int> member() {
    try {
      co_yield 2;
    } catch (typename Errors::exit &) {
      say("member handler ran");
    }
  }
};
struct Exits {
  using exit = agen::generator_exit;
};

template <class G> agen::task<void> close_after_first(G g) {
  (void)co_await g.next();
  try {
    co_await g.aclose();
    say("closed");
  } catch (const std::exception &e) {
    say(std::string("aclose threw ") + e.what());
  }
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    co_await close_after_first(guarded<agen::generator_exit>());
    co_await close_after_first(guarded<std::runtime_error>());
    Holder<Exits> holder;
    co_await close_after_first(holder.member());
  });
}

// TRACE: +in try
// TRACE-NEXT: -in try
// TRACE-NEXT: handler ran
// TRACE-NEXT: after try
// TRACE-NEXT: closed
// TRACE-NEXT: +in try
// TRACE-NEXT: -in try
// TRACE-NEXT: closed
// TRACE-NEXT: member handler ran
// TRACE-NEXT: closed
