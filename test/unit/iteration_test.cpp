// Behaviour tests, checklist section A (iteration basics): lazy start, in-order
// delivery, sticky end, pending operations, co_return.
// SPEC §3.1, §3.2, §3.9; test/unit/support.hpp is the harness.

#include "support.hpp"

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <coroutine>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

using agen::async_generator;
using agen_test::Event;
using agen_test::HooksScope;
using agen_test::Log;
using agen_test::run_test;
using agen_test::Spy;
using agen_test::value_of;
using Strs = std::vector<std::string>;
using namespace std::chrono_literals;

/// Resumes the awaiting coroutine on a new thread, stored in `*thread`.
struct resume_on_new_thread {
  std::thread *thread;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    *thread = std::thread([h] { h.resume(); });
  }
  void await_resume() const noexcept {}
};

/// Counts the copies and moves made of it; `id` tells objects apart.
struct Tracked {
  int id;
  int *copies;
  Tracked(int i, int &c) : id(i), copies(&c) {}
  Tracked(const Tracked &o) : id(o.id), copies(o.copies) { ++*copies; }
  Tracked(Tracked &&o) noexcept : id(o.id), copies(o.copies) { ++*copies; }
  Tracked &operator=(const Tracked &) = delete;
};

std::string labelled(const Spy &, std::string label) { return label; }
const std::string &same(const std::string &s) { return s; }

} // namespace

// ---- A1 Lazy start
// ------------------------------------------------------------

TEST(IterationBasics, A1_lazy_start_body_runs_at_first_awaited_operation) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    bool started = false;
    int firstiter = 0;
    HooksScope hooks([&](const agen::generator_ref &) { ++firstiter; },
                     nullptr);
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      started = true;
      co_yield 1;
    };
    auto g = make();
    EXPECT_FALSE(started);
    EXPECT_EQ(g.state(), agen::state::created);
    EXPECT_EQ(firstiter, 0); // nothing observable before the first operation
    auto r = co_await g.next();
    EXPECT_TRUE(started);
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(g.state(), agen::state::suspended);
    EXPECT_EQ(firstiter, 1);
  });
}

TEST(IterationBasics,
     A1_lazy_start_creating_an_operation_without_awaiting_it_runs_nothing) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int firstiter = 0;
    HooksScope hooks([&](const agen::generator_ref &) { ++firstiter; },
                     nullptr);
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    {
      auto op = g.next(); // created, never awaited
      EXPECT_TRUE(L.empty());
    }
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(firstiter, 0);
    EXPECT_EQ(g.state(), agen::state::created);
    auto op = g.next();
    EXPECT_TRUE(L.empty());
    auto r = co_await std::move(op); // awaiting it is what starts the body
    EXPECT_EQ(value_of(r), 1);
    EXPECT_EQ(L.entries(), Strs({"body"}));
    EXPECT_EQ(firstiter, 1);
  });
}

TEST(IterationBasics,
     A1_lazy_start_destroying_before_any_operation_never_runs_the_body) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int firstiter = 0, finalizer = 0;
    HooksScope hooks([&](const agen::generator_ref &) { ++firstiter; },
                     [&](agen::any_async_generator) { ++finalizer; });
    auto make =
        [&] AGEN_GENERATOR([[maybe_unused]] Spy a) -> async_generator<int> {
      L("body");
      Spy b{L, "b"};
      co_yield 1;
    };
    {
      auto g = make(Spy{L, "a"});
      EXPECT_TRUE(L.empty());
    }
    EXPECT_EQ(L.entries(), Strs({"~a"})); // only the parameter copy, once
    EXPECT_EQ(firstiter, 0);
    EXPECT_EQ(finalizer, 0);
    co_return;
  });
}

// ---- A2 Values arrive in order, interleaved with awaits, then end
// --------------

