// Checklist section E: re-entrancy and concurrency (SPEC §3.6, §3.9, and the
// pinned "operations are awaitable once, as rvalues" decision).
//
// Test bodies are capture-free coroutines run on an agen::event_loop (the
// cross-thread ones also use agen::sync_wait). Generator lambdas are bound to
// a name before they are called, never invoked as temporaries.

#include "support.hpp"

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <coroutine>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using agen_test::Event;
using agen_test::gen12;
using agen_test::HooksScope;
using agen_test::Log;
using agen_test::MyExc;
using agen_test::run;
using agen_test::spawn;
using agen_test::Spy;
using agen_test::val;
using Strs = std::vector<std::string>;

// ---- E1 ---------------------------------------------------------------------

TEST(Reentrancy, E1_second_next_while_in_flight_throws_already_running) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      L("start");
      co_await ev;
      L("after-await");
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    auto h = spawn(g.next());
    EXPECT_FALSE(h.done());
    EXPECT_EQ(g.state(), agen::state::running);
    EXPECT_THROW(co_await g.next(), agen::already_running);
    // The rejected operation touched neither the body nor the one in flight.
    EXPECT_EQ(g.state(), agen::state::running);
    EXPECT_EQ(L.entries(), Strs({"start"}));
    EXPECT_FALSE(h.done());
    ev.set();
    EXPECT_TRUE(h.done());
    auto r1 = co_await std::move(h);
    EXPECT_EQ(val(r1), 1);
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto r2 = co_await g.next();
    EXPECT_EQ(val(r2), 2);
    EXPECT_FALSE(co_await g.next());
    EXPECT_EQ(L.entries(), Strs({"start", "after-await"}));
  }());
}

TEST(Reentrancy, E1_second_next_while_a_later_operation_is_in_flight) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield 1;
      co_await loop.schedule(); // the second next() is in flight meanwhile
      co_yield 2;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(val(r1), 1);
    auto h = spawn(g.next());
    EXPECT_FALSE(h.done());
    EXPECT_EQ(g.state(), agen::state::running);
    EXPECT_THROW(co_await g.next(), agen::already_running);
    EXPECT_THROW(co_await g.next(), agen::already_running); // still rejected
    for (int i = 0; i < 10 && !h.done(); ++i)
      co_await loop.schedule();
    EXPECT_TRUE(h.done());
    auto r2 = co_await std::move(h);
    EXPECT_EQ(val(r2), 2);
    EXPECT_FALSE(co_await g.next());
  }(loop));
}

TEST(Reentrancy, E1_next_while_aclose_is_in_flight_throws_already_running) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        co_yield 1;
        co_yield 2;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await ev; // asynchronous cleanup: aclose is in flight meanwhile
      L("cleanup");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    co_await g.next();
    auto h = spawn(g.aclose());
    EXPECT_FALSE(h.done());
    EXPECT_EQ(g.state(), agen::state::running);
    EXPECT_THROW(co_await g.next(), agen::already_running);
    EXPECT_TRUE(L.empty());
    ev.set();
    EXPECT_TRUE(h.done());
    co_await std::move(h); // the close itself succeeded
    EXPECT_EQ(L.entries(), Strs({"cleanup"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  }());
}

// The check does not depend on which thread asks (the two threads are
// serialised by join()).
TEST(Reentrancy, E1_next_from_another_thread_while_in_flight_throws) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_await ev;
      co_yield 1;
    };
    auto g = make();
    auto h = spawn(g.next());
    bool threw = false;
    bool other = false;
    std::thread t([&] {
      try {
        agen::sync_wait(g.next());
      } catch (const agen::already_running &) {
        threw = true;
      } catch (...) {
        other = true;
      }
    });
    t.join();
    EXPECT_TRUE(threw);
    EXPECT_FALSE(other);
    EXPECT_EQ(g.state(), agen::state::running);
    ev.set();
    auto r = co_await std::move(h);
    EXPECT_EQ(val(r), 1);
    co_await g.aclose();
  }());
}

// ---- E2 ---------------------------------------------------------------------

