// Behaviour tests for checklist section G (saving and restoring context across
// suspensions: PEP 521 guards, PEP 568 generator-local context) against
// SPEC §4, in native mode.
//
// Not covered (SPEC §4, future work): the nested-generator variant of G4 (the
// inner guard living in a generator the outer one awaits) and G9 (nested
// generators see the outer's overrides). A co_await that suspends hides the
// generator's context from whatever it awaits, so neither is tested here, in
// either direction.

#include "support.hpp"

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using agen_test::CallbackGuard;
using agen_test::Event;
using agen_test::HooksScope;
using agen_test::Log;
using agen_test::ready;
using agen_test::run;
using agen_test::spawn;
using agen_test::UnraisableScope;
using agen_test::value_of;
using V = std::vector<std::string>;
using namespace std::chrono_literals;

thread_local int tls = 0;
thread_local int tls2 = 0;
thread_local std::string tls_str = "consumer";

struct TestError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string str(int v) { return std::to_string(v); }

/// A guard that logs "S<name>" / "R<name>" and "~<name>", and checks that the
/// calls alternate. Its destructor logs "~(suspended)<name>" if it runs while
/// the guard is in its suspended state (i.e. outside its generator's context).
class Probe final : public agen::context_guard {
public:
  Probe(Log &log, std::string name) : log_(log), name_(std::move(name)) {}
  ~Probe() override { log_((resumed_ ? "~" : "~(suspended)") + name_); }

  void on_suspend() noexcept override {
    if (!resumed_)
      ADD_FAILURE() << "on_suspend twice in a row on " << name_;
    resumed_ = false;
    log_("S" + name_);
  }
  void on_resume() noexcept override {
    if (resumed_)
      ADD_FAILURE() << "on_resume without on_suspend on " << name_;
    resumed_ = true;
    log_("R" + name_);
  }

private:
  Log &log_;
  std::string name_;
  bool resumed_ = true;
};

/// Logs "<name>=<tls>" when destroyed: the context its destructor runs in.
class TlsWitness {
public:
  TlsWitness(Log &log, std::string name) : log_(log), name_(std::move(name)) {}
  TlsWitness(const TlsWitness &) = delete;
  TlsWitness &operator=(const TlsWitness &) = delete;
  ~TlsWitness() { log_(name_ + "=" + str(tls)); }

private:
  Log &log_;
  std::string name_;
};

/// Parks the awaiting coroutine in `slot`; logs await_suspend/await_resume.
struct Parked {
  Log &log;
  std::coroutine_handle<> &slot;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    log("await_suspend");
    slot = h;
  }
  void await_resume() { log("await_resume"); }
};

/// await_ready() is false, but await_suspend() declines to suspend.
struct DeclinesToSuspend {
  Log &log;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<>) {
    log("await_suspend");
    return false;
  }
  void await_resume() { log("await_resume"); }
};

/// Suspends and transfers straight back to the awaiting coroutine.
struct TransfersToSelf {
  Log &log;
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) {
    log("await_suspend");
    return h;
  }
  void await_resume() { log("await_resume"); }
};

/// await_suspend() throws.
struct ThrowsFromSuspend {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) { throw TestError("suspend"); }
  void await_resume() {}
};

AGEN_GENERATOR agen::async_generator<int> finished_immediately() { co_return; }

/// Every test must leave no generator frame current on the test thread (it
/// would capture guards constructed later, outside any generator). The check
/// runs after each test; the resets keep a failure elsewhere (another test or
/// suite of the same binary) from corrupting the tests after it.
class Context : public ::testing::Test {
protected:
  void SetUp() override { agen::detail::current_frame() = nullptr; }
  void TearDown() override {
    EXPECT_EQ(agen::detail::current_frame(), nullptr)
        << "a generator frame is still current on this thread";
    agen::detail::current_frame() = nullptr;
  }
};

// ---------------------------------------------------------------------------
// G1: guard callbacks bracket every yield, in the exact order.

TEST_F(Context, G1_callbacks_bracket_every_yield_in_order) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      L("a");
      co_yield 1;
      L("b");
      co_yield 2;
      L("c");
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    L("got1");
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    L("got2");
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
    EXPECT_EQ(L.entries(),
              (V{"a", "S", "got1", "R", "b", "S", "got2", "R", "c"}));
    auto r4 = co_await g.next(); // finished: no callbacks, no body code
    EXPECT_FALSE(r4);
    EXPECT_EQ(L.entries().size(), 9u);
  }());
}

TEST_F(Context, G1_on_suspend_after_value_is_produced_before_consumer_sees_it) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto produce = [&](int v) {
      L("produce" + str(v));
      return v;
    };
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      co_yield produce(1);
      L("body");
    };
    auto g = make();
    auto r1 = co_await g.next();
    L("consumer" + str(r1 ? *r1 : -1));
    auto r2 = co_await g.next();
    EXPECT_FALSE(r2);
    EXPECT_EQ(L.entries(), (V{"produce1", "S", "consumer1", "R", "body"}));
  }());
}

TEST_F(Context,
       G1_asend_resumes_guards_before_the_sent_value_reaches_the_body) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      int x = co_yield 1;
      L("sent" + str(x));
      x = co_yield 2;
      L("never" + str(x));
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.asend(5);
    EXPECT_EQ(value_of(r2), 2);
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"S", "R", "sent5", "S", "R"}));
  }());
}

// ---------------------------------------------------------------------------
// G2: guards also bracket suspensions at internal awaits.

