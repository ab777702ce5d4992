// Behaviour tests for semantics-checklist.md section D: exceptions
// (SPEC §3.2, §3.4, §3.5, §3.8).
//
// Every test body is a capture-free coroutine taking the event loop, run to
// completion by run_test(); generator lambdas are bound to a name before they
// are called. Lifetimes are observed with Log/Spy, never prints.
//
// Checklist IDs not covered here:
//   D4: N/A. agen signals end with an empty next_result, not an exception
//       (SPEC §2), so there is no end-of-iteration exception a body could
//       throw to fake the end.
//   D6 (chaining part): not supported. agen does not chain exceptions (no
//       std::nested_exception cause); only the replacement is tested.

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
using agen_test::Event;
using agen_test::HooksScope;
using agen_test::Log;
using agen_test::outcome_of;
using agen_test::run_test;
using agen_test::sleep_n_crash;
using agen_test::SomeError;
using agen_test::Spy;
using agen_test::ValueError;
using agen_test::ZeroDiv;
using V = std::vector<std::string>;

struct KeyErr : std::runtime_error {
  KeyErr() : std::runtime_error("KeyErr") {}
};

// ---------------------------------------------------------------------------
// D1 An exception before the first yield comes out of the first operation
// ---------------------------------------------------------------------------

AGEN_GENERATOR agen::async_generator<int> throws_first(Log &L, bool fail) {
  Spy s{L, "s"};
  if (fail)
    throw SomeError{};
  L("unreached");
  co_yield 1;
}

TEST(Exceptions, D1_exception_before_first_yield_comes_out_of_first_next) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int fz = 0;
    HooksScope hs{nullptr, [&](agen::any_async_generator) { ++fz; }};
    {
      auto g = throws_first(L, true);
      bool caught = false;
      try {
        (void)co_await g.next();
      } catch (const SomeError &) {
        caught = true;
        EXPECT_EQ(L.entries(), (V{"~s"})) << "cleanup ran before it escaped";
      }
      EXPECT_TRUE(caught) << "the first next() must throw SomeError";
      EXPECT_EQ(g.state(), agen::state::closed);
      auto end = co_await g.next();
      EXPECT_FALSE(end.has_value());
      auto end2 = co_await g.next();
      EXPECT_FALSE(end2.has_value());
    }
    EXPECT_EQ(L.entries(), (V{"~s"}));
    EXPECT_EQ(fz, 0) << "a failed generator is finished: no finalizer";
  });
}

TEST(Exceptions, D1_exception_after_an_await_before_first_yield) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      co_await loop.schedule();
      L("awaited");
      throw SomeError{};
      co_yield 1;
    };
    auto g = make();
    auto o = co_await outcome_of<SomeError>(g.next());
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"awaited", "~s"}));
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

// ---------------------------------------------------------------------------
// D2 An exception after some yields comes out of the operation that resumed
// the body; the generator is then finished
// ---------------------------------------------------------------------------

TEST(Exceptions, D2_exception_after_a_yield_comes_out_of_the_resuming_next) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      co_yield 123;
      throw ZeroDiv{};
    };
    auto g = make();
    auto r = co_await g.next();
    if (!r) {
      ADD_FAILURE() << "expected 123";
      co_return;
    }
    EXPECT_EQ(*r, 123);
    EXPECT_TRUE(L.empty());
    bool caught = false;
    try {
      (void)co_await g.next();
    } catch (const ZeroDiv &) {
      caught = true;
      EXPECT_EQ(L.entries(), (V{"~s"}));
    }
    EXPECT_TRUE(caught);
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
    EXPECT_EQ(L.entries(), (V{"~s"}));
  });
}

TEST(Exceptions, D2_values_before_the_exception_are_delivered_in_order) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield 1;
      co_await loop.schedule();
      co_yield 2;
      co_yield 3;
      throw ZeroDiv{};
    };
    auto g = make();
    std::vector<int> got;
    std::string how = "ended";
    try {
      for (;;) {
        auto r = co_await g.next();
        if (!r)
          break;
        got.push_back(*r);
      }
    } catch (const ZeroDiv &) {
      how = "ZeroDiv";
    }
    EXPECT_EQ(got, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(how, "ZeroDiv");
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Exceptions, D2_exception_comes_out_of_the_resuming_asend) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      Spy s{L, "s"};
      int v = co_yield 1;
      L("got " + std::to_string(v));
      if (v == 42)
        throw ValueError{};
      co_yield 2;
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<ValueError>(g.asend(42));
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"got 42", "~s"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.asend(1);
    EXPECT_FALSE(end.has_value());
    auto end2 = co_await g.next();
    EXPECT_FALSE(end2.has_value());
  });
}

