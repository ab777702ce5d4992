// Behaviour tests for semantics-checklist.md section C: aclose from every
// state, and cleanup ordering (SPEC §3.5, §3.7, §3.8).
//
// Every test body is a capture-free coroutine taking the event loop, run to
// completion by run_test(); generator lambdas are bound to a name before they
// are called. Lifetimes are observed with Log/Spy/Counter, never prints.
//
// Checklist IDs not covered here:
//   C15: N/A. The runtime has no API to close or cancel an operation that is
//        in flight (SPEC §2/§3.6; brief), so IgnoredClose cannot arise.

#include "support.hpp"

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using agen_test::CleanupError;
using agen_test::Counter;
using agen_test::Event;
using agen_test::holds;
using agen_test::HooksScope;
using agen_test::Log;
using agen_test::outcome_of;
using agen_test::run_test;
using agen_test::sleep_n_crash;
using agen_test::SomeError;
using agen_test::Spy;
using agen_test::UnraisableScope;
using agen_test::ValueError;
using agen_test::ZeroDiv;
using V = std::vector<std::string>;

/// Lets the loop run `n` turns.
agen::task<void> turns(agen::event_loop &loop, int n) {
  for (int i = 0; i < n; ++i)
    co_await loop.schedule();
}

/// Iterates `g` to its end; returns the values.
template <class G> agen::task<std::vector<int>> drain(G &g) {
  std::vector<int> v;
  for (;;) {
    auto r = co_await g.next();
    if (!r)
      break;
    v.push_back(*r);
  }
  co_return v;
}

// A generator with a parameter copy, locals in two scopes and an async
// cleanup that yields while closing (C10).
AGEN_GENERATOR agen::async_generator<int>
yields_while_closing(agen::event_loop &loop, Log &L, [[maybe_unused]] Spy p) {
  Spy a{L, "a"};
  {
    std::exception_ptr e_;
    try {
      Spy b{L, "b"};
      co_yield 1;
      L("unreached");
    } catch (...) {
      e_ = std::current_exception();
    }
    co_await loop.schedule(); // the cleanup suspends first
    Spy c{L, "c"};
    L("cleanup");
    co_yield 12;
    L("after-12");
    if (e_)
      std::rethrow_exception(e_);
  }
  L("after-finally");
}

// ---------------------------------------------------------------------------
// C1 aclose on a not-started generator
// ---------------------------------------------------------------------------

TEST(Close, C1_aclose_on_created_runs_no_body_and_closes) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int fi = 0, fz = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                  [&](agen::any_async_generator) { ++fz; }};
    {
      auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
        L("body");
        Spy s{L, "s"};
        co_yield 1;
      };
      auto g = make();
      EXPECT_EQ(g.state(), agen::state::created);
      co_await g.aclose();
      EXPECT_TRUE(L.empty()) << "no body code, no body-level cleanup";
      EXPECT_EQ(g.state(), agen::state::closed);
      EXPECT_EQ(fi, 1) << "aclose is an operation: firstiter runs (SPEC §3.9)";
      auto r = co_await g.next();
      EXPECT_FALSE(r.has_value());
      co_await g.aclose(); // a no-op
      EXPECT_EQ(g.state(), agen::state::closed);
      EXPECT_EQ(fi, 1);
    }
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(fz, 0) << "a closed generator is never finalized";
  });
}

TEST(Close, C1_aclose_on_created_destroys_parameters_once_and_runs_no_body) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    {
      auto make = [&] AGEN_GENERATOR(
                      [[maybe_unused]] Spy p) -> agen::async_generator<int> {
        L("body");
        co_yield 1;
      };
      auto g = make(Spy{L, "p"});
      co_await g.aclose();
      EXPECT_EQ(L.count("body"), 0);
      EXPECT_LE(L.count("~p"), 1);
    }
    EXPECT_EQ(L.entries(), (V{"~p"}));
  });
}

// ---------------------------------------------------------------------------
// C2 aclose while suspended at a yield
// ---------------------------------------------------------------------------

TEST(Close, C2_aclose_at_yield_runs_async_cleanup_then_returns) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      {
        std::exception_ptr e_;
        try {
          co_yield 1;
          L("unreached");
        } catch (...) {
          e_ = std::current_exception();
        }
        co_await loop.sleep_for(1ms);
        co_await loop.sleep_for(1ms);
        L("cleanup");
        if (e_)
          std::rethrow_exception(e_);
      }
      L("after");
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_TRUE(r.has_value());
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"cleanup"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
    EXPECT_EQ(L.entries(), (V{"cleanup"}));
  });
}