TEST_F(Context, G2_guards_bracket_a_suspending_internal_await) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      co_await ev;
      co_yield 1;
    };
    auto g = make();
    auto h = spawn(g.next());
    EXPECT_EQ(L.entries(), (V{"S"}));
    EXPECT_EQ(g.state(), agen::state::running);
    ev.set();
    EXPECT_TRUE(h.done());
    auto r = co_await std::move(h);
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), (V{"S", "R", "S"}));
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"S", "R", "S", "R"}));
  }());
}

TEST_F(Context,
       G2_on_suspend_before_await_suspend_on_resume_before_await_resume) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    std::coroutine_handle<> parked;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      L("a");
      co_await Parked{L, parked};
      L("b");
      co_yield 1;
    };
    auto g = make();
    auto h = spawn(g.next());
    EXPECT_EQ(L.entries(), (V{"a", "S", "await_suspend"}));
    if (!parked) {
      ADD_FAILURE() << "the generator did not park";
      co_return;
    }
    parked.resume();
    EXPECT_TRUE(h.done());
    auto r = co_await std::move(h);
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(),
              (V{"a", "S", "await_suspend", "R", "await_resume", "b", "S"}));
    co_await g.aclose();
  }());
}

TEST_F(Context, G2_every_suspending_loop_await_is_bracketed) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      co_await loop.schedule();
      L("scheduled");
      co_await loop.sleep_for(1ms);
      L("slept");
      co_yield 1;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), (V{"S", "R", "scheduled", "S", "R", "slept", "S"}));
    co_await g.aclose();
    EXPECT_EQ(L.back(), "R");
  }(loop));
}

// SPEC §4 defines a real suspension as a co_await whose await_ready() is
// false: the guards are suspended before await_suspend runs, so an
// await_suspend that then declines to suspend still gets a balanced pair.
TEST_F(Context, G2_await_suspend_returning_false_is_bracketed_and_balanced) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      co_await DeclinesToSuspend{L};
      co_yield 1;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), (V{"S", "await_suspend", "R", "await_resume", "S"}));
    co_await g.aclose();
  }());
}

TEST_F(Context, G2_symmetric_transfer_back_to_the_frame_is_bracketed) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      co_await TransfersToSelf{L};
      co_yield 1;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), (V{"S", "await_suspend", "R", "await_resume", "S"}));
    co_await g.aclose();
  }());
}

// ---------------------------------------------------------------------------
// G3: awaits that complete without suspending fire no callbacks.

TEST_F(Context, G3_ready_awaits_fire_no_callbacks) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      int a = co_await ready(5);
      int b = co_await ready(6);
      co_yield a + b;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 11);
    EXPECT_EQ(L.entries(), (V{"S"}));
    co_await g.aclose();
  }());
}

TEST_F(Context,
       G3_set_event_and_finished_generators_complete_without_callbacks) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    Event ev;
    ev.set();
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      co_await ev; // already set
      agen::async_generator<int> empty;
      auto e = co_await empty.next();
      L(e ? "value" : "end");
      co_await empty.aclose();
      auto created = finished_immediately();
      co_await created.aclose(); // created -> closed, body never runs
      auto c = co_await created.next();
      L(c ? "value" : "end");
      co_yield 1;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), (V{"end", "end", "S"}));
    co_await g.aclose();
  }());
}

TEST_F(Context, G3_only_the_suspending_awaits_among_mixed_ones_fire_callbacks) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      L("a");
      co_await ready(1);
      L("b");
      co_await loop.schedule();
      L("c");
      co_await ready(2);
      L("d");
      co_yield 1;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), (V{"a", "b", "S", "R", "c", "d", "S"}));
    co_await g.aclose();
  }(loop));
}

// ---------------------------------------------------------------------------
// G4: nested guards (within one generator): suspend innermost first, resume
// outermost first.

TEST_F(Context,
       G4_nested_guards_suspend_innermost_first_resume_outermost_first) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard o{[&] { L("So"); }, [&] { L("Ro"); }};
      CallbackGuard i{[&] { L("Si"); }, [&] { L("Ri"); }};
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_EQ(L.entries(), (V{"Si", "So"}));
    L.clear();
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_EQ(L.entries(), (V{"Ro", "Ri", "Si", "So"}));
    L.clear();
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"Ro", "Ri"}));
  }());
}

TEST_F(Context, G4_guards_in_three_nested_scopes) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Probe o(L, "o");
      {
        Probe m(L, "m");
        {
          Probe i(L, "i");
          co_yield 1;
        }
        co_yield 2;
      }
      co_yield 3;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_EQ(L.entries(), (V{"Si", "Sm", "So"}));
    L.clear();
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_EQ(L.entries(), (V{"Ro", "Rm", "Ri", "~i", "Sm", "So"}));
    L.clear();
    auto r3 = co_await g.next();
    EXPECT_EQ(value_of(r3), 3);
    EXPECT_EQ(L.entries(), (V{"Ro", "Rm", "~m", "So"}));
    L.clear();
    auto r4 = co_await g.next();
    EXPECT_FALSE(r4);
    EXPECT_EQ(L.entries(), (V{"Ro", "~o"}));
  }());
}

TEST_F(Context, G4_nesting_order_holds_at_internal_awaits) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Probe o(L, "o");
      Probe i(L, "i");
      co_await loop.schedule();
      L("body");
      co_yield 1;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), (V{"Si", "So", "Ro", "Ri", "body", "Si", "So"}));
    L.clear();
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"Ro", "Ri", "~i", "~o"}));
  }(loop));
}