TEST(IterationBasics,
     A2_values_arrive_in_order_interleaved_with_awaits_then_end) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      co_await loop.schedule();
      L("g:awaited-1");
      co_yield 123;
      co_await loop.sleep_for(1ms);
      L("g:awaited-2");
      int x = co_await agen_test::ready(456); // completes without suspending
      co_yield x;
      co_yield 789;
      L("g:end");
    };
    auto g = make();
    std::vector<int> v;
    while (auto r = co_await g.next()) {
      v.push_back(*r);
      L("c:" + std::to_string(*r));
    }
    EXPECT_EQ(v, (std::vector<int>{123, 456, 789}));
    EXPECT_EQ(L.entries(), Strs({"g:awaited-1", "c:123", "g:awaited-2", "c:456",
                                 "c:789", "g:end"}));
    auto r = co_await g.next();
    EXPECT_FALSE(r);
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(IterationBasics,
     A2_values_arrive_in_order_for_lvalues_temporaries_and_conversions) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> async_generator<std::string> {
      std::string local = "lvalue";
      co_yield local;
      co_await loop.schedule();
      co_yield std::string("temporary");
      co_yield "converted"; // const char* -> std::string
      local = "changed";
      co_yield local;
    };
    auto g = make();
    std::vector<std::string> v;
    while (auto r = co_await g.next())
      v.push_back(*r);
    EXPECT_EQ(v, Strs({"lvalue", "temporary", "converted", "changed"}));
  });
}

TEST(IterationBasics,
     A2_yield_expression_is_the_default_send_value_under_next) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make =
        [&] AGEN_GENERATOR() -> async_generator<int, std::optional<int>> {
      std::optional<int> a = co_yield 123;
      L(a ? "value" : "none");
      std::optional<int> b = co_yield 456;
      L(b ? "value" : "none");
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 123);
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 456);
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
    EXPECT_EQ(L.entries(), Strs({"none", "none"}));

    std::vector<int> got;
    auto make_int = [&] AGEN_GENERATOR() -> async_generator<int, int> {
      int a = co_yield 1;
      got.push_back(a);
      int b = co_yield 2;
      got.push_back(b);
    };
    auto h = make_int();
    while (co_await h.next()) {
    }
    EXPECT_EQ(got, (std::vector<int>{0, 0})); // Send{} for int
  });
}

TEST(IterationBasics,
     A2_yielded_objects_are_read_in_place_unless_the_reference_needs_a_copy) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    int copies = 0;
    const Tracked *where[2] = {};
    // `const Tracked &` binds to anything of type Tracked: nothing is copied.
    auto refs = [&] AGEN_GENERATOR() -> async_generator<const Tracked &> {
      Tracked a{1, copies};
      const Tracked b{2, copies};
      where[0] = &a;
      where[1] = &b;
      co_yield a;
      co_yield b;
      co_yield Tracked{3, copies};
      co_yield std::move(a);
    };
    auto g = refs();
    auto r1 = co_await g.next();
    EXPECT_TRUE(r1 && &*r1 == where[0]);
    auto r2 = co_await g.next();
    EXPECT_TRUE(r2 && &*r2 == where[1]);
    auto r3 = co_await g.next();
    EXPECT_TRUE(r3 && r3->id == 3);
    auto r4 = co_await g.next();
    EXPECT_TRUE(r4 && &*r4 == where[0]);
    EXPECT_EQ(copies, 0);
    EXPECT_FALSE(co_await g.next());

    // `Tracked &` cannot bind a const object: that one is yielded as a copy.
    auto values = [&] AGEN_GENERATOR() -> async_generator<Tracked> {
      Tracked a{1, copies};
      const Tracked b{2, copies};
      where[0] = &a;
      co_yield a;
      co_yield b;
      co_yield Tracked{3, copies};
    };
    auto h = values();
    auto v1 = co_await h.next();
    EXPECT_TRUE(v1 && &*v1 == where[0]);
    EXPECT_EQ(copies, 0);
    auto v2 = co_await h.next();
    EXPECT_TRUE(v2 && v2->id == 2);
    EXPECT_EQ(copies, 1);
    auto v3 = co_await h.next();
    EXPECT_TRUE(v3 && v3->id == 3);
    EXPECT_EQ(copies, 1);
  });
}

