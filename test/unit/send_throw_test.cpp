// Behaviour tests, checklist section B (send/throw): asend() delivers values
// to the suspended co_yield, athrow() raises at it, from every state.
// SPEC §3.3, §3.4, §3.9; test/unit/support.hpp is the harness.

#include "support.hpp"

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using agen::async_generator;
using agen_test::gen12;
using agen_test::HooksScope;
using agen_test::Log;
using agen_test::run_test;
using agen_test::Spy;
using agen_test::value_of;
using Strs = std::vector<std::string>;

struct Foo {
  int code;
};
struct KeyErr {};
struct ValueError {};
struct ZeroDiv {};

} // namespace

// ---- B1 asend(v) becomes the value of the suspended yield
// ----------------------------

TEST(SendThrow, B1_asend_value_becomes_the_value_of_the_suspended_yield) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> async_generator<int, int> {
      int v = co_yield 1;
      v = co_yield v;
      co_yield v * 100;
    };
    auto g = make();
    auto r1 =
        co_await g.next(); // SPEC §3.3: the first operation cannot be asend
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.asend(10);
    EXPECT_EQ(value_of(r2), 10);
    auto r3 = co_await g.asend(12);
    EXPECT_EQ(value_of(r3), 1200);
    auto r4 = co_await g.asend(5); // after the last yield: end
    EXPECT_FALSE(r4);
    auto r5 = co_await g.asend(6);
    EXPECT_FALSE(r5);
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(SendThrow, B1_next_sends_a_default_constructed_value) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    std::vector<std::optional<int>> got;
    auto make =
        [&] AGEN_GENERATOR() -> async_generator<int, std::optional<int>> {
      for (int i = 1; i <= 4; ++i) {
        got.push_back(co_yield i);
        co_await loop.schedule(); // sent values survive inner awaits
      }
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.asend(7);
    EXPECT_EQ(value_of(r2), 2);
    auto r3 = co_await g.next();
    EXPECT_EQ(value_of(r3), 3);
    auto r4 = co_await g.asend(std::nullopt);
    EXPECT_EQ(value_of(r4), 4);
    auto r5 = co_await g.asend(9);
    EXPECT_FALSE(r5);
    EXPECT_EQ(got, (std::vector<std::optional<int>>{7, std::nullopt,
                                                    std::nullopt, 9}));
  });
}

TEST(SendThrow, B1_asend_moves_a_move_only_value_into_the_body) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    auto make =
        [] AGEN_GENERATOR() -> async_generator<int, std::unique_ptr<int>> {
      std::unique_ptr<int> p = co_yield 0;
      co_yield p ? *p : -1;
      std::unique_ptr<int> q = co_yield 0; // next(): a null unique_ptr
      co_yield q ? *q : -1;
    };
    auto g = make();
    auto r0 = co_await g.next();
    EXPECT_EQ(value_of(r0), 0);
    auto r1 = co_await g.asend(std::make_unique<int>(42));
    EXPECT_EQ(value_of(r1), 42);
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 0);
    auto r3 = co_await g.next();
    EXPECT_EQ(value_of(r3), -1);
  });
}

// ---- B2 asend on a not-started generator is rejected, the generator stays
// usable -----

TEST(SendThrow, B2_asend_on_created_throws_logic_error_and_leaves_it_created) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int firstiter = 0;
    HooksScope hooks([&](const agen::generator_ref &) { ++firstiter; },
                     nullptr);
    auto make =
        [&] AGEN_GENERATOR() -> async_generator<int, std::optional<int>> {
      L("body");
      std::optional<int> got = co_yield 1;
      co_yield got.value_or(-1);
    };
    auto g = make();
    auto op = g.asend(100); // creating the operation does not throw
    EXPECT_EQ(firstiter, 0);
    EXPECT_THROW(co_await std::move(op), std::logic_error);
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(g.state(), agen::state::created);
    EXPECT_EQ(firstiter, 1); // it is an operation: firstiter ran

    auto r1 = co_await g.next(); // starts normally
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_EQ(L.entries(), Strs({"body"}));
    EXPECT_EQ(firstiter, 1);
    auto r2 = co_await g.asend(5);
    EXPECT_EQ(value_of(r2), 5);
  });
}

TEST(SendThrow, B2_asend_of_an_empty_value_on_created_also_throws) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make =
        [&] AGEN_GENERATOR() -> async_generator<int, std::optional<int>> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    EXPECT_THROW(co_await g.asend(std::nullopt), std::logic_error);
    EXPECT_THROW(co_await g.asend(std::nullopt),
                 std::logic_error); // still created
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(g.state(), agen::state::created);
    auto r = co_await g.next();
    EXPECT_EQ(value_of(r), 1);
  });
}

// ---- B3 athrow handled: athrow returns the next yielded value
// --------------------