TEST(Reentrancy,
     E2_asend_and_athrow_while_in_flight_throw_and_deliver_nothing) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      try {
        co_await ev;
      } catch (const MyExc &) {
        L("delivered!");
      }
      int got = co_yield 1;
      L("got " + std::to_string(got));
    };
    auto g = make();
    auto h = spawn(g.next());
    EXPECT_FALSE(h.done());
    EXPECT_THROW(co_await g.athrow(std::make_exception_ptr(MyExc{})),
                 agen::already_running);
    EXPECT_THROW(co_await g.asend(5), agen::already_running);
    EXPECT_EQ(g.state(), agen::state::running);
    EXPECT_FALSE(h.done());
    ev.set();
    auto r = co_await std::move(h);
    EXPECT_EQ(val(r), 1);
    EXPECT_TRUE(L.empty()); // the rejected athrow's exception never arrived
    // The generator is intact: a later asend delivers its value.
    EXPECT_FALSE(co_await g.asend(7));
    EXPECT_EQ(L.entries(), Strs({"got 7"}));
  }());
}

TEST(Reentrancy, E2_next_while_athrow_is_in_flight_throws_already_running) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      try {
        co_yield 1;
      } catch (const MyExc &) {
        L("handled");
      }
      co_await ev; // the athrow is in flight meanwhile
      co_yield 2;
    };
    auto g = make();
    co_await g.next();
    auto h = spawn(g.athrow(std::make_exception_ptr(MyExc{})));
    EXPECT_FALSE(h.done());
    EXPECT_THROW(co_await g.next(), agen::already_running);
    EXPECT_THROW(co_await g.asend(3), agen::already_running);
    EXPECT_THROW(co_await g.athrow(std::make_exception_ptr(MyExc{})),
                 agen::already_running);
    ev.set();
    auto r = co_await std::move(h);
    EXPECT_EQ(val(r), 2);
    EXPECT_EQ(L.entries(), Strs({"handled"})); // delivered exactly once
    co_await g.aclose();
  }());
}

// ---- E3 ---------------------------------------------------------------------

TEST(Reentrancy,
     E3_generator_awaiting_its_own_operations_gets_already_running) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    agen::async_generator<int, int> *self = nullptr;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      EXPECT_EQ(self->state(), agen::state::running);
      // Not EXPECT_THROW: agen cannot lower a co_await inside a macro. Any
      // other exception leaves the body and fails the test below.
      int rejected = 0;
      try {
        co_await self->next();
      } catch (const agen::already_running &) {
        ++rejected;
      }
      try {
        co_await self->asend(1);
      } catch (const agen::already_running &) {
        ++rejected;
      }
      try {
        co_await self->athrow(std::make_exception_ptr(MyExc{}));
      } catch (const agen::already_running &) {
        ++rejected;
      }
      try {
        co_await self->aclose();
      } catch (const agen::already_running &) {
        ++rejected;
      }
      EXPECT_EQ(rejected, 4);
      EXPECT_EQ(self->state(), agen::state::running);
      L("continues");
      co_yield 123;
    };
    auto g = make();
    self = &g;
    auto r = co_await g.next();
    EXPECT_EQ(val(r), 123);
    EXPECT_EQ(L.entries(), Strs({"continues"}));
    EXPECT_FALSE(co_await g.next());
  }());
}

TEST(Reentrancy, E3_own_next_from_a_task_the_body_awaits) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    agen::async_generator<int> *self = nullptr;
    int rejected = 0;
    auto poke = [&]() -> agen::task<void> {
      try {
        co_await self->next();
      } catch (const agen::already_running &) {
        ++rejected;
      }
    };
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_await poke();
      co_yield 123;
    };
    auto g = make();
    self = &g;
    auto r = co_await g.next();
    EXPECT_EQ(val(r), 123);
    EXPECT_EQ(rejected, 1);
    co_await g.aclose();
  }());
}

// ---- E4 ---------------------------------------------------------------------

template <class Op>
concept awaitable_as_lvalue = requires(Op &op) { op.operator co_await(); };
template <class Op>
concept awaitable_as_rvalue =
    requires(Op &op) { std::move(op).operator co_await(); };

using NextOp = decltype(std::declval<agen::async_generator<int> &>().next());
using SendOp =
    decltype(std::declval<agen::async_generator<int, int> &>().asend(1));
using ThrowOp = decltype(std::declval<agen::async_generator<int> &>().athrow(
    std::exception_ptr{}));
using CloseOp = decltype(std::declval<agen::async_generator<int> &>().aclose());