TEST(Close, C2_aclose_completes_only_after_the_async_cleanup) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await loop.schedule();
      L("cleanup");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    (void)co_await g.next();
    auto h = agen_test::spawn(g.aclose());
    EXPECT_FALSE(h.done()) << "the cleanup awaits: aclose must not be done yet";
    EXPECT_EQ(g.state(), agen::state::running);
    EXPECT_TRUE(L.empty());
    co_await std::move(h);
    EXPECT_EQ(L.entries(), (V{"cleanup"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(Close, C2_generator_exit_is_raised_at_the_suspended_yield) {
  static_assert(!std::is_base_of_v<std::exception, agen::generator_exit>,
                "SPEC §2: generator_exit is not derived from std::exception");
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      try {
        co_yield 1;
        L("unreached");
      } catch (const agen::generator_exit &) {
        L("generator_exit");
        throw;
      }
      L("after");
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<agen::generator_exit>(g.aclose());
    EXPECT_EQ(o, "completed") << "generator_exit escaping is a clean close";
    EXPECT_EQ(L.entries(), (V{"generator_exit"}));
  });
}

TEST(Close, C2_std_exception_handler_does_not_swallow_the_close) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      try {
        co_yield 1;
      } catch (const std::exception &) {
        L("caught-as-std-exception");
      }
      L("after");
    };
    auto g = make();
    (void)co_await g.next();
    co_await g.aclose();
    EXPECT_TRUE(L.empty()) << ::testing::PrintToString(L.entries());
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

// ---------------------------------------------------------------------------
// C3 aclose while an operation is in flight
// ---------------------------------------------------------------------------

TEST(Close, C3_aclose_while_in_flight_throws_already_running) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      co_await ev;
      L("resumed");
      co_yield 1;
      L("unreached");
    };
    auto g = make();
    auto h = agen_test::spawn(g.next());
    EXPECT_FALSE(h.done());
    EXPECT_EQ(g.state(), agen::state::running);
    auto o = co_await outcome_of<agen::already_running>(g.aclose());
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(g.state(), agen::state::running) << "in-flight op undisturbed";
    EXPECT_TRUE(L.empty()) << "nothing was closed";
    ev.set();
    EXPECT_TRUE(h.done());
    auto r = co_await std::move(h);
    if (!r) {
      ADD_FAILURE() << "the in-flight next() must deliver 1";
      co_return;
    }
    EXPECT_EQ(*r, 1);
    EXPECT_EQ(L.entries(), (V{"resumed"}));
    EXPECT_EQ(g.state(), agen::state::suspended);
    co_await g.aclose(); // now it works
    EXPECT_EQ(L.entries(), (V{"resumed", "~s"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(Close, C3_aclose_while_a_close_is_in_flight_throws_already_running) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await ev;
      L("cleanup");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    (void)co_await g.next();
    auto first = agen_test::spawn(outcome_of<std::exception>(g.aclose()));
    EXPECT_FALSE(first.done());
    auto second = co_await outcome_of<agen::already_running>(g.aclose());
    EXPECT_EQ(second, "threw");
    EXPECT_TRUE(L.empty());
    ev.set();
    auto o = co_await std::move(first);
    EXPECT_EQ(o, "completed");
    EXPECT_EQ(L.entries(), (V{"cleanup", "~s"}));
    co_await g.aclose(); // closed now: a no-op
    EXPECT_EQ(L.entries(), (V{"cleanup", "~s"}));
  });
}

// ---------------------------------------------------------------------------
// C4 aclose from inside the running body
// ---------------------------------------------------------------------------

TEST(Close, C4_aclose_from_inside_the_body_throws_already_running_there) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    agen::async_generator<int> *self = nullptr;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::string o =
          co_await outcome_of<agen::already_running>(self->aclose());
      L(o);
      L(self->state() == agen::state::running ? "running" : "not-running");
      co_yield 1;
      L("after-1");
    };
    auto g = make();
    self = &g;
    auto r = co_await g.next();
    if (!r) {
      ADD_FAILURE() << "the generator must keep running and yield 1";
      co_return;
    }
    EXPECT_EQ(*r, 1);
    EXPECT_EQ(L.entries(), (V{"threw", "running"}));
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
    EXPECT_EQ(L.entries(), (V{"threw", "running", "after-1"}));
  });
}

// ---------------------------------------------------------------------------
// C5 aclose on a finished generator; aclose is idempotent
// ---------------------------------------------------------------------------