TEST(SendThrow,
     B3_athrow_raises_at_the_yield_and_a_handled_error_gives_the_next_value) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      int v = 0;
      try {
        co_yield 1;
        L("not-reached");
      } catch (const Foo &f) {
        v = f.code;
        L("caught");
      }
      co_await loop.schedule(); // the handler's continuation may await
      co_yield v * 2;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.athrow(std::make_exception_ptr(Foo{1000}));
    EXPECT_EQ(value_of(r2), 2000);
    EXPECT_EQ(L.entries(), Strs({"caught"}));
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
  });
}

TEST(SendThrow, B3_athrow_raises_the_same_exception_object) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    auto thrown = std::make_exception_ptr(Foo{7});
    std::exception_ptr seen;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      try {
        co_yield 1;
      } catch (...) {
        seen = std::current_exception();
      }
      co_yield 2;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.athrow(thrown);
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_TRUE(seen == thrown);
  });
}

// ---- B4 athrow not handled: the error comes back out, after cleanup
// ------------------

TEST(SendThrow, B4_unhandled_athrow_propagates_the_same_error_after_cleanup) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      Spy s{L, "s"};
      { // TRY { co_yield 1; co_yield 2; } FINALLY { await; L("cleanup"); }
        std::exception_ptr e_;
        try {
          co_yield 1;
          co_yield 2;
        } catch (...) {
          e_ = std::current_exception();
        }
        co_await loop.schedule();
        L("cleanup");
        if (e_)
          std::rethrow_exception(e_);
      }
      L("after");
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto thrown = std::make_exception_ptr(KeyErr{});
    std::exception_ptr caught;
    try {
      co_await g.athrow(thrown);
      ADD_FAILURE() << "athrow() did not rethrow";
    } catch (const KeyErr &) {
      caught = std::current_exception();
      L("caught");
    }
    EXPECT_TRUE(caught == thrown);
    EXPECT_EQ(L.entries(), Strs({"cleanup", "~s", "caught"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto r2 = co_await g.next();
    EXPECT_FALSE(r2);
    EXPECT_EQ(L.entries(), Strs({"cleanup", "~s", "caught"}));
  });
}

TEST(SendThrow, B4_unhandled_athrow_without_async_cleanup) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      Spy s{L, "s"};
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_THROW(co_await g.athrow(std::make_exception_ptr(KeyErr{})), KeyErr);
    EXPECT_EQ(L.entries(), Strs({"~s"}));
    auto r2 = co_await g.next();
    EXPECT_FALSE(r2);
  });
}

// ---- B5 athrow handled, then the body completes: athrow gives end
// ------------------

TEST(SendThrow, B5_athrow_handled_then_body_completes_gives_end) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 1;
      } catch (...) {
      }
      co_await loop.schedule();
      L("done");
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.athrow(std::make_exception_ptr(ValueError{}));
    EXPECT_FALSE(r2);
    EXPECT_EQ(L.entries(), Strs({"done", "~s"}));
    EXPECT_EQ(g.state(), agen::state::closed);
    auto r3 = co_await g.next();
    EXPECT_FALSE(r3);
  });
}

// ---- B6 athrow on a not-started generator
// --------------------------------------------

TEST(SendThrow,
     B6_athrow_on_created_rethrows_without_running_the_body_and_closes) {
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
      auto thrown = std::make_exception_ptr(ValueError{});
      std::exception_ptr caught;
      try {
        co_await g.athrow(thrown);
        ADD_FAILURE() << "athrow() on a created generator did not throw";
      } catch (const ValueError &) {
        caught = std::current_exception();
      }
      EXPECT_TRUE(caught == thrown);
      EXPECT_TRUE(L.empty()); // no body code
      EXPECT_EQ(g.state(), agen::state::closed);
      EXPECT_EQ(firstiter, 1); // SPEC §3.9: firstiter runs for athrow too
      auto r = co_await g.next();
      EXPECT_FALSE(r);
      auto t = co_await g.athrow(std::make_exception_ptr(ValueError{}));
      EXPECT_FALSE(t); // now closed: end, no rethrow
      co_await g.aclose();
      EXPECT_TRUE(L.empty());
    }
    EXPECT_EQ(L.entries(), Strs({"~a"})); // the parameter copy, once
    EXPECT_EQ(finalizer, 0);              // closed: never finalized
    EXPECT_EQ(firstiter, 1);
  });
}

// ---- B7 athrow on a finished generator gives end and does not rethrow
// -------------

TEST(SendThrow, B7_athrow_after_exhaustion_gives_end_and_does_not_rethrow) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    auto g = gen12();
    while (co_await g.next()) {
    }
    auto r = co_await g.athrow(std::make_exception_ptr(ValueError{}));
    EXPECT_FALSE(r);
    auto e = co_await g.next();
    EXPECT_FALSE(e);
    EXPECT_EQ(g.state(), agen::state::closed);
  });
}