TEST(Exceptions,
     D2_exception_comes_out_of_athrow_when_the_handler_throws_another) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      bool handled = false;
      try {
        co_yield 1;
      } catch (const SomeError &) {
        handled = true;
      }
      L(handled ? "handled" : "not-handled");
      throw ZeroDiv{};
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<ZeroDiv>(
        g.athrow(std::make_exception_ptr(SomeError{})));
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"handled", "~s"}));
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Exceptions, D2_failed_generator_is_finished_and_never_finalized) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    int fz = 0;
    HooksScope hs{nullptr, [&](agen::any_async_generator) { ++fz; }};
    {
      auto make = [] AGEN_GENERATOR() -> agen::async_generator<int> {
        co_yield 1;
        throw SomeError{};
      };
      auto g = make();
      (void)co_await g.next();
      auto o = co_await outcome_of<SomeError>(g.next());
      EXPECT_EQ(o, "threw");
      auto c = co_await outcome_of<std::exception>(g.aclose());
      EXPECT_EQ(c, "completed") << "aclose on a finished generator: no-op";
    }
    EXPECT_EQ(fz, 0);
  });
}

// ---------------------------------------------------------------------------
// D3 An exception from an awaited operation in the body propagates through
// the pending operation, after cleanup (including async cleanup)
// ---------------------------------------------------------------------------

TEST(Exceptions, D3_inner_await_exception_propagates_after_async_cleanup) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        co_yield 1;
        co_await sleep_n_crash(loop, 1ms);
        co_yield 2;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await loop.sleep_for(1ms);
      L("cleanup");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    (void)co_await g.next();
    bool caught = false;
    try {
      (void)co_await g.next();
      ADD_FAILURE() << "next() must throw ZeroDiv";
    } catch (const ZeroDiv &) {
      caught = true;
      EXPECT_EQ(L.entries(), (V{"cleanup", "~s"}));
    }
    EXPECT_TRUE(caught);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Exceptions, D3_inner_await_exception_reaches_the_pending_operation) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    Event ev;
    auto fails_later = [&]() -> agen::task<void> {
      co_await ev;
      throw ZeroDiv{};
    };
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        co_await fails_later();
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
    auto h = agen_test::spawn(outcome_of<ZeroDiv>(g.next()));
    EXPECT_FALSE(h.done());
    EXPECT_EQ(g.state(), agen::state::running);
    ev.set(); // the inner await fails; the async cleanup is still pending
    EXPECT_FALSE(h.done()) << "the operation completes only after cleanup";
    EXPECT_TRUE(L.empty());
    auto o = co_await std::move(h);
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"cleanup"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

// ---------------------------------------------------------------------------
// D5 An exception thrown by cleanup during aclose replaces generator_exit and
// comes out of aclose; the generator is then closed
// ---------------------------------------------------------------------------

TEST(Exceptions, D5_cleanup_exception_replaces_the_close) {
  run_test([](agen::event_loop &) -> agen::task<void> {
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
        throw CleanupError{};
        if (e_) // never reached: the cleanup's error replaces the close
          std::rethrow_exception(e_);
      };
      auto g = make();
      (void)co_await g.next();
      bool caught = false;
      try {
        co_await g.aclose();
      } catch (const CleanupError &) {
        caught = true;
        EXPECT_EQ(L.entries(), (V{"~s"}));
      }
      EXPECT_TRUE(caught) << "aclose must throw CleanupError";
      EXPECT_EQ(g.state(), agen::state::closed);
      auto end = co_await g.next();
      EXPECT_FALSE(end.has_value());
      auto again = co_await outcome_of<std::exception>(g.aclose());
      EXPECT_EQ(again, "completed") << "closed, so a no-op";
    }
    EXPECT_EQ(L.entries(), (V{"~s"}));
  });
}

TEST(Exceptions, D5_cleanup_that_awaits_then_throws_replaces_the_close) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 1;
      } catch (...) {
      }
      co_await loop.sleep_for(1ms);
      L("async-cleanup");
      throw CleanupError{};
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<CleanupError>(g.aclose());
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"async-cleanup", "~s"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Exceptions, D5_exception_from_a_generator_exit_handler_replaces_it) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 1;
      } catch (const agen::generator_exit &) {
        L("handler");
        throw CleanupError{};
      }
      L("after");
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<CleanupError>(g.aclose());
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"handler", "~s"}));
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

// ---------------------------------------------------------------------------
// D6 An exception during cleanup while another propagates replaces it
// ---------------------------------------------------------------------------

TEST(Exceptions, D6_cleanup_exception_replaces_the_propagating_one) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        Spy b{L, "b"};
        co_yield 1;
        throw KeyErr{};
      } catch (...) {
        e_ = std::current_exception();
      }
      L("cleanup");
      throw CleanupError{};
      if (e_) // never reached
        std::rethrow_exception(e_);
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<CleanupError>(g.next());
    EXPECT_EQ(o, "threw") << "the cleanup's error replaces KeyErr";
    EXPECT_EQ(L.entries(), (V{"~b", "cleanup", "~s"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Exceptions, D6_cleanup_exception_replaces_an_athrown_one) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
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
      throw CleanupError{};
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<CleanupError>(
        g.athrow(std::make_exception_ptr(KeyErr{})));
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"cleanup", "~s"}));
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