// With overrides, the order decides which context a guard's callbacks see:
// a guard inside an override's scope sees the generator's value in both of
// its callbacks; a guard outside it sees the consumer's.
TEST_F(Context, G4_callback_order_relative_to_an_override) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    tls = 1;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard outer{[&] { L("So tls=" + str(tls)); },
                          [&] { L("Ro tls=" + str(tls)); }};
      agen::scoped_override<int> o(tls, 7);
      CallbackGuard inner{[&] { L("Si tls=" + str(tls)); },
                          [&] { L("Ri tls=" + str(tls)); }};
      co_yield 1;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    tls = 2;
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"Si tls=7", "So tls=1", "Ro tls=2", "Ri tls=7"}));
    EXPECT_EQ(tls, 2);
  }());
}

// ---------------------------------------------------------------------------
// G5: only guards whose scope is active at the suspension are notified.

TEST_F(Context, G5_only_guards_whose_scope_is_active_are_notified) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield 0;
      {
        CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
        co_yield 1;
      }
      co_yield 2;
    };
    auto g = make();
    for (int k = 0; k < 3; ++k) {
      auto r = co_await g.next();
      EXPECT_EQ(value_of(r), k);
    }
    auto end = co_await g.next();
    EXPECT_FALSE(end);
    EXPECT_EQ(L.entries(), (V{"S", "R"}));
  }());
}

TEST_F(Context, G5_guard_in_a_loop_body_is_notified_once_per_iteration) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Probe whole(L, "w");
      for (int i = 0; i < 4; ++i) {
        Probe p(L, str(i));
        if (i == 1)
          continue; // no suspension while this one lives
        if (i == 3)
          break;
        co_yield i;
      }
      L("after-loop");
    };
    auto g = make();
    std::vector<int> got;
    for (;;) {
      auto r = co_await g.next();
      if (!r)
        break;
      got.push_back(*r);
    }
    EXPECT_EQ(got, (std::vector<int>{0, 2}));
    EXPECT_EQ(L.entries(), (V{"S0", "Sw", "Rw", "R0", "~0", "~1", "S2", "Sw",
                              "Rw", "R2", "~2", "~3", "after-loop", "~w"}));
  }());
}

TEST_F(Context, G5_guard_created_between_suspensions_is_notified_from_then_on) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield 1;
      Probe p(L, "p");
      co_yield 2;
      Probe q(L, "q");
      co_yield 3;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_TRUE(L.empty());
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_EQ(L.entries(), (V{"Sp"}));
    auto r3 = co_await g.next();
    EXPECT_EQ(value_of(r3), 3);
    EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "Sq", "Sp"}));
    L.clear();
    auto r4 = co_await g.next();
    EXPECT_FALSE(r4);
    EXPECT_EQ(L.entries(), (V{"Rp", "Rq", "~q", "~p"}));
  }());
}

TEST_F(Context, G5_guard_living_only_between_suspensions_gets_no_callbacks) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield 1;
      {
        Probe t(L, "t");
        co_await ready(0); // completes without suspending
      }
      co_await loop.schedule(); // suspends, after t is gone
      co_yield 2;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_EQ(L.entries(), (V{"~t"}));
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"~t"}));
  }(loop));
}

TEST_F(Context, G5_guard_destroyed_out_of_order_is_no_longer_notified) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    // Not AGEN_GENERATOR: the lowering rejects a guard held in a
    // std::optional (docs/limitations.md), so this one stays native in the
    // rewritten and plugin builds too.
    auto make = [&]() -> agen::async_generator<int> {
      std::optional<Probe> a;
      a.emplace(L, "a");
      Probe b(L, "b");
      std::optional<Probe> c;
      c.emplace(L, "c");
      co_yield 1;
      a.reset(); // the oldest guard goes first
      co_yield 2;
      c.reset(); // then the newest
      co_yield 3;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_EQ(L.entries(), (V{"Sc", "Sb", "Sa"}));
    L.clear();
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_EQ(L.entries(), (V{"Ra", "Rb", "Rc", "~a", "Sc", "Sb"}));
    L.clear();
    auto r3 = co_await g.next();
    EXPECT_EQ(value_of(r3), 3);
    EXPECT_EQ(L.entries(), (V{"Rb", "Rc", "~c", "Sb"}));
    L.clear();
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"Rb", "~b"}));
  }());
}

TEST_F(Context, G5_guard_constructed_outside_any_generator_is_inert) {
  Log outside;
  CallbackGuard in_test{[&] { outside("S-test"); }, [&] { outside("R-test"); }};
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop, Log &outside) -> agen::task<void> {
    Log L;
    CallbackGuard in_task{[&] { outside("S-task"); },
                          [&] { outside("R-task"); }};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Probe p(L, "p");
      co_yield 1;
      co_await loop.schedule();
      co_yield 2;
    };
    auto g = make();
    co_await loop.schedule(); // the consumer task itself suspends
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    // Constructed by the consumer after the generator yielded to it: not a
    // guard of the generator.
    CallbackGuard between{[&] { outside("S-between"); },
                          [&] { outside("R-between"); }};
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    co_await loop.sleep_for(1ms);
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "Sp", "Rp", "Sp", "Rp", "~p"}));
  }(loop, outside));
  EXPECT_TRUE(outside.empty()) << ::testing::PrintToString(outside.entries());
}