TEST(IterationBasics,
     A2_temporaries_of_a_yield_operand_live_until_the_generator_resumes) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<std::string> {
      co_yield labelled(Spy{L, "t"}, "first");
      L("resumed");
      co_yield labelled(Spy{L, "u"}, "second");
      L("not reached");
    };
    auto g = make();
    if (auto r = co_await g.next())
      L("got " + *r);
    if (auto r = co_await g.next())
      L("got " + *r);
    co_await g.aclose();
    EXPECT_EQ(L.entries(),
              Strs({"got first", "~t", "resumed", "got second", "~u"}));

    // Yielded in place, a temporary is what the consumer reads.
    auto held = [] AGEN_GENERATOR() -> async_generator<const std::string &> {
      co_yield same(std::string("a temporary, long enough to be allocated"));
    };
    auto h = held();
    auto r = co_await h.next();
    EXPECT_EQ(value_of(r), "a temporary, long enough to be allocated");
  });
}

// ---- A3 End is sticky and clean
// ---------------------------------------------------

TEST(IterationBasics, A3_end_is_sticky_and_no_body_code_reruns) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int, int> {
      L("body");
      co_yield 42;
      L("tail");
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 42);
    for (int k = 0; k < 3; ++k) {
      auto e = co_await g.next();
      EXPECT_FALSE(e) << "next() #" << k;
    }
    auto s = co_await g.asend(7);
    EXPECT_FALSE(s);
    auto t =
        co_await g.athrow(std::make_exception_ptr(std::runtime_error("x")));
    EXPECT_FALSE(t); // no stale error state, nothing rethrown
    co_await g.aclose();
    auto e = co_await g.next();
    EXPECT_FALSE(e);
    EXPECT_EQ(L.entries(), Strs({"body", "tail"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(IterationBasics, A3_end_is_sticky_under_sync_wait) {
  Log L;
  auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
    L("body");
    co_yield 42;
  };
  auto g = make();
  auto r = agen::sync_wait(g.next());
  EXPECT_EQ(value_of(r), 42);
  auto e1 = agen::sync_wait(g.next());
  EXPECT_FALSE(e1);
  auto e2 = agen::sync_wait(g.next());
  EXPECT_FALSE(e2);
  EXPECT_EQ(L.entries(), Strs({"body"}));
  EXPECT_EQ(g.state(), agen::state::closed);
}

TEST(
    IterationBasics,
    A3_blocking_on_a_final_next_completed_by_another_thread_does_not_deadlock) {
  Log L;
  std::thread worker;
  auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
    co_yield 1;
    co_await resume_on_new_thread{&worker};
    L("finished-elsewhere");
  };
  auto g = make();
  auto r = agen::sync_wait(g.next());
  EXPECT_EQ(value_of(r), 1);
  auto e = agen::sync_wait(g.next()); // completes on `worker`
  EXPECT_FALSE(e);
  if (worker.joinable())
    worker.join();
  EXPECT_EQ(L.entries(), Strs({"finished-elsewhere"}));
  EXPECT_EQ(g.state(), agen::state::closed);
  auto again = agen::sync_wait(g.next());
  EXPECT_FALSE(again);
}

// ---- A4 An operation completes only when the body reaches the next yield
// ------------

TEST(IterationBasics, A4_operation_stays_pending_while_the_body_awaits) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Event p1, p2;
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      co_await p1;
      L("after-p1");
      co_await p2;
      L("after-p2");
      co_yield 1;
    };
    auto g = make();
    auto h = agen_test::spawn(g.next());
    EXPECT_FALSE(h.done());
    EXPECT_EQ(g.state(), agen::state::running);
    p1.set();
    EXPECT_EQ(L.entries(), Strs({"after-p1"}));
    EXPECT_FALSE(h.done()); // an internal await is not a yield
    EXPECT_EQ(g.state(), agen::state::running);
    p2.set();
    EXPECT_TRUE(h.done()); // completed as soon as the body yielded
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto r = co_await std::move(h);
    EXPECT_EQ(value_of(r), 1);
  });
}