TEST(Close, C5_aclose_after_exhaustion_is_a_noop_and_idempotent) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    {
      auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
        Spy s{L, "s"};
        co_yield 1;
        L("end");
      };
      auto g = make();
      auto v = co_await drain(g);
      EXPECT_EQ(v, (std::vector<int>{1}));
      co_await g.aclose();
      co_await g.aclose();
      EXPECT_EQ(L.entries(), (V{"end", "~s"}));
      EXPECT_EQ(g.state(), agen::state::closed);
    }
    EXPECT_EQ(L.entries(), (V{"end", "~s"}));
  });
}

TEST(Close, C5_aclose_after_a_body_exception_is_a_noop) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    {
      auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
        Spy s{L, "s"};
        co_yield 1;
        throw SomeError{};
      };
      auto g = make();
      (void)co_await g.next();
      auto o = co_await outcome_of<SomeError>(g.next());
      EXPECT_EQ(o, "threw");
      auto c = co_await outcome_of<std::exception>(g.aclose());
      EXPECT_EQ(c, "completed");
      co_await g.aclose();
      EXPECT_EQ(L.entries(), (V{"~s"}));
    }
    EXPECT_EQ(L.entries(), (V{"~s"}));
  });
}

TEST(Close, C5_repeated_aclose_after_a_close_runs_cleanup_once) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    {
      auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
        Spy s{L, "s"};
        std::exception_ptr e_;
        try {
          co_yield 1;
        } catch (...) {
          e_ = std::current_exception();
        }
        co_await loop.schedule();
        L("cleanup");
        if (e_)
          std::rethrow_exception(e_);
      };
      auto g = make();
      (void)co_await g.next();
      co_await g.aclose();
      co_await g.aclose();
      co_await g.aclose();
      EXPECT_EQ(L.entries(), (V{"cleanup", "~s"}));
    }
    EXPECT_EQ(L.entries(), (V{"cleanup", "~s"}));
  });
}

// ---------------------------------------------------------------------------
// C6 Operations after aclose
// ---------------------------------------------------------------------------

TEST(Close, C6_operations_after_aclose_give_end_or_do_nothing) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      int got = co_yield 1;
      L("got " + std::to_string(got));
      co_yield 2;
      L("after-2");
    };
    auto g = make();
    auto r = co_await g.next();
    EXPECT_TRUE(r.has_value());
    co_await g.aclose();
    EXPECT_TRUE(L.empty());
    auto n = co_await g.next();
    EXPECT_FALSE(n.has_value());
    auto s = co_await g.asend(5);
    EXPECT_FALSE(s.has_value());
    bool rethrown = false;
    agen::next_result<int> t;
    try {
      t = co_await g.athrow(std::make_exception_ptr(ValueError{}));
    } catch (...) {
      rethrown = true;
    }
    EXPECT_FALSE(rethrown) << "athrow on a closed generator gives end";
    EXPECT_FALSE(t.has_value());
    co_await g.aclose();
    EXPECT_TRUE(L.empty()) << "no body code may run after aclose: "
                           << ::testing::PrintToString(L.entries());
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(Close, C6_operations_after_aclose_on_created_give_end) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      L("body");
      int got = co_yield 1;
      L("got " + std::to_string(got));
    };
    auto g = make();
    co_await g.aclose();
    // closed, so asend no longer rejects (that is only for `created`)
    auto s = co_await outcome_of<std::logic_error>(g.asend(5));
    EXPECT_EQ(s, "completed");
    auto n = co_await g.next();
    EXPECT_FALSE(n.has_value());
    auto t = co_await outcome_of<ValueError>(
        g.athrow(std::make_exception_ptr(ValueError{})));
    EXPECT_EQ(t, "completed") << "athrow on closed gives end, no rethrow";
    EXPECT_TRUE(L.empty());
  });
}

// ---------------------------------------------------------------------------
// C7 Every entered cleanup runs exactly once, on every path
// ---------------------------------------------------------------------------

// One destructor plus one FINALLY block: n == 2 when everything ran once.
AGEN_GENERATOR agen::async_generator<int> counted(int &n,
                                                  bool throw_after_yield) {
  Counter c{n};
  std::exception_ptr e_;
  try {
    co_yield 1;
    if (throw_after_yield)
      throw SomeError{};
    co_yield 2;
  } catch (...) {
    e_ = std::current_exception();
  }
  ++n;
  if (e_)
    std::rethrow_exception(e_);
}