TEST(SendThrow, B7_athrow_after_a_body_exception_gives_end) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    auto make = [] AGEN_GENERATOR() -> async_generator<int> {
      co_yield 1;
      throw ZeroDiv{};
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_THROW(co_await g.next(), ZeroDiv);
    auto r = co_await g.athrow(std::make_exception_ptr(ValueError{}));
    EXPECT_FALSE(r);
  });
}

TEST(SendThrow, B7_athrow_after_aclose_gives_end) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      try {
        co_yield 1;
      } catch (...) {
        L("caught");
        throw;
      }
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    co_await g.aclose();
    auto r = co_await g.athrow(std::make_exception_ptr(ValueError{}));
    EXPECT_FALSE(r);
    EXPECT_EQ(L.entries(),
              Strs({"caught"})); // the body never saw the ValueError
  });
}

// ---- B8 Iteration continues normally after a handled athrow
// ----------------------

TEST(SendThrow,
     B8_iteration_continues_after_a_handled_athrow_whose_handler_awaits) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      co_yield 1;
      bool z = false;
      try {
        co_yield 2;
        co_yield 3;
      } catch (const ZeroDiv &) {
        z = true;
      }
      if (z) {
        co_await loop.schedule();
        co_yield 1000;
      }
      co_yield 4;
    };
    auto g = make();
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    auto r2 = co_await g.next();
    EXPECT_EQ(value_of(r2), 2);
    auto r3 = co_await g.athrow(std::make_exception_ptr(ZeroDiv{}));
    EXPECT_EQ(value_of(r3), 1000);
    auto r4 = co_await g.next();
    EXPECT_EQ(value_of(r4), 4);
    auto r5 = co_await g.next();
    EXPECT_FALSE(r5);
  });
}

TEST(SendThrow, B8_several_handled_athrows_in_a_loop) {
  run_test([](agen::event_loop &loop) -> agen::task<void> {
    auto make = [&] AGEN_GENERATOR() -> async_generator<int, int> {
      int errors = 0;
      for (int i = 0; i < 3; ++i) {
        try {
          int sent = co_yield i;
          co_yield sent;
        } catch (const Foo &f) {
          errors += f.code;
        }
        co_await loop.schedule();
      }
      co_yield 100 + errors;
    };
    auto g = make();
    std::vector<int> v;
    auto r0 = co_await g.next(); // 0
    v.push_back(value_of(r0).value_or(-1));
    auto r1 = co_await g.asend(50); // sent 50 -> yields 50
    v.push_back(value_of(r1).value_or(-1));
    auto r2 = co_await g.athrow(
        std::make_exception_ptr(Foo{1})); // at `co_yield sent` -> loop -> 1
    v.push_back(value_of(r2).value_or(-1));
    auto r3 = co_await g.athrow(
        std::make_exception_ptr(Foo{2})); // at `co_yield i` -> loop -> 2
    v.push_back(value_of(r3).value_or(-1));
    auto r4 = co_await g.asend(60); // 60
    v.push_back(value_of(r4).value_or(-1));
    auto r5 = co_await g.next(); // 100 + 3
    v.push_back(value_of(r5).value_or(-1));
    auto r6 = co_await g.next();
    EXPECT_FALSE(r6);
    EXPECT_EQ(v, (std::vector<int>{0, 50, 1, 2, 60, 103}));
  });
}

// ---- athrow of nothing: a usage error, never a crash (SPEC §3.7)
// -----------

TEST(SendThrow,
     B3_athrow_of_a_null_exception_ptr_is_rejected_and_changes_nothing) {
  run_test([](agen::event_loop &) -> agen::task<void> {
    Log L;
    int firstiter = 0;
    HooksScope hooks([&](const agen::generator_ref &) { ++firstiter; },
                     nullptr);
    auto make = [&] AGEN_GENERATOR() -> async_generator<int> {
      Spy s(L, "s");
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    EXPECT_THROW(co_await g.athrow(nullptr), std::invalid_argument);
    EXPECT_EQ(g.state(), agen::state::created);
    EXPECT_EQ(firstiter, 0);
    EXPECT_TRUE(L.empty());
    auto r1 = co_await g.next();
    EXPECT_EQ(value_of(r1), 1);
    EXPECT_THROW(co_await g.athrow(std::exception_ptr()),
                 std::invalid_argument);
    EXPECT_EQ(g.state(), agen::state::suspended);
    auto r2 = co_await g.next(); // still at the first yield, resumed normally
    EXPECT_EQ(value_of(r2), 2);
    EXPECT_TRUE(L.empty()); // s is alive: nothing was raised at the yield
  });
}