// A consumer resumed by the generator's co_yield runs outside the generator:
// a guard it constructs then must not attach to the generator, whatever the
// generator awaited before (here: an await that completed without suspending).
TEST_F(Context,
       G5_consumer_guard_after_a_ready_await_in_the_generator_is_inert) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  Log outside;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_await ready(0);
    co_yield 1;
    co_yield 2;
  };
  {
    auto g = make();
    auto r1 = agen::sync_wait(g.next());
    EXPECT_EQ(value_of(r1), 1);
    CallbackGuard mine{[&] { outside("S-consumer"); },
                       [&] { outside("R-consumer"); }};
    auto r2 = agen::sync_wait(g.next());
    EXPECT_EQ(value_of(r2), 2);
    agen::sync_wait(g.aclose());
  }
  EXPECT_TRUE(outside.empty()) << ::testing::PrintToString(outside.entries());
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "Sp", "Rp", "~p"}));
}

TEST_F(Context,
       G5_scoped_override_outside_a_generator_is_a_plain_scoped_setter) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  tls = 1;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    co_yield int(tls);
    agen::scoped_override<int> o(tls, 7);
    co_yield int(tls);
  };
  {
    agen::scoped_override<int> mine(tls, 5);
    EXPECT_EQ(tls, 5);
    auto g = make();
    auto r1 = agen::sync_wait(g.next());
    EXPECT_EQ(value_of(r1), 5); // the consumer's context, override included
    EXPECT_EQ(tls, 5);
    auto r2 = agen::sync_wait(g.next());
    EXPECT_EQ(value_of(r2), 7);
    EXPECT_EQ(tls, 5);
    auto r3 = agen::sync_wait(g.next());
    EXPECT_FALSE(r3);
    EXPECT_EQ(tls, 5);
  }
  EXPECT_EQ(tls, 1);
}

TEST_F(Context,
       G5_guard_that_escapes_its_frame_is_inert_after_the_frame_is_freed) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  std::unique_ptr<Probe> escaped;
  auto leak_guard = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    escaped = std::make_unique<Probe>(L, "e");
    co_return;
  };
  auto other = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_yield 1;
  };
  {
    auto g = leak_guard();
    auto r = agen::sync_wait(g.next());
    EXPECT_FALSE(r);
  } // the frame is freed while the guard still lives
  ASSERT_TRUE(escaped);
  {
    auto g = other(); // another frame's suspensions do not reach it
    auto r = agen::sync_wait(g.next());
    EXPECT_EQ(value_of(r), 1);
    agen::sync_wait(g.aclose());
  }
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "~p"}));
  escaped.reset(); // safe, and no callback on the way out
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "~p", "~e"}));
}

// ---------------------------------------------------------------------------
// G6: callbacks stay balanced on every resumption path (athrow, aclose,
// destruction, errors); resume fires before the exception is raised.

TEST_F(Context, G6_resume_fires_before_aclose_cleanup_that_awaits) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      CallbackGuard cg{[&] { L("S"); }, [&] { L("R"); }};
      {
        std::exception_ptr e_;
        try {
          co_yield 1;
        } catch (...) {
          e_ = std::current_exception();
        }
        L("cleanup");
        co_await loop.sleep_for(1ms);
        L("cleanup2");
        if (e_)
          std::rethrow_exception(e_);
      }
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"S", "R", "cleanup", "S", "R", "cleanup2"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  }(loop));
}

TEST_F(Context, G6_aclose_without_awaits_resumes_then_destroys_in_context) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_yield 1;
    L("never");
  };
  auto g = make();
  auto r = agen::sync_wait(g.next());
  EXPECT_EQ(value_of(r), 1);
  agen::sync_wait(g.aclose());
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "~p"}));
  agen::sync_wait(g.aclose()); // repeated: nothing more
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "~p"}));
}

TEST_F(Context, G6_aclose_caught_by_handler_that_then_awaits_stays_balanced) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Probe p(L, "p");
      try {
        co_yield 1;
      } catch (const agen::generator_exit &) {
        L("caught");
      }
      co_await loop.schedule();
      L("after");
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    co_await g.aclose();
    EXPECT_EQ(L.entries(),
              (V{"Sp", "Rp", "caught", "Sp", "Rp", "after", "~p"}));
  }(loop));
}

TEST_F(Context, G6_athrow_handled_resumes_guards_before_the_exception) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Probe p(L, "p");
      try {
        co_yield 1;
      } catch (const TestError &e) {
        L(std::string("caught ") + e.what());
      }
      co_yield 2;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.athrow(std::make_exception_ptr(TestError("boom")));
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "caught boom", "Sp"}));
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "caught boom", "Sp", "Rp", "~p"}));
  }());
}

TEST_F(Context, G6_athrow_unhandled_destroys_guard_in_resumed_state) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_yield 1;
    L("never");
  };
  auto g = make();
  auto r = agen::sync_wait(g.next());
  EXPECT_EQ(value_of(r), 1);
  EXPECT_THROW(
      agen::sync_wait(g.athrow(std::make_exception_ptr(TestError("boom")))),
      TestError);
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "~p"}));
  EXPECT_EQ(g.state(), agen::state::closed);
  auto end = agen::sync_wait(g.next());
  EXPECT_FALSE(end);
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "~p"}));
}