TEST(IterationBasics,
     A4_operation_completes_synchronously_when_nothing_suspends) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      int x = co_await agen_test::ready(5);
      co_yield x;
      co_yield co_await agen_test::ready(6);
    };
    auto g = make();
    auto h1 = agen_test::spawn(g.next());
    EXPECT_TRUE(h1.done());
    auto r1 = co_await std::move(h1);
    EXPECT_EQ(value_of(r1), 5);
    auto h2 = agen_test::spawn(g.next());
    EXPECT_TRUE(h2.done());
    auto r2 = co_await std::move(h2);
    EXPECT_EQ(value_of(r2), 6);
    auto h3 = agen_test::spawn(g.next());
    EXPECT_TRUE(h3.done());
    auto r3 = co_await std::move(h3);
    EXPECT_FALSE(r3);
  });
}

TEST(IterationBasics, A4_operation_completes_later_on_the_event_loop) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      co_await loop.sleep_for(2ms);
      co_yield 7;
    };
    auto g = make();
    auto h = agen_test::spawn(g.next());
    EXPECT_FALSE(h.done());
    auto r = co_await std::move(h);
    EXPECT_EQ(value_of(r), 7);
  });
}

// ---- A5 co_return / falling off the end gives end
// ---------------------------------

TEST(IterationBasics, A5_co_return_gives_end_and_code_after_it_never_runs) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      Spy s{L, "s"};
      co_yield 1;
      co_await loop.schedule();
      co_return;
      L("after-co_return");
      co_yield 3;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.next();
    EXPECT_FALSE(r2);
    EXPECT_EQ(L.entries(),
              Strs({"~s"})); // locals gone by the time end is reported
    EXPECT_EQ(g.state(), agen::state::closed);
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
    EXPECT_EQ(L.entries(), Strs({"~s"}));
  });
}

TEST(IterationBasics, A5_co_return_inside_nested_scopes_and_loops_gives_end) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      Spy outer{L, "outer"};
      for (int i = 0;; ++i) {
        Spy inner{L, "inner" + std::to_string(i)};
        if (i == 2)
          co_return;
        co_yield i;
      }
    };
    auto g = make();
    std::vector<int> v;
    while (auto r = co_await g.next())
      v.push_back(*r);
    EXPECT_EQ(v, (std::vector<int>{0, 1}));
    EXPECT_EQ(L.entries(), Strs({"~inner0", "~inner1", "~inner2", "~outer"}));
  });
}

TEST(IterationBasics, A5_falling_off_the_end_gives_end) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      Spy s{L, "s"};
      co_yield 1;
      L("last-statement");
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.next();
    EXPECT_FALSE(r2);
    EXPECT_EQ(L.entries(), Strs({"last-statement", "~s"}));
  });
}

namespace {
template <class P>
concept accepts_co_return_value = requires(P &p) { p.return_value(5); };
template <class P>
concept accepts_co_return_void = requires(P &p) { p.return_void(); };
} // namespace

// Negative-compile check: `co_return expr;` (non-void expr) calls
// promise.return_value(expr) ([stmt.return.coroutine]), so a promise without
// return_value makes it ill-formed. A compile-time test: this file does not
// compile if the promise starts accepting values.
TEST(IterationBasics, A5_co_return_with_a_value_is_ill_formed) {
  static_assert(!accepts_co_return_value<async_generator<int>::promise_type>);
  static_assert(
      !accepts_co_return_value<async_generator<int, int>::promise_type>);
  static_assert(accepts_co_return_void<async_generator<int>::promise_type>);
  SUCCEED();
}