// ---------------------------------------------------------------------------
// D7 A yield inside cleanup during ordinary unwinding is allowed
// ---------------------------------------------------------------------------

AGEN_GENERATOR agen::async_generator<int>
yields_in_cleanup(agen::event_loop &loop, Log &L) {
  Spy s{L, "s"};
  {
    std::exception_ptr e_;
    try {
      co_yield 1;
      throw ZeroDiv{};
    } catch (...) {
      e_ = std::current_exception();
    }
    co_yield 2;
    co_await loop.schedule();
    co_yield 3;
    if (e_)
      std::rethrow_exception(e_);
  }
  co_yield 100;
}

TEST(Exceptions,
     D7_yields_in_cleanup_are_delivered_then_the_exception_then_end) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto g = yields_in_cleanup(loop, L);
    std::vector<int> got;
    std::string how = "ended";
    try {
      for (;;) {
        auto r = co_await g.next();
        if (!r)
          break;
        got.push_back(*r);
      }
    } catch (const ZeroDiv &) {
      how = "ZeroDiv";
      EXPECT_EQ(L.entries(), (V{"~s"}));
    }
    EXPECT_EQ(got, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(how, "ZeroDiv");
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
    EXPECT_EQ(L.entries(), (V{"~s"}));
  });
}

TEST(Exceptions, D7_aclose_at_a_yield_in_cleanup_is_a_clean_close) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto g = yields_in_cleanup(loop, L);
    auto r1 = co_await g.next();
    auto r2 = co_await g.next(); // suspended in the cleanup, ZeroDiv pending
    if (!r1 || !r2) {
      ADD_FAILURE() << "expected 1 and 2";
      co_return;
    }
    EXPECT_EQ(*r2, 2);
    // generator_exit raised at that yield leaves the body: a clean close.
    auto o = co_await outcome_of<std::exception>(g.aclose());
    EXPECT_EQ(o, "completed");
    EXPECT_EQ(L.entries(), (V{"~s"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Exceptions, D7_athrow_handled_by_a_cleanup_that_yields_returns_the_value) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_yield 2; // in the cleanup, ValueError pending
      co_await loop.schedule();
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    (void)co_await g.next();
    agen::next_result<int> r;
    std::string how = "completed";
    try {
      r = co_await g.athrow(std::make_exception_ptr(ValueError{}));
    } catch (...) {
      how = "threw";
    }
    EXPECT_EQ(how, "completed");
    if (!r) {
      ADD_FAILURE() << "athrow must give the value yielded by the cleanup";
      co_return;
    }
    EXPECT_EQ(*r, 2);
    auto o = co_await outcome_of<ValueError>(g.next());
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"~s"}));
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

// ---------------------------------------------------------------------------
// D8 athrow(generator_exit) is an ordinary throw, not aclose
// ---------------------------------------------------------------------------

TEST(Exceptions, D8_athrow_generator_exit_unhandled_comes_back_to_the_caller) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      co_yield 10;
      co_yield 20;
    };
    auto g = make();
    (void)co_await g.next();
    auto o = co_await outcome_of<agen::generator_exit>(
        g.athrow(std::make_exception_ptr(agen::generator_exit{})));
    EXPECT_EQ(o, "threw");
    EXPECT_EQ(L.entries(), (V{"~s"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
  });
}

TEST(Exceptions, D8_athrow_generator_exit_handled_then_yield_is_allowed) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 10;
      } catch (const agen::generator_exit &) {
        L("caught");
      }
      co_yield 20;
      L("after-20");
    };
    auto g = make();
    (void)co_await g.next();
    agen::next_result<int> r;
    std::string how = "completed";
    try {
      r = co_await g.athrow(std::make_exception_ptr(agen::generator_exit{}));
    } catch (const agen::yielded_while_closing &) {
      how = "yielded_while_closing";
    } catch (...) {
      how = "other exception";
    }
    EXPECT_EQ(how, "completed") << "not a close: yielding is allowed";
    if (!r) {
      ADD_FAILURE() << "athrow must give 20";
      co_return;
    }
    EXPECT_EQ(*r, 20);
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto end = co_await g.next();
    EXPECT_FALSE(end.has_value());
    EXPECT_EQ(L.entries(), (V{"caught", "after-20", "~s"}));
  });
}

TEST(Exceptions, D8_athrow_generator_exit_swallowed_then_return_gives_end) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      try {
        co_yield 10;
      } catch (const agen::generator_exit &) {
        L("caught");
      }
      L("after");
    };
    auto g = make();
    (void)co_await g.next();
    auto r = co_await g.athrow(std::make_exception_ptr(agen::generator_exit{}));
    EXPECT_FALSE(r.has_value());
    EXPECT_EQ(L.entries(), (V{"caught", "after"}));
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

} // namespace