TEST(Reentrancy, E4_operations_are_awaitable_only_as_rvalues) {
  EXPECT_TRUE(awaitable_as_rvalue<NextOp>);
  EXPECT_TRUE(awaitable_as_rvalue<SendOp>);
  EXPECT_TRUE(awaitable_as_rvalue<ThrowOp>);
  EXPECT_TRUE(awaitable_as_rvalue<CloseOp>);
  // `co_await op` on an lvalue does not compile.
  EXPECT_FALSE(awaitable_as_lvalue<NextOp>);
  EXPECT_FALSE(awaitable_as_lvalue<SendOp>);
  EXPECT_FALSE(awaitable_as_lvalue<ThrowOp>);
  EXPECT_FALSE(awaitable_as_lvalue<CloseOp>);
  EXPECT_FALSE(std::is_copy_constructible_v<NextOp>);
}

TEST(Reentrancy, E4_reawaiting_a_completed_next_throws_and_does_not_advance) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      L("yield 1");
      co_yield 1;
      L("yield 2");
      co_yield 2;
      L("end");
    };
    auto g = make();
    auto op = g.next();
    auto r1 = co_await std::move(op);
    EXPECT_EQ(val(r1), 1);
    EXPECT_THROW(co_await std::move(op), std::logic_error);
    EXPECT_EQ(g.state(), agen::state::suspended);
    EXPECT_EQ(L.entries(), Strs({"yield 1"}));
    auto r2 = co_await g.next(); // a fresh operation is fine
    EXPECT_EQ(val(r2), 2);
    co_await g.aclose();
  }());
}

TEST(Reentrancy, E4_reawaiting_a_rejected_operation_throws_logic_error) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_await ev;
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    auto h = spawn(g.next());
    auto op = g.next();
    EXPECT_THROW(co_await std::move(op), agen::already_running);
    ev.set();
    auto r1 = co_await std::move(h);
    EXPECT_EQ(val(r1), 1);
    // Now the generator is suspended: a re-await must still fail, not run.
    bool reused = false;
    try {
      co_await std::move(op);
    } catch (const std::logic_error &) {
      reused = true;
    } catch (...) {
    }
    EXPECT_TRUE(reused);
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto r2 = co_await g.next();
    EXPECT_EQ(val(r2), 2);
    co_await g.aclose();
  }());
}

TEST(Reentrancy, E4_reawaiting_a_rejected_asend_does_not_start_the_generator) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    auto op = g.asend(5);
    EXPECT_THROW(co_await std::move(op), std::logic_error); // just started
    EXPECT_THROW(co_await std::move(op), std::logic_error); // reused
    EXPECT_EQ(g.state(), agen::state::created);
    EXPECT_TRUE(L.empty());
    auto r = co_await g.next();
    EXPECT_EQ(val(r), 1);
    EXPECT_EQ(L.entries(), Strs({"body"}));
    co_await g.aclose();
  }());
}

TEST(Reentrancy, E4_reawaiting_aclose_and_athrow_operations_throws) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 1;
      } catch (const MyExc &) {
        L("caught");
      }
      co_yield 2;
    };
    auto g = make();
    co_await g.next();
    auto t = g.athrow(std::make_exception_ptr(MyExc{}));
    auto r = co_await std::move(t);
    EXPECT_EQ(val(r), 2);
    EXPECT_THROW(co_await std::move(t), std::logic_error);
    EXPECT_EQ(L.entries(), Strs({"caught"})); // not thrown in a second time
    auto c = g.aclose();
    co_await std::move(c);
    EXPECT_EQ(L.entries(), Strs({"caught", "~s"}));
    EXPECT_THROW(co_await std::move(c), std::logic_error);
    EXPECT_EQ(L.entries(), Strs({"caught", "~s"}));
  }());
}

TEST(Reentrancy, E4_a_moved_from_operation_cannot_be_awaited) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto g = gen12();
    auto a = g.next();
    auto b = std::move(a);
    EXPECT_THROW(co_await std::move(a), std::logic_error);
    EXPECT_EQ(g.state(), agen::state::created);
    auto r = co_await std::move(b);
    EXPECT_EQ(val(r), 1);
    co_await g.aclose();
  }());
}

// ---- E5 ---------------------------------------------------------------------