AGEN_GENERATOR agen::async_generator<int> counted_async(agen::event_loop &loop,
                                                        int &n) {
  Counter c{n};
  std::exception_ptr e_;
  try {
    for (;;)
      co_yield 1;
  } catch (...) {
    e_ = std::current_exception();
  }
  co_await loop.schedule();
  ++n;
  if (e_)
    std::rethrow_exception(e_);
}

TEST(Close, C7_every_entered_cleanup_runs_once_on_aclose_twice_then_destroy) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    int n = 0;
    {
      auto g = counted(n, false);
      (void)co_await g.next();
      co_await g.aclose();
      co_await g.aclose();
      EXPECT_EQ(n, 2);
    }
    EXPECT_EQ(n, 2);
  });
}

TEST(Close, C7_every_entered_cleanup_runs_once_on_exhaustion) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    int n = 0;
    {
      auto g = counted(n, false);
      auto v = co_await drain(g);
      EXPECT_EQ(v, (std::vector<int>{1, 2}));
      EXPECT_EQ(n, 2);
      co_await g.aclose();
    }
    EXPECT_EQ(n, 2);
  });
}

TEST(Close, C7_every_entered_cleanup_runs_once_on_body_exception) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    int n = 0;
    {
      auto g = counted(n, true);
      (void)co_await g.next();
      auto o = co_await outcome_of<SomeError>(g.next());
      EXPECT_EQ(o, "threw");
      EXPECT_EQ(n, 2);
      co_await g.aclose();
    }
    EXPECT_EQ(n, 2);
  });
}

TEST(Close, C7_every_entered_cleanup_runs_once_on_unhandled_athrow) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    int n = 0;
    {
      auto g = counted(n, false);
      (void)co_await g.next();
      auto o = co_await outcome_of<ValueError>(
          g.athrow(std::make_exception_ptr(ValueError{})));
      EXPECT_EQ(o, "threw");
      EXPECT_EQ(n, 2);
    }
    EXPECT_EQ(n, 2);
  });
}

TEST(Close, C7_every_entered_cleanup_runs_once_on_destroy_without_finalizer) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    UnraisableScope u;
    HooksScope none{nullptr, nullptr};
    int n = 0;
    {
      auto g = counted(n, false);
      (void)co_await g.next();
      EXPECT_EQ(n, 0);
    }
    EXPECT_EQ(n, 2);
    EXPECT_TRUE(u.messages.empty()) << ::testing::PrintToString(u.messages);
  });
}

TEST(Close, C7_every_entered_cleanup_runs_once_on_destroy_with_loop_finalizer) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    UnraisableScope u;
    int n = 0;
    {
      auto g = counted_async(loop, n); // the loop's hooks are installed
      (void)co_await g.next();
      (void)co_await g.next();
    }
    for (int i = 0; i < 20 && n < 2; ++i)
      co_await loop.schedule();
    EXPECT_EQ(n, 2) << "the loop's finalizer must schedule aclose()";
    co_await turns(loop, 3);
    EXPECT_EQ(n, 2);
    EXPECT_TRUE(u.messages.empty()) << ::testing::PrintToString(u.messages);
  });
}

TEST(Close, C7_every_entered_async_cleanup_runs_once_on_aclose) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    int n = 0;
    {
      auto g = counted_async(loop, n);
      (void)co_await g.next();
      co_await g.aclose();
      EXPECT_EQ(n, 2);
      co_await g.aclose();
    }
    co_await turns(loop, 2);
    EXPECT_EQ(n, 2);
  });
}

TEST(Close, C7_cleanup_not_entered_does_not_run) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy a{L, "a"};
      co_yield 1;
      Spy b{L, "b"}; // never constructed: the close comes at the first yield
      co_yield 2;
    };
    {
      auto g = make();
      (void)co_await g.next();
      co_await g.aclose();
    }
    EXPECT_EQ(L.entries(), (V{"~a"}));
  });
}

// ---------------------------------------------------------------------------
// C8 Cleanup unwinds in reverse order of entry
// ---------------------------------------------------------------------------

AGEN_GENERATOR agen::async_generator<int>
nested_cleanup(Log &L, bool throw_after_yield) {
  Spy a{L, "a"};
  std::exception_ptr eo;
  try {
    Spy b{L, "b"};
    std::exception_ptr ei;
    try {
      co_yield 1;
      if (throw_after_yield)
        throw SomeError{};
    } catch (...) {
      ei = std::current_exception();
    }
    L("f-inner");
    if (ei)
      std::rethrow_exception(ei);
  } catch (...) {
    eo = std::current_exception();
  }
  L("f-outer");
  if (eo)
    std::rethrow_exception(eo);
}

