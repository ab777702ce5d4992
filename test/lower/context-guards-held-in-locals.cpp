// An agen::context_guard that is not a local guard itself: a member of a
// local (the PEP 568 idiom of the semantics checklist, TlsOverride), the
// value of a std::optional, an element of an array, an object on the heap,
// a temporary of a yield's operand. Native mode calls each one (it registers
// with the running frame); lowered frames register them the same way and
// call them at every suspension, while the locals that are guards themselves
// keep their static calls while no such guard is registered (else the
// registry calls every guard, in construction order as native mode does). A
// holder that forwards its callbacks to the guard it holds is not called as
// well: native mode calls only the held guard. A guard with two
// agen::context_guard bases or a private one is left to the registry.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=isolated -fplugin-arg-agen-print-lowered=holders -fplugin-arg-agen-print-lowered=temporary -fplugin-arg-agen-print-lowered=ordered -fplugin-arg-agen-print-lowered=hidden_bases %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

#include <functional>
#include <memory>
#include <optional>

/// The checklist's guard: two callbacks.
struct ContextGuard final : agen::context_guard {
  std::function<void()> suspend, resume;
  ContextGuard(std::function<void()> s, std::function<void()> r)
      : suspend(std::move(s)), resume(std::move(r)) {}
  void on_suspend() noexcept override { suspend(); }
  void on_resume() noexcept override { resume(); }
};

thread_local int tls = 0;

/// PEP 568's "push the generator's own context while it runs", as the
/// checklist writes it: the guard is a member.
struct TlsOverride {
  int mine, outer;
  ContextGuard cg{[this] { mine = tls; tls = outer; },
                  [this] { outer = tls; tls = mine; }};
  explicit TlsOverride(int v) : mine(v), outer(tls) { tls = v; }
  ~TlsOverride() { tls = outer; }
};

/// A named guard that says when it is called.
struct Named : agen::context_guard {
  std::string name;
  explicit Named(std::string n) : name(std::move(n)) {}
  void on_suspend() noexcept override { say("S " + name); }
  void on_resume() noexcept override { say("R " + name); }
};

/// Forwards its callbacks to the guard it holds (and says so): lowered mode
/// leaves the held guard to the registry, as native mode does.
struct Forwarding {
  Named held{"held"};
  void on_suspend() noexcept { say("forwarding S"); }
  void on_resume() noexcept { say("forwarding R"); }
};

// CHECK-LABEL: isolated(
// CHECK: agen::detail::slot<TlsOverride> o;
// CHECK-NOT: static_guard
// CHECK: agen_resume_point = 1; return agen_cx.yield_value(
AGEN_GENERATOR agen::async_generator<int> isolated(int v) {
  TlsOverride o(v);
  co_yield int(tls);
  tls += 10;
  co_yield int(tls);
}

// CHECK-LABEL: holders(
// The local guard keeps its static calls; the registry is told not to call
// it.
// CHECK: agen::detail::static_guard(local.construct_from(
// CHECK: if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*local).on_suspend(); }
AGEN_GENERATOR agen::async_generator<int> holders(agen::event_loop &loop) {
  std::optional<Named> maybe;
  maybe.emplace("optional");
  auto heap = std::make_unique<Named>("heap");
  Named array[2] = {Named("a0"), Named("a1")};
  Forwarding forwarding;
  Named local("local");
  co_yield 1;
  co_await loop.schedule();
  maybe.reset();
  co_yield 2;
}

// A local guard constructed before a registered one: the registry calls
// both, in construction order, as native mode does (static calls first
// would leave the generator's value of tls installed while it is
// suspended).
// CHECK-LABEL: ordered(
// CHECK: if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { (*a).on_suspend(); }
AGEN_GENERATOR agen::async_generator<int> ordered() {
  agen::scoped_override<int> a(tls, 1);
  TlsOverride b{2};
  co_yield int(tls);
  co_yield int(tls);
}

/// Two agen::context_guard bases, or a private one: lowered code cannot
/// call them through the base; only the registry does, as in native mode.
struct Second : agen::context_guard {
  void on_suspend() noexcept override { say("S second"); }
  void on_resume() noexcept override { say("R second"); }
};
struct TwoBases : Named, Second {
  TwoBases() : Named("first") {}
};
struct PrivateBase : private agen::context_guard {
  void on_suspend() noexcept override { say("S private"); }
  void on_resume() noexcept override { say("R private"); }
};

// CHECK-LABEL: hidden_bases(
// CHECK-NOT: on_suspend
// CHECK: agen_resume_point = 1; return agen_cx.yield_value(
AGEN_GENERATOR agen::async_generator<int> hidden_bases() {
  TwoBases two;
  PrivateBase hidden;
  co_yield 4;
}