TEST(Reentrancy, E5_running_only_while_an_operation_is_in_flight) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Event ev1, ev2;
    agen::async_generator<int> *self = nullptr;
    std::vector<agen::state> inside;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      inside.push_back(self->state());
      co_await ev1;
      inside.push_back(self->state());
      co_yield 1;
      inside.push_back(self->state());
      co_await ev2;
      co_yield 2;
    };
    auto g = make();
    self = &g;
    EXPECT_EQ(g.state(), agen::state::created);
    auto h1 = spawn(g.next());
    EXPECT_EQ(g.state(), agen::state::running); // at the internal await
    ev1.set();
    co_await std::move(h1);
    EXPECT_EQ(g.state(), agen::state::suspended); // at rest at the yield
    auto h2 = spawn(g.next());
    EXPECT_EQ(g.state(), agen::state::running);
    ev2.set();
    co_await std::move(h2);
    EXPECT_EQ(g.state(), agen::state::suspended);
    EXPECT_FALSE(co_await g.next());
    EXPECT_EQ(g.state(), agen::state::closed);
    EXPECT_EQ(inside, (std::vector<agen::state>(3, agen::state::running)));
  }());
}

TEST(Reentrancy, E5_running_while_an_athrow_or_aclose_is_in_flight) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        try {
          co_yield 1;
        } catch (const MyExc &) {
        }
        co_await loop.schedule();
        co_yield 2;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await loop.schedule();
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    co_await g.next();
    auto t = spawn(g.athrow(std::make_exception_ptr(MyExc{})));
    EXPECT_EQ(g.state(), agen::state::running);
    auto r = co_await std::move(t);
    EXPECT_EQ(val(r), 2);
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto c = spawn(g.aclose());
    EXPECT_EQ(g.state(), agen::state::running);
    co_await std::move(c);
    EXPECT_EQ(g.state(), agen::state::closed);
  }(loop));
}

// ---- E6 ---------------------------------------------------------------------

TEST(Reentrancy,
     E6_unawaited_operations_on_a_created_generator_change_nothing) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0, fz = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                  [&](agen::any_async_generator) { ++fz; }};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    {
      auto o1 = g.next();
      auto o2 = g.aclose();
      auto o3 = g.athrow(std::make_exception_ptr(MyExc{}));
      auto o4 = g.asend(4);
      auto o5 = std::move(o1);
    }
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(g.state(), agen::state::created); // not closed, not thrown into
    EXPECT_EQ(fi, 0); // firstiter runs at the first await (documented choice)
    auto r = co_await g.next();
    EXPECT_EQ(val(r), 1);
    EXPECT_EQ(fi, 1);
    EXPECT_EQ(L.entries(), Strs({"body"}));
    EXPECT_EQ(fz, 0);
    co_await g.aclose();
  }());
}

TEST(Reentrancy,
     E6_unawaited_operations_on_a_suspended_generator_change_nothing) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      Spy s{L, "s"};
      try {
        int got = co_yield 1;
        L("got " + std::to_string(got));
      } catch (const MyExc &) {
        L("thrown into");
      }
      co_yield 2;
    };
    auto g = make();
    co_await g.next();
    {
      auto o1 = g.aclose();
      auto o2 = g.athrow(std::make_exception_ptr(MyExc{}));
      auto o3 = g.asend(9);
      auto o4 = g.next();
    }
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto r = co_await g.next();
    EXPECT_EQ(val(r), 2);
    EXPECT_EQ(L.entries(), Strs({"got 0"}));
    co_await g.aclose();
    EXPECT_EQ(L.entries(), Strs({"got 0", "~s"}));
  }());
}

TEST(Reentrancy, E6_generator_with_only_unawaited_operations_is_untouched) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0, fz = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                  [&](agen::any_async_generator) { ++fz; }};
    auto make = [&] AGEN_GENERATOR(Spy) -> agen::async_generator<int> {
      L("body");
      co_yield 1;
    };
    {
      auto g = make(Spy{L, "param"});
      auto op = g.next();
      (void)op;
    } // op, then g, destroyed: a created generator, no hook, no body
    EXPECT_EQ(L.entries(), Strs({"~param"}));
    EXPECT_EQ(fi, 0);
    EXPECT_EQ(fz, 0);
    co_return;
  }());
}

// ---- E7 ---------------------------------------------------------------------