TEST_F(Context, G6_athrow_and_aclose_on_created_generators_fire_nothing) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_yield 1;
  };
  auto g1 = make();
  EXPECT_THROW(
      agen::sync_wait(g1.athrow(std::make_exception_ptr(TestError("x")))),
      TestError);
  auto g2 = make();
  agen::sync_wait(g2.aclose());
  EXPECT_TRUE(L.empty());
  EXPECT_EQ(g1.state(), agen::state::closed);
  EXPECT_EQ(g2.state(), agen::state::closed);
}

TEST_F(Context,
       G6_body_exception_after_an_internal_await_destroys_guard_in_context) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  Event ev;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_await ev;
    throw TestError("body");
    co_yield 1;
  };
  auto g = make();
  auto h = spawn(g.next());
  EXPECT_EQ(L.entries(), (V{"Sp"}));
  ev.set();
  EXPECT_TRUE(h.done());
  EXPECT_THROW(h.result(), TestError);
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "~p"}));
  EXPECT_EQ(g.state(), agen::state::closed);
}

TEST_F(Context, G6_await_suspend_that_throws_resumes_guards_before_the_error) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    try {
      co_await ThrowsFromSuspend{};
      L("not reached");
    } catch (const TestError &) {
      L("caught");
    }
    co_yield 1;
  };
  auto g = make();
  auto r = agen::sync_wait(g.next());
  EXPECT_EQ(value_of(r), 1);
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "caught", "Sp"}));
  agen::sync_wait(g.aclose());
  EXPECT_EQ(L.back(), "~p");
}

TEST_F(Context, G6_yield_while_closing_destroys_guard_in_resumed_state) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  tls = 1;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    agen::scoped_override<int> o(tls, 7);
    Probe p(L, "p");
    TlsWitness w(L, "w");
    try {
      co_yield 1;
    } catch (const agen::generator_exit &) {
      L("closing");
    }
    co_yield 2; // not allowed while closing
    L("never");
  };
  auto g = make();
  auto r = agen::sync_wait(g.next());
  EXPECT_EQ(value_of(r), 1);
  tls = 2;
  EXPECT_THROW(agen::sync_wait(g.aclose()), agen::yielded_while_closing);
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "closing", "w=7", "~p"}));
  EXPECT_EQ(g.state(), agen::state::closed);
  EXPECT_EQ(tls, 2);
}

TEST_F(Context, G6_destroy_without_finalizer_closes_in_the_generator_context) {
  HooksScope no_hooks{nullptr, nullptr};
  UnraisableScope unraisable;
  Log L;
  tls = 1;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    agen::scoped_override<int> o(tls, 7);
    Probe p(L, "p");
    TlsWitness w(L, "w");
    co_yield 1;
    L("never");
  };
  {
    auto g = make();
    auto r = agen::sync_wait(g.next());
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(tls, 1);
    tls = 2;
  } // closes synchronously: generator_exit at the co_yield
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "w=7", "~p"}));
  EXPECT_EQ(tls, 2);
  EXPECT_TRUE(unraisable.messages.empty());
}

TEST_F(Context,
       G6_destroy_without_finalizer_whose_close_suspends_stays_balanced) {
  HooksScope no_hooks{nullptr, nullptr};
  UnraisableScope unraisable;
  Log L;
  Event ev;
  tls = 1;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    agen::scoped_override<int> o(tls, 7);
    Probe p(L, "p");
    TlsWitness w(L, "w");
    {
      std::exception_ptr e_;
      try {
        co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      L("cleanup tls=" + str(tls));
      co_await ev;
      L("cleanup2 tls=" + str(tls));
      if (e_)
        std::rethrow_exception(e_);
    }
  };
  {
    auto g = make();
    auto r = agen::sync_wait(g.next());
    EXPECT_EQ(value_of(r), 1);
    tls = 2;
  } // the close suspends on ev: it continues detached, reported
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "cleanup tls=7", "Sp"}));
  EXPECT_EQ(unraisable.messages.size(), 1u);
  EXPECT_EQ(tls, 2);
  tls = 3;
  ev.set(); // the close finishes, the frame frees itself
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "cleanup tls=7", "Sp", "Rp",
                            "cleanup2 tls=7", "w=7", "~p"}));
  EXPECT_EQ(tls, 3);
  EXPECT_EQ(unraisable.messages.size(), 1u);
}

TEST_F(Context,
       G6_destroy_with_the_loop_finalizer_closes_in_the_generator_context) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    tls = 1;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, 7);
      Probe p(L, "p");
      TlsWitness w(L, "w");
      co_yield 1;
      L("never");
    };
    {
      auto g = make();
      auto r = co_await g.next();
      EXPECT_EQ(value_of(r), 1);
      tls = 2;
    } // handed to the loop's finalizer, which schedules aclose()
    co_await loop.schedule();
    co_await loop.schedule();
    EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "w=7", "~p"}));
    EXPECT_EQ(tls, 2);
  }(loop));
}

TEST_F(Context, G6_shutdown_asyncgens_resumes_guards_before_cleanup) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    tls = 1;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, 7);
      Probe p(L, "p");
      TlsWitness w(L, "w");
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
    tls = 2;
    co_await loop.shutdown_asyncgens();
    EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "w=7", "~p"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    EXPECT_EQ(tls, 2);
  }(loop));
}