TEST(Close, C8_cleanup_unwinds_in_reverse_order_on_aclose) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto g = nested_cleanup(L, false);
    (void)co_await g.next();
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"f-inner", "~b", "f-outer", "~a"}));
  });
}

TEST(Close, C8_cleanup_unwinds_in_reverse_order_on_body_exception) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto g = nested_cleanup(L, true);
    (void)co_await g.next();
    auto o = co_await outcome_of<SomeError>(g.next());
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"f-inner", "~b", "f-outer", "~a"}));
  });
}

TEST(Close, C8_cleanup_unwinds_in_reverse_order_on_destroy_without_finalizer) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    HooksScope none{nullptr, nullptr};
    Log L;
    {
      auto g = nested_cleanup(L, false);
      (void)co_await g.next();
    }
    EXPECT_EQ(L.entries(), (V{"f-inner", "~b", "f-outer", "~a"}));
  });
}

TEST(Close, C8_locals_destroyed_in_reverse_construction_order_on_aclose) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy a{L, "a"};
      Spy b{L, "b"};
      {
        Spy c{L, "c"};
        Spy d{L, "d"};
        co_yield 1;
      }
    };
    auto g = make();
    (void)co_await g.next();
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"~d", "~c", "~b", "~a"}));
  });
}

// ---------------------------------------------------------------------------
// C9 Async cleanup may await a failing operation and catch the error
// ---------------------------------------------------------------------------

TEST(Close, C9_async_cleanup_awaits_failing_operation_and_catches) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      try {
        co_await sleep_n_crash(loop, 1ms);
      } catch (const ZeroDiv &) {
        L("caught");
      }
      co_await loop.sleep_for(1ms);
      L("cleanup-done");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    (void)co_await g.next();
    co_await g.aclose();
    EXPECT_EQ(L.entries(), (V{"caught", "cleanup-done"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

// ---------------------------------------------------------------------------
// C10 A yield during close gives yielded_while_closing
// ---------------------------------------------------------------------------

TEST(Close, C10_yield_while_closing_throws_after_locals_and_params_destroyed) {
  static_assert(
      std::is_base_of_v<std::runtime_error, agen::yielded_while_closing>);
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    {
      auto g = yields_while_closing(loop, L, Spy{L, "p"});
      auto r = co_await g.next();
      if (!r) {
        ADD_FAILURE() << "expected 1";
        co_return;
      }
      EXPECT_EQ(*r, 1);
      bool threw = false;
      try {
        co_await g.aclose();
      } catch (const agen::yielded_while_closing &) {
        threw = true;
        // Before aclose throws: the remaining locals (c, a) and the
        // parameter copy (p) were destroyed, locals first (SPEC §3.5, §3.8).
        EXPECT_EQ(L.entries(), (V{"~b", "cleanup", "~c", "~a", "~p"}));
      }
      EXPECT_TRUE(threw) << "aclose must throw yielded_while_closing";
      EXPECT_FALSE(L.contains("after-12")) << "no code after the yield runs";
      EXPECT_EQ(g.state(), agen::state::closed);
      auto end = co_await g.next();
      EXPECT_FALSE(end.has_value()) << "closed: next() gives end";
      auto again = co_await outcome_of<std::exception>(g.aclose());
      EXPECT_EQ(again, "completed") << "aclose on closed is a no-op";
      EXPECT_EQ(g.state(), agen::state::closed);
    }
    // Destroying the handle destroys nothing a second time.
    EXPECT_EQ(L.entries(), (V{"~b", "cleanup", "~c", "~a", "~p"}));
  });
}

TEST(Close, C10_swallowing_the_close_then_yielding_throws_the_same) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    {
      auto make = [&] AGEN_GENERATOR(
                      [[maybe_unused]] Spy p) -> agen::async_generator<int> {
        Spy a{L, "a"};
        bool c = false;
        try {
          Spy b{L, "b"};
          co_yield 1;
        } catch (...) {
          c = true;
        }
        L(c ? "swallowed" : "not-swallowed");
        Spy d{L, "d"};
        co_yield 2; // synchronously, while closing
        L("after-2");
      };
      auto g = make(Spy{L, "p"});
      (void)co_await g.next();
      bool threw = false;
      try {
        co_await g.aclose();
      } catch (const agen::yielded_while_closing &) {
        threw = true;
        EXPECT_EQ(L.entries(), (V{"~b", "swallowed", "~d", "~a", "~p"}));
      }
      EXPECT_TRUE(threw);
      EXPECT_EQ(g.state(), agen::state::closed);
      auto end = co_await g.next();
      EXPECT_FALSE(end.has_value());
    }
    EXPECT_EQ(L.entries(), (V{"~b", "swallowed", "~d", "~a", "~p"}));
  });
}