TEST(Reentrancy, E7_every_producer_consumer_resumption_path) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    Event p1, p2, c1;
    bool fin = false;
    auto produce = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_await p1; // consumer resumes a producer that completes asynchronously
      L("p1");
      co_yield 1;
      co_await p2;
      L("p2");
      co_yield 2;
      L("end");
    };
    auto consume = [&]() -> agen::task<void> {
      auto g = produce();
      auto r1 = co_await g.next();
      EXPECT_EQ(val(r1), 1);
      L("got 1");
      auto r2 = co_await g.next(); // asked synchronously, after resumption
      EXPECT_EQ(val(r2), 2);
      L("got 2");
      co_await c1; // the consumer asks asynchronously
      EXPECT_FALSE(co_await g.next());
      fin = true;
    };
    auto h = spawn(consume());
    EXPECT_TRUE(L.empty());
    p1.set();
    EXPECT_EQ(L.entries(), Strs({"p1", "got 1"}));
    p2.set();
    EXPECT_EQ(L.entries(), Strs({"p1", "got 1", "p2", "got 2"}));
    EXPECT_FALSE(fin);
    c1.set();
    EXPECT_TRUE(fin);
    EXPECT_EQ(L.entries(), Strs({"p1", "got 1", "p2", "got 2", "end"}));
    EXPECT_TRUE(h.done());
    co_await std::move(h);
  }());
}

TEST(Reentrancy, E7_synchronous_producer_and_consumer) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      for (int i = 0; i < 3; ++i) {
        int v = co_await agen_test::ready(i * 10); // completes inline
        co_yield v;
      }
    };
    auto g = make();
    std::vector<int> v;
    for (;;) {
      auto r = co_await g.next();
      if (!r)
        break;
      v.push_back(*r);
    }
    EXPECT_EQ(v, (std::vector<int>{0, 10, 20}));
  }());
}

/// Resumes the awaiting coroutine on a new thread.
class ThreadHop {
public:
  auto operator co_await() {
    struct awaiter {
      ThreadHop &hop;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) {
        std::lock_guard lock(hop.mutex_);
        hop.threads_.emplace_back([h] { h.resume(); });
      }
      void await_resume() const noexcept {}
    };
    return awaiter{*this};
  }
  void join() {
    for (;;) {
      std::thread t;
      {
        std::lock_guard lock(mutex_);
        if (threads_.empty())
          return;
        t = std::move(threads_.back());
        threads_.pop_back();
      }
      t.join();
    }
  }
  ~ThreadHop() { join(); }

private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

// The producer is resumed on other threads; values reach the consumer on the
// producer's thread, and the consumer may resume the generator from a thread
// other than the one it was created and started on.
TEST(Reentrancy, E7_producer_resumed_on_other_threads) {
  ThreadHop hop;
  Log L;
  std::thread::id main_id = std::this_thread::get_id();
  std::vector<std::thread::id> producer_ids, consumer_ids;
  auto produce = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
    Spy s{L, "s"};
    co_await hop;
    producer_ids.push_back(std::this_thread::get_id());
    co_yield 1;
    producer_ids.push_back(std::this_thread::get_id());
    co_await hop;
    producer_ids.push_back(std::this_thread::get_id());
    co_yield 2;
  };
  auto consume = [&]() -> agen::task<int> {
    auto g = produce();
    int sum = 0;
    for (;;) {
      auto r = co_await g.next();
      consumer_ids.push_back(std::this_thread::get_id());
      if (!r)
        break;
      sum += *r;
    }
    co_return sum;
  };
  int sum = agen::sync_wait(consume());
  hop.join();
  EXPECT_EQ(sum, 3);
  EXPECT_EQ(L.entries(), Strs({"~s"}));
  ASSERT_EQ(producer_ids.size(), 3u);
  ASSERT_EQ(consumer_ids.size(), 3u);
  EXPECT_NE(producer_ids[0], main_id);
  EXPECT_EQ(consumer_ids[0], producer_ids[0]); // delivered on that thread
  EXPECT_EQ(producer_ids[1], consumer_ids[0]); // resumed from there
  EXPECT_NE(producer_ids[2], producer_ids[1]); // a second hop
  EXPECT_EQ(consumer_ids[1], producer_ids[2]);
  EXPECT_EQ(consumer_ids[2], producer_ids[2]);
}

} // namespace