TEST_F(Context, G6_handle_destroyed_while_in_flight_stays_balanced) {
  HooksScope no_hooks{nullptr, nullptr};
  UnraisableScope unraisable;
  Log L;
  Event ev;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_await ev;
    L("after-await");
    co_yield 1;
    L("never");
  };
  auto g = make();
  auto h = spawn(g.next());
  EXPECT_EQ(L.entries(), (V{"Sp"}));
  g = agen::async_generator<int>{}; // a usage error: reported, not a crash
  EXPECT_EQ(unraisable.messages.size(), 1u);
  EXPECT_EQ(L.entries(), (V{"Sp"}));
  ev.set();
  EXPECT_TRUE(h.done());
  auto r = h.result();
  EXPECT_FALSE(r);
  const V &log = L.entries();
  ASSERT_GE(log.size(), 4u);
  EXPECT_EQ(log[0], "Sp");
  EXPECT_EQ(log[1], "Rp");
  EXPECT_EQ(log[2], "after-await");
  EXPECT_EQ(log.back(), "~p"); // not "~(suspended)p"
  EXPECT_EQ(L.count("Sp"), L.count("Rp"));
  EXPECT_FALSE(L.contains("never"));
}

TEST_F(Context, G6_already_running_rejection_does_not_touch_guards) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  Event ev;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Probe p(L, "p");
    co_await ev;
    co_yield 1;
  };
  auto g = make();
  auto h = spawn(g.next());
  EXPECT_EQ(L.entries(), (V{"Sp"}));
  EXPECT_THROW(agen::sync_wait(g.next()), agen::already_running);
  EXPECT_THROW(agen::sync_wait(g.aclose()), agen::already_running);
  EXPECT_EQ(L.entries(), (V{"Sp"}));
  ev.set();
  EXPECT_TRUE(h.done());
  EXPECT_EQ(value_of(h.result()), 1);
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "Sp"}));
  agen::sync_wait(g.aclose());
  EXPECT_EQ(L.entries(), (V{"Sp", "Rp", "Sp", "Rp", "~p"}));
}

// ---------------------------------------------------------------------------
// G7: isolation (PEP 568) with scoped_override.

TEST_F(Context,
       G7_override_is_invisible_to_the_consumer_and_kept_across_yields) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, 7);
      co_yield int(tls);
      co_yield int(tls);
    };
    auto g = make();
    tls = 1;
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 7);
    EXPECT_EQ(tls, 1);
    tls = 2;
    auto r2 = co_await g.next();
    // the consumer's change does not reach the override
    EXPECT_EQ(value_of(r2), 7);
    EXPECT_EQ(tls, 2);
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
    EXPECT_EQ(tls, 2);
  }());
}

TEST_F(Context, G7_accessor_form_is_isolated_the_same_way) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o(+[]() -> int & { return tls; }, 7);
      co_yield int(tls);
      co_yield int(tls);
    };
    auto g = make();
    tls = 1;
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 7);
    EXPECT_EQ(tls, 1);
    tls = 2;
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 7);
    EXPECT_EQ(tls, 2);
    tls = 3;
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
    EXPECT_EQ(tls, 3);
  }());
}

TEST_F(Context, G7_writes_inside_the_override_scope_stay_private) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, 7);
      co_yield int(tls);
      tls = 8; // like ContextVar.set: changes the generator's own context
      co_yield int(tls);
      tls += 1;
      co_yield int(tls);
    };
    auto g = make();
    std::vector<int> got;
    for (int consumer : {100, 200, 300}) {
      tls = consumer;
      auto r = co_await g.next();
      got.push_back(r ? *r : -1);
      EXPECT_EQ(tls, consumer);
    }
    EXPECT_EQ(got, (std::vector<int>{7, 8, 9}));
    tls = 400;
    auto end = co_await g.next();
    EXPECT_FALSE(end);
    EXPECT_EQ(tls, 400);
  }());
}

TEST_F(Context, G7_nested_overrides_of_one_variable) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o1(tls, 1);
      {
        agen::scoped_override<int> o2(tls, 2);
        co_yield int(tls);
        co_yield int(tls);
      }
      co_yield int(tls);
    };
    auto g = make();
    std::vector<int> got;
    for (int consumer : {10, 20, 30}) {
      tls = consumer;
      auto r = co_await g.next();
      got.push_back(r ? *r : -1);
      EXPECT_EQ(tls, consumer);
    }
    EXPECT_EQ(got, (std::vector<int>{2, 2, 1}));
    tls = 40;
    auto end = co_await g.next();
    EXPECT_FALSE(end);
    EXPECT_EQ(tls, 40);
  }());
}

TEST_F(Context, G7_override_of_a_string_variable) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<std::string> {
      agen::scoped_override<std::string> o(tls_str, "generator, a long string "
                                                    "that will not fit SSO");
      co_yield std::string(tls_str);
      tls_str += "!";
      co_yield std::string(tls_str);
    };
    auto g = make();
    tls_str = "consumer one, also long enough to allocate storage";
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), "generator, a long string that will not fit SSO");
    EXPECT_EQ(tls_str, "consumer one, also long enough to allocate storage");
    tls_str = "consumer two";
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), "generator, a long string that will not fit SSO!");
    EXPECT_EQ(tls_str, "consumer two");
    co_await g.aclose();
    EXPECT_EQ(tls_str, "consumer two");
  }());
}

TEST_F(Context, G7_override_hidden_while_suspended_on_an_internal_await) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  Event ev;
  tls = 1;
  auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    agen::scoped_override<int> o(tls, 7);
    L("before=" + str(tls));
    co_await ev;
    L("after=" + str(tls));
    co_yield int(tls);
  };
  auto g = make();
  auto h = spawn(g.next());
  EXPECT_EQ(tls, 1); // the generator waits; whoever runs sees its own value
  tls = 4;
  ev.set();
  EXPECT_TRUE(h.done());
  EXPECT_EQ(value_of(h.result()), 7);
  EXPECT_EQ(tls, 4);
  EXPECT_EQ(L.entries(), (V{"before=7", "after=7"}));
  agen::sync_wait(g.aclose());
  EXPECT_EQ(tls, 4);
}