TEST(Close, C10_value_yielded_while_closing_is_destroyed_before_aclose_throws) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    {
      auto make = [&] AGEN_GENERATOR() -> agen::async_generator<Spy> {
        std::exception_ptr e_;
        try {
          co_yield Spy{L, "v1"};
        } catch (...) {
          e_ = std::current_exception();
        }
        co_await loop.schedule();
        co_yield Spy{L, "v12"};
        L("after-12");
        if (e_)
          std::rethrow_exception(e_);
      };
      auto g = make();
      auto r = co_await g.next();
      EXPECT_TRUE(r.has_value());
      bool threw = false;
      try {
        co_await g.aclose();
      } catch (const agen::yielded_while_closing &) {
        threw = true;
        EXPECT_EQ(L.entries(), (V{"~v1", "~v12"}));
      }
      EXPECT_TRUE(threw);
    }
    EXPECT_EQ(L.entries(), (V{"~v1", "~v12"}));
  });
}

TEST(Close, C10_yield_while_closing_via_loop_finalizer_is_reported) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    UnraisableScope u;
    Log L;
    {
      auto g = yields_while_closing(loop, L, Spy{L, "p"});
      (void)co_await g.next(); // the loop's finalizer is captured
    }
    for (int i = 0; i < 20 && !L.contains("~p"); ++i)
      co_await loop.schedule();
    EXPECT_EQ(L.entries(), (V{"~b", "cleanup", "~c", "~a", "~p"}));
    if (u.errors.size() != 1) {
      ADD_FAILURE() << "expected one report: "
                    << ::testing::PrintToString(u.messages);
      co_return;
    }
    EXPECT_TRUE(holds<agen::yielded_while_closing>(u.errors[0]));
  });
}

TEST(Close, C10_yield_while_closing_a_handle_without_finalizer_is_reported) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    UnraisableScope u;
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy p) -> agen::async_generator<int> {
      Spy a{L, "a"};
      try {
        co_yield 1;
      } catch (...) {
        L("swallowed");
      }
      Spy d{L, "d"};
      co_yield 2;
      L("after-2");
    };
    {
      auto g = make(Spy{L, "p"});
      (void)co_await g.next();
    } // synchronous close: yields while closing
    EXPECT_EQ(L.entries(), (V{"swallowed", "~d", "~a", "~p"}));
    if (u.errors.size() != 1) {
      ADD_FAILURE() << "expected one report: "
                    << ::testing::PrintToString(u.messages);
      co_return;
    }
    EXPECT_TRUE(holds<agen::yielded_while_closing>(u.errors[0]));
  });
}

// ---------------------------------------------------------------------------
// C11 Swallowing the close and returning normally is a successful close
// ---------------------------------------------------------------------------

TEST(Close, C11_swallowing_close_and_returning_is_a_successful_close) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      try {
        co_yield 1;
      } catch (...) {
        L("swallowed");
      }
      L("after");
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<std::exception>(g.aclose());
    EXPECT_EQ(o, "completed");
    EXPECT_EQ(L.entries(), (V{"swallowed", "after"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Close,
     C11_swallowing_close_awaiting_then_co_return_is_a_successful_close) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 1;
      } catch (const agen::generator_exit &) {
        L("swallowed");
      }
      co_await loop.schedule();
      L("after-await");
      co_return;
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<std::exception>(g.aclose());
    EXPECT_EQ(o, "completed");
    EXPECT_EQ(L.entries(), (V{"swallowed", "after-await", "~s"}));
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

// ---------------------------------------------------------------------------
// C12 Catch the close, await, rethrow: successful; aclose suspends meanwhile
// ---------------------------------------------------------------------------

TEST(Close, C12_catch_await_rethrow_is_a_successful_close_and_aclose_suspends) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e;
      try {
        co_yield 1;
      } catch (...) {
        e = std::current_exception();
      }
      co_await ev;
      L("after-await");
      std::rethrow_exception(e);
    };
    auto g = make();
    (void)co_await g.next();
    auto h = agen_test::spawn(outcome_of<std::exception>(g.aclose()));
    EXPECT_FALSE(h.done()) << "aclose must suspend while the body awaits";
    EXPECT_EQ(g.state(), agen::state::running);
    EXPECT_TRUE(L.empty());
    // Another operation meanwhile is rejected (SPEC §3.6).
    auto n = co_await outcome_of<agen::already_running>(g.next());
    EXPECT_EQ(n, "threw");
    ev.set();
    EXPECT_TRUE(h.done());
    auto o = co_await std::move(h);
    EXPECT_EQ(o, "completed");
    EXPECT_EQ(L.entries(), (V{"after-await"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(Close, C12_handle_destroyed_while_close_in_flight_reports_and_completes) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    UnraisableScope u;
    Log L;
    Event ev;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy p) -> agen::async_generator<int> {
      Spy a{L, "a"};
      std::exception_ptr e;
      try {
        co_yield 1;
      } catch (...) {
        e = std::current_exception();
      }
      co_await ev;
      L("after-await");
      std::rethrow_exception(e);
    };
    auto h = make(Spy{L, "p"});
    (void)co_await h.next();
    auto closing = agen_test::spawn(outcome_of<std::exception>(h.aclose()));
    EXPECT_FALSE(closing.done());
    h = {}; // a usage error: reported, never a crash
    EXPECT_EQ(u.messages.size(), 1u) << ::testing::PrintToString(u.messages);
    EXPECT_TRUE(L.empty());
    ev.set();
    EXPECT_TRUE(closing.done());
    auto o = co_await std::move(closing);
    EXPECT_EQ(o, "completed");
    EXPECT_EQ(L.entries(), (V{"after-await", "~a", "~p"}));
  });
}