Named make_named(const char *name) { return Named(name); }
int id(const Named &) { return 3; }

// CHECK-LABEL: temporary(
AGEN_GENERATOR agen::async_generator<int> temporary() {
  co_yield id(make_named("temporary"));
  say("after the yield");
}

agen::task<void> consume_isolated() {
  tls = 1;
  auto g = isolated(7);
  auto a = co_await g.next();
  std::printf("got %d, consumer tls %d\n", *a, tls);
  tls = 2;
  auto b = co_await g.next();
  std::printf("got %d, consumer tls %d\n", *b, tls);
  co_await g.aclose();
  std::printf("closed, consumer tls %d\n", tls);
}

agen::task<void> consume_ordered() {
  tls = 0;
  auto g = ordered();
  auto a = co_await g.next();
  std::printf("got %d, consumer tls %d\n", *a, tls);
  tls = 5;
  auto b = co_await g.next();
  std::printf("got %d, consumer tls %d\n", *b, tls);
  auto c = co_await g.next();
  std::printf("end %d, consumer tls %d\n", c.has_value(), tls);
}

agen::task<void> raise_into(agen::async_generator<int> &g) {
  try {
    co_await g.athrow(std::make_exception_ptr(test_error("thrown in")));
  } catch (const test_error &e) {
    say(std::string("caught ") + e.what());
  }
}

int main() {
  agen::sync_wait(consume_isolated());
  agen::sync_wait(consume_ordered());
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = holders(loop);
    co_await drain(g);
    say("-- closed at a yield");
    auto h = holders(loop);
    (void)co_await h.next();
    co_await h.aclose();
    say("-- athrow at a yield");
    auto i = holders(loop);
    (void)co_await i.next();
    co_await raise_into(i);
    say("-- temporary");
    auto t = temporary();
    co_await drain(t);
    say("-- hidden bases");
    auto h2 = hidden_bases();
    co_await drain(h2);
  });
}

// TRACE: got 7, consumer tls 1
// TRACE-NEXT: got 17, consumer tls 2
// TRACE-NEXT: closed, consumer tls 2
// TRACE-NEXT: got 2, consumer tls 0
// TRACE-NEXT: got 2, consumer tls 5
// TRACE-NEXT: end 0, consumer tls 5
// The registered guards (outermost first), then the static local.
// TRACE-NEXT: S local
// TRACE-NEXT: S held
// TRACE-NEXT: S a1
// TRACE-NEXT: S a0
// TRACE-NEXT: S heap
// TRACE-NEXT: S optional
// TRACE-NEXT: got 1
// TRACE-NEXT: R optional
// TRACE-NEXT: R heap
// TRACE-NEXT: R a0
// TRACE-NEXT: R a1
// TRACE-NEXT: R held
// TRACE-NEXT: R local
// TRACE-NEXT: S local
// TRACE-NEXT: S held
// TRACE-NEXT: S a1
// TRACE-NEXT: S a0
// TRACE-NEXT: S heap
// TRACE-NEXT: S optional
// TRACE-NEXT: R optional
// TRACE-NEXT: R heap
// TRACE-NEXT: R a0
// TRACE-NEXT: R a1
// TRACE-NEXT: R held
// TRACE-NEXT: R local
// TRACE-NEXT: S local
// TRACE-NEXT: S held
// TRACE-NEXT: S a1
// TRACE-NEXT: S a0
// TRACE-NEXT: S heap
// TRACE-NEXT: got 2
// TRACE-NEXT: R heap
// TRACE-NEXT: R a0
// TRACE-NEXT: R a1
// TRACE-NEXT: R held
// TRACE-NEXT: R local
// TRACE-NEXT: end
// TRACE-NEXT: -- closed at a yield
// TRACE: R local
// TRACE-NEXT: -- athrow at a yield
// TRACE: R local
// TRACE-NEXT: caught thrown in
// TRACE-NEXT: -- temporary
// TRACE-NEXT: S temporary
// TRACE-NEXT: got 3
// TRACE-NEXT: R temporary
// TRACE-NEXT: after the yield
// TRACE-NEXT: end
// TRACE-NEXT: -- hidden bases
// TRACE-NEXT: S private
// TRACE-NEXT: S second
// TRACE-NEXT: S first
// TRACE-NEXT: got 4
// TRACE-NEXT: R first
// TRACE-NEXT: R second
// TRACE-NEXT: R private
// TRACE-NEXT: end