// An await that completes without suspending must not touch the override
// (G3): the generator keeps its value and the consumer keeps its own.
TEST_F(Context,
       G7_override_survives_an_await_that_completes_without_suspending) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, 7);
      co_await ready(0);
      co_yield int(tls);
      co_await ready(0);
      co_yield int(tls);
    };
    auto g = make();
    tls = 1;
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 7);
    EXPECT_EQ(tls, 1);
    tls = 2;
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 7);
    EXPECT_EQ(tls, 2);
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
    EXPECT_EQ(tls, 2);
  }());
}

TEST_F(Context, G7_two_generators_keep_separate_overrides) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR(int mine) -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, mine);
      for (int i = 0; i < 3; ++i) {
        co_yield int(tls);
        tls += 1; // private progress
      }
    };
    auto a = make(70);
    auto b = make(90);
    tls = 1;
    std::vector<int> got;
    for (int i = 0; i < 3; ++i) {
      auto ra = co_await a.next();
      got.push_back(ra ? *ra : -1);
      EXPECT_EQ(tls, 1);
      auto rb = co_await b.next();
      got.push_back(rb ? *rb : -1);
      EXPECT_EQ(tls, 1);
    }
    EXPECT_EQ(got, (std::vector<int>{70, 90, 71, 91, 72, 92}));
    co_await b.aclose();
    EXPECT_EQ(tls, 1);
    auto end = co_await a.next();
    EXPECT_FALSE(end);
    EXPECT_EQ(tls, 1);
  }());
}

TEST_F(Context, G7_cleanup_on_aclose_and_athrow_runs_in_the_generator_context) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make =
        [&] AGEN_GENERATOR(std::string name) -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, 7);
      TlsWitness w(L, name + " dtor");
      {
        std::exception_ptr e_;
        try {
          co_yield 1;
        } catch (...) {
          e_ = std::current_exception();
        }
        L(name + " cleanup=" + str(tls));
        co_await loop.schedule();
        L(name + " cleanup2=" + str(tls));
        if (e_)
          std::rethrow_exception(e_);
      }
    };
    auto a = make("a");
    auto ra = co_await a.next();
    EXPECT_EQ(value_of(ra), 1);
    tls = 2;
    co_await a.aclose();
    EXPECT_EQ(tls, 2);

    auto b = make("b");
    auto rb = co_await b.next();
    EXPECT_EQ(value_of(rb), 1);
    tls = 3;
    bool threw = false;
    try {
      auto rx = co_await b.athrow(std::make_exception_ptr(TestError("x")));
      EXPECT_FALSE(rx);
    } catch (const TestError &) {
      threw = true;
    }
    EXPECT_TRUE(threw);
    EXPECT_EQ(tls, 3);
    EXPECT_EQ(L.entries(), (V{"a cleanup=7", "a cleanup2=7", "a dtor=7",
                              "b cleanup=7", "b cleanup2=7", "b dtor=7"}));
  }(loop));
}

// ---------------------------------------------------------------------------
// G8: fall-through to the consumer's current context at each resumption.

TEST_F(Context, G8_unoverridden_variables_are_read_at_each_resumption) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield int(tls);
      co_yield int(tls);
    };
    auto g = make();
    tls = 1;
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    tls = 2;
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
  }());
}

TEST_F(Context,
       G8_first_resumption_reads_the_current_value_not_a_creation_snapshot) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield int(tls);
    };
    tls = 1;
    auto g = make();
    tls = 5;
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 5);
    co_await g.aclose();
  }());
}

TEST_F(Context, G8_other_variables_fall_through_while_one_is_overridden) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make =
        [] AGEN_GENERATOR() -> agen::async_generator<std::pair<int, int>> {
      agen::scoped_override<int> o(tls, 7);
      co_yield std::pair<int, int>(tls, tls2);
      co_yield std::pair<int, int>(tls, tls2);
    };
    auto g = make();
    tls = 1;
    tls2 = 10;
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), (std::pair<int, int>(7, 10)));
    tls = 2;
    tls2 = 20;
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), (std::pair<int, int>(7, 20)));
    EXPECT_EQ(tls, 2);
    EXPECT_EQ(tls2, 20);
    co_await g.aclose();
  }());
}

TEST_F(Context, G8_after_the_override_scope_ends_the_variable_falls_through) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      {
        agen::scoped_override<int> o(tls, 7);
        co_yield int(tls);
      }
      co_yield int(tls);
      co_yield int(tls);
    };
    auto g = make();
    std::vector<int> got;
    for (int consumer : {1, 2, 3}) {
      tls = consumer;
      auto r = co_await g.next();
      got.push_back(r ? *r : -1);
      EXPECT_EQ(tls, consumer);
    }
    EXPECT_EQ(got, (std::vector<int>{7, 2, 3}));
    co_await g.aclose();
  }());
}

// ---------------------------------------------------------------------------
// G10: the context travels with the generator, not with whoever resumes it.