// ---------------------------------------------------------------------------
// C13 Abandoned generator, no finalizer: synchronous destruction
// ---------------------------------------------------------------------------

TEST(Close, C13_abandoned_without_finalizer_destroys_locals_then_params_once) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    UnraisableScope u;
    HooksScope none{nullptr, nullptr}; // replaces the loop's hooks
    Log L;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy a) -> agen::async_generator<int> {
      Spy b{L, "b"};
      {
        Spy c{L, "c"};
        co_yield 1;
      }
      co_yield 2;
    };
    {
      auto g = make(Spy{L, "a"});
      auto r = co_await g.next();
      EXPECT_TRUE(r.has_value());
      EXPECT_TRUE(L.empty());
      g = {}; // abandoned at the first yield
      EXPECT_EQ(L.entries(), (V{"~c", "~b", "~a"}));
    }
    EXPECT_EQ(L.entries(), (V{"~c", "~b", "~a"}));
    EXPECT_TRUE(u.messages.empty()) << ::testing::PrintToString(u.messages);
  });
}

TEST(Close, C13_abandoned_without_finalizer_destroys_every_param_after_locals) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy p1,
                    [[maybe_unused]] Spy p2) -> agen::async_generator<int> {
      Spy b{L, "b"};
      co_yield 1;
    };
    {
      auto g = make(Spy{L, "p1"}, Spy{L, "p2"});
      (void)co_await g.next();
    }
    // Parameters after the locals, each once; their mutual order is the
    // compiler's.
    if (L.entries().size() != 3) {
      ADD_FAILURE() << ::testing::PrintToString(L.entries());
      co_return;
    }
    EXPECT_EQ(L.entries()[0], "~b");
    EXPECT_EQ(L.count("~p1"), 1);
    EXPECT_EQ(L.count("~p2"), 1);
  });
}

TEST(Close,
     C13_abandoned_without_finalizer_runs_sync_cleanup_with_generator_exit) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    UnraisableScope u;
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 1;
      } catch (const agen::generator_exit &) {
        L("generator_exit");
        throw;
      }
    };
    {
      auto g = make();
      (void)co_await g.next();
    }
    EXPECT_EQ(L.entries(), (V{"generator_exit", "~s"}));
    EXPECT_TRUE(u.messages.empty()) << ::testing::PrintToString(u.messages);
  });
}

TEST(Close, C13_no_finalizer_close_that_awaits_continues_detached_and_reports) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    UnraisableScope u;
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy p) -> agen::async_generator<int> {
      Spy a{L, "a"};
      {
        std::exception_ptr e_;
        try {
          Spy b{L, "b"};
          co_yield 1;
          L("unreached");
        } catch (...) {
          e_ = std::current_exception();
        }
        L("cleanup");
        co_await loop.schedule();
        L("async-cleanup");
        if (e_)
          std::rethrow_exception(e_);
      }
      L("after");
    };
    {
      auto g = make(Spy{L, "p"});
      auto r = co_await g.next();
      EXPECT_TRUE(r.has_value());
      g = {}; // closes synchronously up to the await, then detaches
      EXPECT_EQ(L.entries(), (V{"~b", "cleanup"}));
      EXPECT_EQ(u.messages.size(), 1u)
          << "the unraisable hook is told the close continues detached: "
          << ::testing::PrintToString(u.messages);
    }
    for (int i = 0; i < 20 && !L.contains("~p"); ++i)
      co_await loop.schedule();
    // The frame finished closing when the loop resumed it, and freed itself:
    // remaining locals, then the parameter copy, each once.
    EXPECT_EQ(L.entries(), (V{"~b", "cleanup", "async-cleanup", "~a", "~p"}));
    co_await turns(loop, 2);
    EXPECT_EQ(L.entries(), (V{"~b", "cleanup", "async-cleanup", "~a", "~p"}));
    EXPECT_EQ(u.messages.size(), 1u) << ::testing::PrintToString(u.messages);
  });
}

TEST(Close, C13_no_finalizer_detached_close_error_is_reported) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    UnraisableScope u;
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy p) -> agen::async_generator<int> {
      Spy a{L, "a"};
      try {
        co_yield 1;
      } catch (...) {
      }
      co_await loop.schedule();
      L("async-cleanup");
      throw CleanupError{};
    };
    {
      auto g = make(Spy{L, "p"});
      (void)co_await g.next();
    }
    EXPECT_EQ(u.messages.size(), 1u) << ::testing::PrintToString(u.messages);
    for (int i = 0; i < 20 && !L.contains("~p"); ++i)
      co_await loop.schedule();
    EXPECT_EQ(L.entries(), (V{"async-cleanup", "~a", "~p"}));
    if (u.errors.size() != 2) {
      ADD_FAILURE() << ::testing::PrintToString(u.messages);
      co_return;
    }
    EXPECT_TRUE(holds<CleanupError>(u.errors[1]));
  });
}

TEST(Close, C13_no_finalizer_sync_close_error_is_reported_not_thrown) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    UnraisableScope u;
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy p) -> agen::async_generator<int> {
      Spy a{L, "a"};
      try {
        co_yield 1;
      } catch (...) {
        L("cleanup");
        throw CleanupError{};
      }
    };
    bool escaped = false;
    try {
      auto g = make(Spy{L, "p"});
      (void)co_await g.next();
    } catch (...) {
      escaped = true;
    }
    EXPECT_FALSE(escaped) << "destruction never throws";
    EXPECT_EQ(L.entries(), (V{"cleanup", "~a", "~p"}));
    if (u.errors.size() != 1) {
      ADD_FAILURE() << ::testing::PrintToString(u.messages);
      co_return;
    }
    EXPECT_TRUE(holds<CleanupError>(u.errors[0]));
  });
}

// ---------------------------------------------------------------------------
// C14 A never-started generator: no body code, parameters destroyed once
// ---------------------------------------------------------------------------

TEST(Close, C14_never_started_destroyed_runs_no_body_and_destroys_params_once) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int fi = 0, fz = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                  [&](agen::any_async_generator) { ++fz; }};
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy a) -> agen::async_generator<int> {
      L("body");
      Spy b{L, "b"};
      co_yield 1;
    };
    {
      auto g = make(Spy{L, "a"});
      EXPECT_TRUE(L.empty());
    }
    EXPECT_EQ(L.entries(), (V{"~a"}));
    EXPECT_EQ(fi, 0);
    EXPECT_EQ(fz, 0);
    co_return;
  });
}

TEST(Close, C14_operation_created_but_never_awaited_then_destroyed) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int fi = 0, fz = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                  [&](agen::any_async_generator) { ++fz; }};
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy a) -> agen::async_generator<int> {
      L("body");
      co_yield 1;
    };
    {
      auto g = make(Spy{L, "a"});
      {
        auto op = g.next(); // never awaited: changes nothing
        (void)op;
      }
      EXPECT_EQ(g.state(), agen::state::created);
    }
    EXPECT_EQ(L.entries(), (V{"~a"}));
    EXPECT_EQ(fi, 0);
    EXPECT_EQ(fz, 0);
    co_return;
  });
}

TEST(Close, C14_moved_never_started_generator_destroys_params_once) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR(
                    [[maybe_unused]] Spy a) -> agen::async_generator<int> {
      L("body");
      co_yield 1;
    };
    {
      auto g = make(Spy{L, "a"});
      auto g2 = std::move(g);
      agen::async_generator<int> g3;
      g3 = std::move(g2);
      EXPECT_TRUE(L.empty());
    }
    EXPECT_EQ(L.entries(), (V{"~a"}));
    co_return;
  });
}

} // namespace