AGEN_GENERATOR agen::async_generator<int>
travelling(Log &L, std::vector<std::thread::id> &ran_on) {
  // The accessor form: each callback finds the running thread's instance.
  agen::scoped_override<int> o(+[]() -> int & { return tls; }, 7);
  TlsWitness w(L, "w");
  ran_on.push_back(std::this_thread::get_id());
  co_yield int(tls);
  ran_on.push_back(std::this_thread::get_id());
  tls = 8; // the generator's own context, whichever thread runs it
  co_yield int(tls);
  ran_on.push_back(std::this_thread::get_id());
  co_yield int(tls);
  ran_on.push_back(std::this_thread::get_id());
  L("cleanup=" + str(tls));
}

TEST_F(Context, G10_context_travels_with_the_generator_across_threads) {
  HooksScope no_hooks{nullptr, nullptr};
  Log L;
  std::vector<std::thread::id> ran_on;
  auto g = travelling(L, ran_on);

  struct Turn {
    std::thread::id thread;
    int got = -1;
    int after = -1;
  };
  // One thread at a time: each resumes the generator, then is joined.
  auto resume_on_new_thread = [&](int mine) {
    Turn turn;
    std::thread t([&] {
      turn.thread = std::this_thread::get_id();
      tls = mine;
      auto r = agen::sync_wait(g.next());
      turn.got = r ? *r : -1;
      turn.after = tls;
    });
    t.join();
    return turn;
  };

  tls = 0;
  Turn t1 = resume_on_new_thread(1);
  Turn t2 = resume_on_new_thread(2);
  Turn t3 = resume_on_new_thread(3);
  EXPECT_EQ(t1.got, 7);
  EXPECT_EQ(t1.after, 1);
  EXPECT_EQ(t2.got, 8); // set on thread 2, inside the generator's context
  EXPECT_EQ(t2.after, 2);
  EXPECT_EQ(t3.got, 8); // still the generator's, now on thread 3
  EXPECT_EQ(t3.after, 3);
  EXPECT_EQ(tls, 0);

  ASSERT_EQ(ran_on.size(), 3u);
  EXPECT_EQ(ran_on[0], t1.thread);
  EXPECT_EQ(ran_on[1], t2.thread);
  EXPECT_EQ(ran_on[2], t3.thread);
  EXPECT_NE(t1.thread, std::this_thread::get_id());

  tls = 4;
  agen::sync_wait(g.aclose()); // on this thread; the override's destructor
                               // runs in the generator's context
  EXPECT_EQ(tls, 4);
  EXPECT_EQ(L.entries(), (V{"w=8"}));
  EXPECT_EQ(ran_on.size(), 3u);
}

TEST_F(Context, G10_context_travels_with_the_generator_across_tasks) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      agen::scoped_override<int> o(tls, 7);
      TlsWitness w(L, "w");
      co_yield int(tls);
      co_await loop.schedule();
      tls = 8;
      co_yield int(tls);
      co_yield int(tls);
    };
    auto g = make();
    auto consumer = [&](int mine) -> agen::task<int> {
      tls = mine;
      auto r = co_await g.next();
      EXPECT_EQ(tls, mine);
      co_return r ? *r : -1;
    };
    auto t1 = spawn(consumer(1));
    int v1 = co_await std::move(t1);
    auto t2 = spawn(consumer(2));
    int v2 = co_await std::move(t2);
    auto t3 = spawn(consumer(3));
    int v3 = co_await std::move(t3);
    EXPECT_EQ(v1, 7);
    EXPECT_EQ(v2, 8);
    EXPECT_EQ(v3, 8);
    tls = 4;
    co_await g.aclose();
    EXPECT_EQ(tls, 4);
    EXPECT_EQ(L.entries(), (V{"w=8"}));
  }(loop));
}

// ---------------------------------------------------------------------------
// G11: with agen::event_loop, the body continues, and values are delivered,
// on the loop's thread after every internal await.

using Sightings = std::vector<std::pair<std::string, std::thread::id>>;

TEST_F(Context, G11_body_and_consumer_continue_on_the_loop_thread) {
  std::thread::id loop_thread;
  Sightings seen;
  std::thread runner([&] {
    loop_thread = std::this_thread::get_id();
    agen::event_loop loop;
    run(loop, [](agen::event_loop &loop, Sightings &seen) -> agen::task<void> {
      auto here = [&](std::string what) {
        seen.emplace_back(std::move(what), std::this_thread::get_id());
      };
      Event ev;
      auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
        here("gen start");
        co_await loop.sleep_for(1ms);
        here("gen after sleep");
        co_yield 1;
        here("gen after yield 1");
        co_await loop.schedule();
        here("gen after schedule");
        co_await ev;
        here("gen after event");
        co_yield 2;
        here("gen after yield 2");
        co_await loop.sleep_for(1ms);
        here("gen after sleep 2");
      };
      auto g = make();
      auto r1 = co_await g.next();
      EXPECT_EQ(value_of(r1), 1);
      here("consumer got 1");
      loop.post([&ev] { ev.set(); }); // set from a loop callback
      auto r2 = co_await g.next();
      EXPECT_EQ(value_of(r2), 2);
      here("consumer got 2");
      auto r3 = co_await g.next();
      EXPECT_FALSE(r3);
      here("consumer got end");
    }(loop, seen));
  });
  runner.join();
  EXPECT_NE(loop_thread, std::this_thread::get_id());
  EXPECT_EQ(seen.size(), 10u);
  for (const auto &[what, id] : seen)
    EXPECT_EQ(id, loop_thread) << what;
}

} // namespace
