// Checklist section F: finalization hooks (SPEC §2 asyncgen_hooks, §3.7, §3.9)
// and the event loop that owns them (firstiter registry, finalizer that
// schedules aclose(), shutdown_asyncgens()).
//
// Test bodies are capture-free coroutines run on an agen::event_loop, whose
// hooks are installed while it runs; tests that need other hooks install them
// with HooksScope inside the body. Generator lambdas are bound to a name
// before they are called, never invoked as temporaries. Unless a test abandons
// a generator on purpose, every generator is finished or closed before the
// body returns, so no cleanup outlives the body's locals.

#include "support.hpp"

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using agen_test::Event;
using agen_test::gen12;
using agen_test::holds;
using agen_test::HooksScope;
using agen_test::Log;
using agen_test::MyExc;
using agen_test::run;
using agen_test::spawn;
using agen_test::Spy;
using agen_test::UnraisableScope;
using agen_test::val;
using Strs = std::vector<std::string>;

struct Outer {};
struct HookError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct FinalizerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct CleanupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// what() of a std::exception, "" for null, "?" for anything else.
std::string what_of(const std::exception_ptr &e) {
  if (!e)
    return "";
  try {
    std::rethrow_exception(e);
  } catch (const std::exception &x) {
    return x.what();
  } catch (...) {
    return "?";
  }
}

/// what() of the only reported error, or a note of how many there were.
std::string only_error(const UnraisableScope &us) {
  if (us.errors.size() != 1u)
    return std::to_string(us.errors.size()) + " reports";
  return what_of(us.errors[0]);
}

AGEN_GENERATOR agen::async_generator<int> spied(Log &L) {
  Spy s{L, "s"};
  co_yield 1;
  co_yield 2;
}

// ---- F1 ---------------------------------------------------------------------

TEST(FinalizationHooks,
     F1_firstiter_called_once_before_body_with_the_generator) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0;
    void *seen = nullptr;
    agen::state seen_state = agen::state::closed;
    bool body_ran_before = true;
    HooksScope hs{[&](const agen::generator_ref &r) {
                    ++fi;
                    seen = r.id();
                    seen_state = r.state();
                    body_ran_before = !L.empty();
                  },
                  nullptr};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      L("body");
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    void *id = g.id();
    EXPECT_NE(id, nullptr);
    EXPECT_EQ(fi, 0);
    EXPECT_EQ(val(co_await g.next()), 1);
    EXPECT_EQ(fi, 1);
    EXPECT_EQ(val(co_await g.next()), 2);
    co_await g.aclose();
    EXPECT_EQ(fi, 1);
    EXPECT_EQ(seen, id);
    EXPECT_EQ(seen_state, agen::state::created);
    EXPECT_FALSE(body_ran_before);
  }());
}

TEST(FinalizationHooks, F1_firstiter_runs_when_aclose_is_the_first_operation) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; }, nullptr};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    co_await g.aclose();
    EXPECT_EQ(fi, 1);
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(g.state(), agen::state::closed);
    co_await g.aclose();
    EXPECT_FALSE(co_await g.next());
    EXPECT_EQ(fi, 1);
  }());
}

TEST(FinalizationHooks, F1_firstiter_runs_when_athrow_is_the_first_operation) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; }, nullptr};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    EXPECT_THROW(co_await g.athrow(std::make_exception_ptr(MyExc{})), MyExc);
    EXPECT_EQ(fi, 1);
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(g.state(), agen::state::closed);
  }());
}

TEST(FinalizationHooks,
     F1_firstiter_runs_when_a_rejected_asend_is_the_first_operation) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; }, nullptr};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int, int> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    EXPECT_THROW(co_await g.asend(3), std::logic_error);
    EXPECT_EQ(fi, 1); // it is an operation: firstiter has run
    EXPECT_EQ(g.state(), agen::state::created);
    EXPECT_TRUE(L.empty());
    EXPECT_EQ(val(co_await g.next()), 1);
    EXPECT_EQ(fi, 1); // not again
    co_await g.aclose();
  }());
}

// Documented choice (decision point 4): at the first await, not when the
// operation object is created; either way before any body code.
TEST(FinalizationHooks, F1_firstiter_runs_at_the_first_await_of_an_operation) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    int fi = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; }, nullptr};
    auto g = gen12();
    auto op = g.next();
    EXPECT_EQ(fi, 0);
    EXPECT_EQ(val(co_await std::move(op)), 1);
    EXPECT_EQ(fi, 1);
    co_await g.aclose();
  }());
}

// ---- F2 ---------------------------------------------------------------------

TEST(FinalizationHooks, F2_untouched_generator_triggers_no_hooks) {
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
      auto g = gen12();
    }
    {
      auto g = make(Spy{L, "a"});
      auto moved = std::move(g);
      EXPECT_EQ(moved.state(), agen::state::created);
    }
    EXPECT_EQ(fi, 0);
    EXPECT_EQ(fz, 0);
    EXPECT_EQ(L.entries(), Strs({"~a"})); // no body; the parameter once
    co_return;
  }());
}

// ---- F3 ---------------------------------------------------------------------

TEST(FinalizationHooks, F3_hooks_are_thread_local) {
  Log L;
  int fi = 0, fz = 0;
  HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                [&](agen::any_async_generator) { ++fz; }};
  bool thread_sees_no_hooks = false;
  std::thread t([&] {
    agen::asyncgen_hooks h = agen::get_asyncgen_hooks();
    thread_sees_no_hooks = !h.firstiter && !h.finalizer;
    agen::sync_wait([](Log &L) -> agen::task<void> {
      auto g = spied(L);
      EXPECT_EQ(val(co_await g.next()), 1);
      // abandoned here: no finalizer on this thread, closed synchronously
    }(L));
  });
  t.join();
  EXPECT_TRUE(thread_sees_no_hooks);
  EXPECT_EQ(fi, 0);
  EXPECT_EQ(fz, 0);
  EXPECT_EQ(L.entries(), Strs({"~s"}));
  // This thread's hooks are untouched, and still work here.
  EXPECT_TRUE(agen::get_asyncgen_hooks().firstiter);
  EXPECT_TRUE(agen::get_asyncgen_hooks().finalizer);
  agen::sync_wait([]() -> agen::task<void> {
    auto g = gen12();
    co_await g.next();
  }());
  EXPECT_EQ(fi, 1);
  EXPECT_EQ(fz, 1);
}

TEST(FinalizationHooks, F3_hooks_installed_on_another_thread_apply_only_there) {
  int main_fi = 0;
  HooksScope hs{[&](const agen::generator_ref &) { ++main_fi; }, nullptr};
  int fi = 0, fz = 0;
  bool restored_empty = false;
  std::thread t([&] {
    {
      HooksScope inner{[&](const agen::generator_ref &) { ++fi; },
                       [&](agen::any_async_generator) { ++fz; }};
      agen::sync_wait([]() -> agen::task<void> {
        auto g = gen12();
        co_await g.next();
      }());
    }
    restored_empty = !agen::get_asyncgen_hooks().firstiter &&
                     !agen::get_asyncgen_hooks().finalizer;
  });
  t.join();
  EXPECT_EQ(fi, 1);
  EXPECT_EQ(fz, 1);
  EXPECT_TRUE(restored_empty);
  EXPECT_EQ(main_fi, 0);
  EXPECT_TRUE(agen::get_asyncgen_hooks().firstiter);
  EXPECT_FALSE(agen::get_asyncgen_hooks().finalizer);
}

// ---- F4 ---------------------------------------------------------------------

TEST(FinalizationHooks, F4_hooks_installed_after_creation_are_used) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    std::vector<agen::any_async_generator> parked;
    int fi = 0, fz = 0;
    agen::async_generator<int> g;
    {
      HooksScope none{nullptr, nullptr};
      g = gen12(); // created with no hooks installed
    }
    {
      HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                    [&](agen::any_async_generator r) {
                      ++fz;
                      parked.push_back(std::move(r));
                    }};
      co_await g.next(); // first iteration, then abandon
      g = {};
    }
    EXPECT_EQ(fi, 1);
    EXPECT_EQ(fz, 1);
    EXPECT_EQ(parked.size(), 1u);
    for (auto &p : parked)
      co_await p.aclose();
  }());
}

TEST(FinalizationHooks,
     F4_hooks_removed_before_the_first_operation_are_not_used) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0, fz = 0;
    agen::async_generator<int> g;
    HooksScope none{nullptr, nullptr};
    {
      HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                    [&](agen::any_async_generator) { ++fz; }};
      g = spied(L);
    }
    co_await g.next();
    g = {}; // no finalizer was current at the first operation
    EXPECT_EQ(fi, 0);
    EXPECT_EQ(fz, 0);
    EXPECT_EQ(L.entries(), Strs({"~s"}));
  }());
}

// ---- F5 ---------------------------------------------------------------------

TEST(FinalizationHooks, F5_captured_finalizer_used_after_hooks_change) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    std::vector<agen::any_async_generator> parked;
    int z1 = 0, z2 = 0;
    auto g = gen12();
    {
      HooksScope a{nullptr, [&](agen::any_async_generator r) {
                     ++z1;
                     parked.push_back(std::move(r));
                   }};
      co_await g.next();
    }
    HooksScope b{nullptr, [&](agen::any_async_generator) { ++z2; }};
    g = {};
    EXPECT_EQ(z1, 1);
    EXPECT_EQ(z2, 0);
    for (auto &p : parked)
      co_await p.aclose();
  }());
}

TEST(FinalizationHooks,
     F5_captured_finalizer_used_when_destroyed_on_another_thread) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    std::vector<agen::any_async_generator> parked;
    int z1 = 0, z2 = 0, z3 = 0;
    std::thread::id finalizer_thread;
    auto g = std::make_unique<agen::async_generator<int>>(gen12());
    {
      HooksScope a{nullptr, [&](agen::any_async_generator r) {
                     ++z1;
                     finalizer_thread = std::this_thread::get_id();
                     parked.push_back(std::move(r));
                   }};
      co_await g->next();
    }
    HooksScope b{nullptr, [&](agen::any_async_generator) { ++z2; }};
    std::thread::id other;
    std::thread([&] {
      other = std::this_thread::get_id();
      HooksScope c{nullptr, [&](agen::any_async_generator) { ++z3; }};
      g.reset(); // destroyed on another thread, which has its own hooks
    }).join();
    EXPECT_EQ(z1, 1);
    EXPECT_EQ(z2, 0);
    EXPECT_EQ(z3, 0);
    EXPECT_EQ(finalizer_thread, other);
    EXPECT_EQ(parked.size(), 1u);
    for (auto &p : parked)
      co_await p.aclose();
  }());
}

// asyncio's loop finalizer uses call_soon_threadsafe (bpo-34769): whatever
// thread drops the generator, its aclose() runs on the loop's thread.
TEST(FinalizationHooks,
     F5_loop_finalizer_closes_on_the_loop_thread_when_destroyed_elsewhere) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    std::vector<std::thread::id> ids;
    const std::thread::id loop_thread = std::this_thread::get_id();
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        co_yield 1;
        co_yield 2;
      } catch (...) {
        e_ = std::current_exception();
      }
      ids.push_back(std::this_thread::get_id());
      L("cleanup");
      co_await loop.schedule();
      ids.push_back(std::this_thread::get_id());
      L("cleanup2");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    co_await g.next();
    EXPECT_EQ(loop.watched_count(), 1u);
    std::thread([&] { g = {}; }).join();
    EXPECT_TRUE(L.empty()); // no generator code ran on the dropping thread
    for (int i = 0; i < 20 && loop.watched_count() > 0; ++i)
      co_await loop.schedule();
    EXPECT_EQ(L.entries(), Strs({"cleanup", "cleanup2", "~s"}));
    EXPECT_EQ(ids, (std::vector<std::thread::id>(2, loop_thread)));
    EXPECT_EQ(loop.watched_count(), 0u);
  }(loop));
  EXPECT_TRUE(us.messages.empty());
}

// ---- F6 ---------------------------------------------------------------------

TEST(FinalizationHooks,
     F6_finalizer_called_once_and_its_aclose_does_the_cleanup) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    std::vector<agen::any_async_generator> parked;
    void *first_id = nullptr;
    HooksScope hs{
        [&](const agen::generator_ref &r) { first_id = r.id(); },
        [&](agen::any_async_generator r) { parked.push_back(std::move(r)); }};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        for (;;)
          co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await loop.schedule();
      L("cleanup");
      if (e_)
        std::rethrow_exception(e_);
    };
    {
      auto g = make();
      co_await g.next();
      co_await g.next();
    } // abandoned at a yield
    EXPECT_EQ(parked.size(), 1u);
    EXPECT_TRUE(L.empty()); // the runtime did no cleanup of its own
    if (parked.size() != 1u)
      co_return;
    EXPECT_EQ(parked[0].id(), first_id);
    EXPECT_EQ(parked[0].state(), agen::state::suspended);
    co_await parked[0].aclose();
    EXPECT_EQ(L.entries(), Strs({"cleanup"}));
    EXPECT_EQ(parked[0].state(), agen::state::closed);
    parked.clear();
    EXPECT_EQ(L.entries(), Strs({"cleanup"}));
  }(loop));
  EXPECT_TRUE(us.messages.empty());
}

// SPEC §3.7: a finalizer that drops its ownership unclosed makes the
// generator close synchronously, and is never called twice.
TEST(FinalizationHooks,
     F6_finalizer_dropping_ownership_closes_synchronously_once) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fz = 0;
    std::vector<agen::any_async_generator> parked;
    HooksScope hs{nullptr, [&](agen::any_async_generator r) {
                    ++fz;
                    if (fz == 2) // the second generator is parked first
                      parked.push_back(std::move(r));
                  }};
    auto make =
        [&] AGEN_GENERATOR(std::string name) -> agen::async_generator<int> {
      Spy s{L, name};
      std::exception_ptr e_;
      try {
        co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      L("cleanup " + name);
      if (e_)
        std::rethrow_exception(e_);
    };
    {
      auto g = make("a");
      co_await g.next();
    }
    EXPECT_EQ(fz, 1);
    EXPECT_EQ(L.entries(), Strs({"cleanup a", "~a"}));
    L.clear();
    {
      auto g = make("b");
      co_await g.next();
    }
    EXPECT_EQ(fz, 2);
    EXPECT_TRUE(L.empty());
    parked.clear(); // dropped unclosed later: closes now, no second call
    EXPECT_EQ(fz, 2);
    EXPECT_EQ(L.entries(), Strs({"cleanup b", "~b"}));
  }());
  EXPECT_TRUE(us.messages.empty());
}

// The event loop's finalizer schedules aclose() (asyncio:
// call_soon_threadsafe(create_task, agen.aclose())): nothing runs inside the
// handle's destructor; the cleanup runs on the loop, which then forgets it.
TEST(FinalizationHooks, F6_event_loop_finalizer_schedules_aclose) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        for (;;)
          co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      L("cleanup");
      co_await loop.schedule();
      L("cleanup2");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    co_await g.next();
    co_await g.next();
    EXPECT_EQ(loop.watched_count(), 1u);
    g = {};
    EXPECT_TRUE(L.empty()); // scheduled, not run in the destructor
    for (int i = 0; i < 20 && loop.watched_count() > 0; ++i)
      co_await loop.schedule();
    EXPECT_EQ(L.entries(), Strs({"cleanup", "cleanup2", "~s"}));
    EXPECT_EQ(loop.watched_count(), 0u); // closed and freed
  }(loop));
  EXPECT_TRUE(us.messages.empty());
}

// A close the loop scheduled but never ran (run_until_complete returned
// first) is not lost when the loop goes away: every local is destroyed once.
TEST(FinalizationHooks,
     F6_pending_loop_close_still_runs_cleanup_when_the_loop_is_destroyed) {
  Log L;
  {
    agen::event_loop loop;
    run(loop, [](Log &L) -> agen::task<void> {
      auto g = spied(L);
      co_await g.next();
    }(L)); // g abandoned as the body ends: its close is only scheduled
  }
  EXPECT_EQ(L.entries(), Strs({"~s"}));
}

AGEN_GENERATOR agen::async_generator<int> async_cleanup(Log &L,
                                                       agen::event_loop &loop) {
  Spy s{L, "s"};
  std::exception_ptr e_;
  try {
    co_yield 1;
  } catch (...) {
    e_ = std::current_exception();
  }
  L("cleanup");
  co_await loop.schedule();
  co_await loop.schedule();
  L("cleanup2");
  if (e_)
    std::rethrow_exception(e_);
}

// The same when the close awaits the loop: the loop's destructor runs it to
// its end (before, the frame was left in a queue nobody ran, and leaked).
TEST(FinalizationHooks,
     F6_pending_async_loop_close_finishes_when_the_loop_is_destroyed) {
  Log L;
  UnraisableScope us;
  {
    agen::event_loop loop;
    run(loop, [](Log &L, agen::event_loop &loop) -> agen::task<void> {
      auto g = async_cleanup(L, loop);
      co_await g.next();
    }(L, loop));
    EXPECT_TRUE(L.empty());
  }
  EXPECT_EQ(L.entries(), Strs({"cleanup", "cleanup2", "~s"}));
  EXPECT_TRUE(us.messages.empty());
}

// SPEC §3.7: destroying a handle while an operation is in flight is a usage
// error, reported to the unraisable hook, never a crash; the in-flight
// operation completes as end once the frame has closed (and freed itself).
TEST(FinalizationHooks,
     F6_handle_destroyed_while_in_flight_is_reported_and_completes_as_end) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop,
      [](agen::event_loop &loop, UnraisableScope &us) -> agen::task<void> {
        Log L;
        auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
          Spy s{L, "s"};
          L("start");
          co_await loop.schedule();
          L("after-await");
          co_yield 1;
          L("never");
          co_yield 2;
        };
        auto g = make();
        auto h = spawn(g.next());
        EXPECT_FALSE(h.done());
        EXPECT_EQ(g.state(), agen::state::running);
        EXPECT_EQ(loop.watched_count(), 1u);
        g = {}; // the loop's finalizer is not for this: it is in flight
        EXPECT_EQ(us.messages.size(), 1u);
        EXPECT_EQ(L.entries(), Strs({"start"}));
        for (int i = 0; i < 20 && !h.done(); ++i)
          co_await loop.schedule();
        EXPECT_TRUE(h.done());
        if (!h.done())
          co_return;
        auto r = co_await std::move(h);
        EXPECT_FALSE(r); // end, not the value the body yielded
        EXPECT_EQ(L.entries(), Strs({"start", "after-await", "~s"}));
        EXPECT_EQ(loop.watched_count(), 0u); // the frame freed itself
        EXPECT_EQ(us.messages.size(), 1u);
        for (auto &e : us.errors)
          EXPECT_FALSE(e); // a usage report, not an exception
      }(loop, us));
}

TEST(FinalizationHooks,
     F6_handle_destroyed_while_in_flight_with_async_cleanup_and_no_hooks) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](UnraisableScope &us) -> agen::task<void> {
    HooksScope none{nullptr, nullptr};
    Log L;
    Event ev1, ev2;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        co_await ev1;
        co_yield 1;
        L("never");
      } catch (...) {
        e_ = std::current_exception();
      }
      L("cleanup");
      co_await ev2;
      L("cleanup2");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    auto h = spawn(g.next());
    g = {};
    EXPECT_EQ(us.messages.size(), 1u);
    ev1.set(); // the body reaches its yield: it is closed there instead
    EXPECT_EQ(L.entries(), Strs({"cleanup"}));
    EXPECT_FALSE(h.done()); // not before the frame has closed
    ev2.set();
    EXPECT_TRUE(h.done());
    if (!h.done())
      co_return;
    EXPECT_FALSE(co_await std::move(h));
    EXPECT_EQ(L.entries(), Strs({"cleanup", "cleanup2", "~s"}));
    EXPECT_EQ(us.messages.size(), 1u);
  }(us));
}

// ---- F7 ---------------------------------------------------------------------

TEST(FinalizationHooks,
     F7_finalizer_never_called_for_finished_closed_or_untouched) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, []() -> agen::task<void> {
    int fi = 0, fz = 0;
    HooksScope hs{[&](const agen::generator_ref &) { ++fi; },
                  [&](agen::any_async_generator) { ++fz; }};
    auto failing = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      co_yield 1;
      throw MyExc{};
    };
    auto stubborn = [] AGEN_GENERATOR() -> agen::async_generator<int> {
      bool closing = false;
      try {
        co_yield 1;
      } catch (const agen::generator_exit &) {
        closing = true;
      }
      if (closing)
        co_yield 2;
    };
    { // exhausted
      auto a = gen12();
      for (;;) {
        auto r = co_await a.next();
        if (!r)
          break;
      }
      EXPECT_EQ(a.state(), agen::state::closed);
    }
    { // failed
      auto b = failing();
      co_await b.next();
      EXPECT_THROW(co_await b.next(), MyExc);
      EXPECT_EQ(b.state(), agen::state::closed);
    }
    { // closed at a yield
      auto c = gen12();
      co_await c.next();
      co_await c.aclose();
    }
    { // untouched
      auto d = gen12();
    }
    { // closed before it started
      auto e = gen12();
      co_await e.aclose();
    }
    { // athrow before it started
      auto f = gen12();
      EXPECT_THROW(co_await f.athrow(std::make_exception_ptr(MyExc{})), MyExc);
    }
    { // failed through an unhandled athrow
      auto h = gen12();
      co_await h.next();
      EXPECT_THROW(co_await h.athrow(std::make_exception_ptr(MyExc{})), MyExc);
      EXPECT_EQ(h.state(), agen::state::closed);
    }
    { // yielded while closing: closed as well
      auto y = stubborn();
      co_await y.next();
      EXPECT_THROW(co_await y.aclose(), agen::yielded_while_closing);
      EXPECT_EQ(y.state(), agen::state::closed);
    }
    EXPECT_EQ(fz, 0);
    EXPECT_EQ(fi, 7); // every one but the untouched `d`
  }());
  EXPECT_TRUE(us.messages.empty());
}

// ---- F8 ---------------------------------------------------------------------

TEST(FinalizationHooks,
     F8_no_finalizer_destroys_locals_then_parameters_synchronously) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, []() -> agen::task<void> {
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR(Spy) -> agen::async_generator<int> {
      Spy b{L, "b"};
      co_yield 1;
      co_yield 2;
    };
    auto g = make(Spy{L, "a"});
    EXPECT_EQ(val(co_await g.next()), 1);
    EXPECT_TRUE(L.empty());
    g = {};
    EXPECT_EQ(L.entries(), Strs({"~b", "~a"}));
  }());
  EXPECT_TRUE(us.messages.empty());
}

TEST(FinalizationHooks,
     F8_no_finalizer_synchronous_cleanup_runs_at_destruction) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, []() -> agen::task<void> {
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      std::exception_ptr e_;
      try {
        co_yield 1;
      } catch (...) {
        e_ = std::current_exception();
      }
      L("cleanup"); // no await: completes inside the destructor
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = make();
    co_await g.next();
    g = {};
    EXPECT_EQ(L.entries(), Strs({"cleanup", "~s"}));
  }());
  EXPECT_TRUE(us.messages.empty());
}

// SPEC §3.7 (overrides checklist F8's "~s right after g = {}"): when the close
// path awaits first, the close continues detached, the unraisable hook is
// told, and the frame finishes closing, and frees itself, once the awaited
// operation resumes it.
TEST(FinalizationHooks,
     F8_no_finalizer_cleanup_that_awaits_is_reported_then_completes) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop,
      [](agen::event_loop &loop, UnraisableScope &us) -> agen::task<void> {
        HooksScope none{nullptr, nullptr};
        Log L;
        auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
          Spy s{L, "s"};
          std::exception_ptr e_;
          try {
            co_yield 1;
          } catch (...) {
            e_ = std::current_exception();
          }
          co_await loop.sleep_for(std::chrono::milliseconds(1));
          L("async-cleanup");
          if (e_)
            std::rethrow_exception(e_);
        };
        auto g = make();
        co_await g.next();
        g = {}; // never hangs, never throws
        EXPECT_EQ(us.messages.size(), 1u);
        EXPECT_TRUE(L.empty()); // s is alive across the awaiting cleanup
        for (int i = 0; i < 50 && !L.contains("~s"); ++i)
          co_await loop.sleep_for(std::chrono::milliseconds(1));
        EXPECT_EQ(L.entries(), Strs({"async-cleanup", "~s"}));
        EXPECT_EQ(us.messages.size(), 1u);
      }(loop, us));
}

// ---- F9 ---------------------------------------------------------------------

TEST(FinalizationHooks,
     F9_throwing_firstiter_propagates_and_the_finalizer_is_still_captured) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0, fz = 0;
    std::vector<agen::any_async_generator> parked;
    HooksScope hs{[&](const agen::generator_ref &) {
                    ++fi;
                    throw HookError("hook failed");
                  },
                  [&](agen::any_async_generator r) {
                    ++fz;
                    parked.push_back(std::move(r));
                  }};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      L("body");
      co_yield 1;
      co_yield 2;
    };
    auto g = make();
    EXPECT_THROW(co_await g.next(), HookError);
    EXPECT_TRUE(L.empty()); // the body did not run
    EXPECT_EQ(g.state(), agen::state::created);
    EXPECT_EQ(val(co_await g.next()), 1);
    EXPECT_EQ(fi, 1); // not retried
    EXPECT_EQ(L.entries(), Strs({"body"}));
    g = {};
    EXPECT_EQ(fz, 1); // captured before firstiter threw
    for (auto &p : parked)
      co_await p.aclose();
  }());
}

TEST(FinalizationHooks,
     F9_throwing_firstiter_on_aclose_leaves_the_generator_untouched) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    Log L;
    int fi = 0;
    HooksScope hs{[&](const agen::generator_ref &) {
                    ++fi;
                    throw HookError("hook failed");
                  },
                  nullptr};
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      L("body");
      co_yield 1;
    };
    auto g = make();
    EXPECT_THROW(co_await g.aclose(), HookError);
    EXPECT_EQ(g.state(), agen::state::created);
    EXPECT_EQ(val(co_await g.next()), 1);
    EXPECT_EQ(fi, 1);
    co_await g.aclose();
    EXPECT_EQ(L.entries(), Strs({"body"}));
  }());
}

// ---- F10 --------------------------------------------------------------------

TEST(FinalizationHooks,
     F10_finalizer_error_is_reported_and_the_exception_in_flight_preserved) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](UnraisableScope &us) -> agen::task<void> {
    Log L;
    HooksScope hs{nullptr, [](agen::any_async_generator) {
                    throw FinalizerError("fin failed");
                  }};
    bool caught = false;
    try {
      auto g = spied(L);
      co_await g.next();
      throw Outer{}; // g is destroyed during unwinding
    } catch (const Outer &) {
      caught = true;
    }
    EXPECT_TRUE(caught); // Outer, not FinalizerError, and no terminate
    EXPECT_EQ(us.messages.size(), 1u);
    if (us.errors.size() == 1u) {
      EXPECT_TRUE(holds<FinalizerError>(us.errors[0]));
      EXPECT_EQ(what_of(us.errors[0]), "fin failed");
    }
    // The finalizer dropped its ownership unclosed: the generator was closed.
    EXPECT_EQ(L.entries(), Strs({"~s"}));
  }(us));
}

TEST(FinalizationHooks,
     F10_error_from_the_aclose_the_loop_scheduled_is_reported) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop,
      [](agen::event_loop &loop, UnraisableScope &us) -> agen::task<void> {
        Log L;
        auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
          Spy s{L, "s"};
          try {
            co_yield 1;
          } catch (const agen::generator_exit &) {
            throw CleanupError("cleanup failed");
          }
        };
        bool caught = false;
        try {
          auto g = make();
          co_await g.next();
          throw Outer{};
        } catch (const Outer &) {
          caught = true;
        }
        EXPECT_TRUE(caught);
        for (int i = 0; i < 20 && loop.watched_count() > 0; ++i)
          co_await loop.schedule();
        EXPECT_EQ(L.entries(), Strs({"~s"}));
        EXPECT_EQ(us.messages.size(), 1u);
        EXPECT_EQ(only_error(us), "cleanup failed");
      }(loop, us));
}

TEST(FinalizationHooks,
     F10_error_from_a_synchronous_close_is_reported_and_outer_preserved) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](UnraisableScope &us) -> agen::task<void> {
    HooksScope none{nullptr, nullptr};
    Log L;
    auto make = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "s"};
      try {
        co_yield 1;
      } catch (const agen::generator_exit &) {
        throw CleanupError("cleanup failed");
      }
    };
    bool caught = false;
    try {
      auto g = make();
      co_await g.next();
      throw Outer{};
    } catch (const Outer &) {
      caught = true;
    }
    EXPECT_TRUE(caught);
    EXPECT_EQ(L.entries(), Strs({"~s"}));
    EXPECT_EQ(us.messages.size(), 1u);
    EXPECT_EQ(only_error(us), "cleanup failed");
  }(us));
}

// ---- F11 --------------------------------------------------------------------

int fi_a_calls = 0, fi_b_calls = 0, fz_a_calls = 0, fz_b_calls = 0;
void fi_a(const agen::generator_ref &) { ++fi_a_calls; }
void fi_b(const agen::generator_ref &) { ++fi_b_calls; }
void fz_a(agen::any_async_generator) { ++fz_a_calls; }
void fz_b(agen::any_async_generator) { ++fz_b_calls; }
void reset_calls() { fi_a_calls = fi_b_calls = fz_a_calls = fz_b_calls = 0; }

using FirstiterFn = void (*)(const agen::generator_ref &);
using FinalizerFn = void (*)(agen::any_async_generator);
FirstiterFn firstiter_of(const agen::asyncgen_hooks &h) {
  auto *p = h.firstiter.target<FirstiterFn>();
  return p != nullptr ? *p : nullptr;
}
FinalizerFn finalizer_of(const agen::asyncgen_hooks &h) {
  auto *p = h.finalizer.target<FinalizerFn>();
  return p != nullptr ? *p : nullptr;
}

/// Starts a generator on this thread and abandons it at its first yield.
void start_and_abandon() {
  agen::sync_wait([]() -> agen::task<void> {
    auto g = gen12();
    co_await g.next();
  }());
}

// Run on a fresh thread, whose hooks start empty, so the test knows the state
// it starts from and leaves none behind.
TEST(FinalizationHooks,
     F11_set_returns_the_previous_pair_and_restoring_it_restores_both) {
  std::thread([] {
    reset_calls();
    agen::asyncgen_hooks original = agen::set_asyncgen_hooks({fi_a, fz_a});
    EXPECT_FALSE(original.firstiter);
    EXPECT_FALSE(original.finalizer);
    agen::asyncgen_hooks prev = agen::set_asyncgen_hooks({fi_b, fz_b});
    EXPECT_EQ(firstiter_of(prev), &fi_a);
    EXPECT_EQ(finalizer_of(prev), &fz_a);
    EXPECT_EQ(firstiter_of(agen::get_asyncgen_hooks()), &fi_b);
    EXPECT_EQ(finalizer_of(agen::get_asyncgen_hooks()), &fz_b);
    start_and_abandon();
    EXPECT_EQ(fi_b_calls, 1);
    EXPECT_EQ(fz_b_calls, 1);

    agen::asyncgen_hooks replaced = agen::set_asyncgen_hooks(std::move(prev));
    EXPECT_EQ(firstiter_of(replaced), &fi_b);
    EXPECT_EQ(finalizer_of(replaced), &fz_b);
    EXPECT_EQ(firstiter_of(agen::get_asyncgen_hooks()), &fi_a);
    EXPECT_EQ(finalizer_of(agen::get_asyncgen_hooks()), &fz_a);
    start_and_abandon(); // both restored hooks are the ones used
    EXPECT_EQ(fi_a_calls, 1);
    EXPECT_EQ(fz_a_calls, 1);
    EXPECT_EQ(fi_b_calls, 1);
    EXPECT_EQ(fz_b_calls, 1);

    agen::set_asyncgen_hooks(std::move(original));
    EXPECT_FALSE(agen::get_asyncgen_hooks().firstiter);
    EXPECT_FALSE(agen::get_asyncgen_hooks().finalizer);
    start_and_abandon();
    EXPECT_EQ(fi_a_calls, 1);
    EXPECT_EQ(fz_a_calls, 1);
  }).join();
}

// The pinned setter takes the whole pair: an empty member means "no hook".
// Keeping one hook while changing the other is get, modify, set.
TEST(FinalizationHooks,
     F11_changing_one_hook_keeps_the_other_through_get_and_set) {
  std::thread([] {
    agen::set_asyncgen_hooks({fi_a, fz_a});
    agen::asyncgen_hooks h = agen::get_asyncgen_hooks();
    h.firstiter = fi_b;
    agen::set_asyncgen_hooks(h);
    EXPECT_EQ(firstiter_of(agen::get_asyncgen_hooks()), &fi_b);
    EXPECT_EQ(finalizer_of(agen::get_asyncgen_hooks()), &fz_a);
    // get_asyncgen_hooks() is a copy: changing it changes nothing.
    agen::get_asyncgen_hooks().finalizer = nullptr;
    EXPECT_EQ(finalizer_of(agen::get_asyncgen_hooks()), &fz_a);
    agen::set_asyncgen_hooks({fi_b, nullptr});
    EXPECT_EQ(firstiter_of(agen::get_asyncgen_hooks()), &fi_b);
    EXPECT_FALSE(agen::get_asyncgen_hooks().finalizer);
    agen::set_asyncgen_hooks({});
  }).join();
}

TEST(FinalizationHooks, F11_hooks_are_per_thread) {
  std::thread([] {
    reset_calls();
    agen::set_asyncgen_hooks({fi_a, fz_a});
    FirstiterFn seen_fi = &fi_a;
    FinalizerFn seen_fz = &fz_a;
    std::thread([&] {
      seen_fi = firstiter_of(agen::get_asyncgen_hooks());
      seen_fz = finalizer_of(agen::get_asyncgen_hooks());
      agen::asyncgen_hooks before = agen::set_asyncgen_hooks({fi_b, fz_b});
      EXPECT_FALSE(before.firstiter); // a new thread starts with none
      start_and_abandon();
      agen::set_asyncgen_hooks(std::move(before));
    }).join();
    EXPECT_EQ(seen_fi, nullptr);
    EXPECT_EQ(seen_fz, nullptr);
    EXPECT_EQ(fi_b_calls, 1);
    EXPECT_EQ(fz_b_calls, 1);
    // This thread's pair was not touched by the other thread's set.
    EXPECT_EQ(firstiter_of(agen::get_asyncgen_hooks()), &fi_a);
    EXPECT_EQ(finalizer_of(agen::get_asyncgen_hooks()), &fz_a);
    start_and_abandon();
    EXPECT_EQ(fi_a_calls, 1);
    EXPECT_EQ(fz_a_calls, 1);
    agen::set_asyncgen_hooks({});
  }).join();
}

// A call with an invalid hook cannot change anything: it does not compile.
TEST(FinalizationHooks, F11_invalid_hooks_are_rejected_at_compile_time) {
  using Firstiter = decltype(agen::asyncgen_hooks::firstiter);
  using Finalizer = decltype(agen::asyncgen_hooks::finalizer);
  EXPECT_FALSE((std::is_constructible_v<Firstiter, int>));
  EXPECT_FALSE((std::is_constructible_v<Firstiter, void (*)(int)>));
  EXPECT_FALSE((std::is_constructible_v<Finalizer, void (*)(int)>));
  EXPECT_FALSE((std::is_constructible_v<Finalizer, const char *>));
  EXPECT_TRUE((std::is_constructible_v<Firstiter, FirstiterFn>));
  EXPECT_TRUE((std::is_constructible_v<Finalizer, FinalizerFn>));
  EXPECT_FALSE((std::is_invocable_v<decltype(&agen::set_asyncgen_hooks), int>));
}

// firstiter may install other hooks while it runs (the runtime must not be
// running the hook object it just replaced), and the finalizer captured for
// that generator is the one current before firstiter ran.
TEST(FinalizationHooks, F11_firstiter_may_replace_the_hooks_while_it_runs) {
  agen::event_loop loop;
  run(loop, []() -> agen::task<void> {
    int fi = 0, fz1 = 0, fz2 = 0;
    HooksScope restore{nullptr, nullptr};
    agen::set_asyncgen_hooks(
        {[&, big = std::string(200, 'x')](const agen::generator_ref &) {
           ++fi;
           agen::set_asyncgen_hooks(
               {nullptr, [&](agen::any_async_generator) { ++fz2; }});
           EXPECT_EQ(big.size(), 200u); // its own state is still alive
         },
         [&](agen::any_async_generator) { ++fz1; }});
    auto g = gen12();
    co_await g.next();
    EXPECT_EQ(fi, 1);
    g = {};
    EXPECT_EQ(fz1, 1);
    EXPECT_EQ(fz2, 0);
    auto g2 = gen12();
    co_await g2.next();
    EXPECT_EQ(fi, 1);
    g2 = {};
    EXPECT_EQ(fz2, 1);
  }());
}

TEST(FinalizationHooks,
     F11_event_loop_restores_the_previous_hooks_after_running) {
  std::thread([] {
    agen::set_asyncgen_hooks({fi_a, fz_a});
    {
      agen::event_loop loop;
      FirstiterFn inside = &fi_a;
      run(loop, [](FirstiterFn &inside) -> agen::task<void> {
        inside = firstiter_of(agen::get_asyncgen_hooks());
        EXPECT_TRUE(agen::get_asyncgen_hooks().firstiter);
        EXPECT_TRUE(agen::get_asyncgen_hooks().finalizer);
        co_return;
      }(inside));
      EXPECT_NE(inside, &fi_a); // the loop's own hooks while it ran
    }
    EXPECT_EQ(firstiter_of(agen::get_asyncgen_hooks()), &fi_a);
    EXPECT_EQ(finalizer_of(agen::get_asyncgen_hooks()), &fz_a);
    agen::set_asyncgen_hooks({});
  }).join();
}

// ---- F12 --------------------------------------------------------------------

TEST(FinalizationHooks,
     F12_shutdown_asyncgens_closes_every_open_generator_once) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto mk = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        co_yield 1;
        co_yield 2;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await loop.schedule();
      L("finalized");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto a = mk();
    auto b = mk();
    auto c = mk();
    auto d = mk(); // never started: never registered
    co_await a.next();
    co_await b.next();
    for (;;) { // c finishes on its own
      auto r = co_await c.next();
      if (!r)
        break;
    }
    EXPECT_EQ(L.count("finalized"), 1);
    EXPECT_EQ(loop.watched_count(), 3u); // a, b, c: the loop saw them start
    co_await loop.shutdown_asyncgens();
    EXPECT_EQ(L.count("finalized"), 3); // a and b by shutdown, c by itself
    EXPECT_EQ(a.state(), agen::state::closed);
    EXPECT_EQ(b.state(), agen::state::closed);
    EXPECT_EQ(d.state(), agen::state::created);
    co_await loop.shutdown_asyncgens(); // a no-op
    EXPECT_EQ(L.count("finalized"), 3);
    EXPECT_FALSE(co_await a.next());
  }(loop));
  EXPECT_TRUE(us.messages.empty());
}

TEST(FinalizationHooks, F12_the_registry_is_weak) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    EXPECT_EQ(loop.watched_count(), 0u);
    {
      auto x = spied(L);
      co_await x.next();
      EXPECT_EQ(loop.watched_count(), 1u);
      co_await x.aclose();
      EXPECT_EQ(loop.watched_count(), 1u); // closed but not yet freed
    }
    EXPECT_EQ(loop.watched_count(), 0u);
    {
      auto y = gen12();
      for (;;) {
        auto r = co_await y.next();
        if (!r)
          break;
      }
    }
    EXPECT_EQ(loop.watched_count(), 0u);
    {
      auto z = spied(L);
      co_await z.next();
    } // abandoned: the loop's finalizer closes it
    for (int i = 0; i < 20 && loop.watched_count() > 0; ++i)
      co_await loop.schedule();
    EXPECT_EQ(loop.watched_count(), 0u);
    co_await loop.shutdown_asyncgens(); // touches nothing that was freed
    EXPECT_EQ(L.entries(), Strs({"~s", "~s"}));
  }(loop));
  EXPECT_TRUE(us.messages.empty());
}

TEST(FinalizationHooks,
     F12_generators_started_under_other_hooks_are_not_registered) {
  agen::event_loop loop;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    agen::async_generator<int> outside;
    {
      HooksScope none{nullptr, nullptr};
      outside = spied(L);
      co_await outside.next();
    }
    EXPECT_EQ(loop.watched_count(), 0u);
    co_await loop.shutdown_asyncgens();
    EXPECT_EQ(outside.state(), agen::state::suspended);
    EXPECT_TRUE(L.empty());
    co_await outside.aclose();
    EXPECT_EQ(L.entries(), Strs({"~s"}));
  }(loop));
}

TEST(FinalizationHooks,
     F12_shutdown_closes_an_outer_and_its_owned_inner_once_each) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto inner = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      std::exception_ptr e_;
      try {
        co_yield 1;
        co_yield 2;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await loop.schedule();
      L("inner-closed");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto outer = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      auto in = inner();
      std::exception_ptr e_;
      try {
        auto r = co_await in.next();
        co_yield *r;
        co_yield 5;
      } catch (...) {
        e_ = std::current_exception();
      }
      co_await in.aclose();
      L("outer-closed");
      if (e_)
        std::rethrow_exception(e_);
    };
    auto g = outer();
    EXPECT_EQ(val(co_await g.next()), 1);
    EXPECT_EQ(loop.watched_count(), 2u);
    co_await loop.shutdown_asyncgens();
    EXPECT_EQ(L.count("inner-closed"), 1);
    EXPECT_EQ(L.count("outer-closed"), 1);
    EXPECT_EQ(L.back(), "outer-closed");
    EXPECT_EQ(g.state(), agen::state::closed);
    EXPECT_EQ(loop.watched_count(), 1u); // the inner one was freed
  }(loop));
  EXPECT_TRUE(us.messages.empty());
}

// Like asyncio's, shutdown_asyncgens() leaves a generator its finalizer
// received to the close the finalizer scheduled (closing it too made that
// close fail with already_running).
TEST(FinalizationHooks,
     F12_shutdown_leaves_abandoned_generators_to_the_finalizer) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    {
      auto g = async_cleanup(L, loop);
      co_await g.next();
    } // abandoned: the finalizer schedules its aclose()
    co_await loop.shutdown_asyncgens();
    for (int i = 0; i < 20 && loop.watched_count() > 0; ++i)
      co_await loop.schedule();
    EXPECT_EQ(L.entries(), Strs({"cleanup", "cleanup2", "~s"}));
  }(loop));
  EXPECT_TRUE(us.messages.empty());
}

TEST(FinalizationHooks, F12_shutdown_reports_errors_and_closes_the_rest) {
  agen::event_loop loop;
  UnraisableScope us;
  run(loop, [](agen::event_loop &loop) -> agen::task<void> {
    Log L;
    auto bad = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "bad"};
      try {
        co_yield 1;
      } catch (const agen::generator_exit &) {
        throw CleanupError("cleanup failed");
      }
    };
    auto good = [&] AGEN_GENERATOR() -> agen::async_generator<int> {
      Spy s{L, "good"};
      co_yield 1;
    };
    auto b1 = good();
    auto x = bad();
    auto b2 = good();
    co_await b1.next();
    co_await x.next();
    co_await b2.next();
    co_await loop.shutdown_asyncgens(); // does not throw
    EXPECT_EQ(L.count("~good"), 2);
    EXPECT_EQ(L.count("~bad"), 1);
    EXPECT_EQ(x.state(), agen::state::closed);
    co_return;
  }(loop));
  EXPECT_EQ(us.messages.size(), 1u);
  EXPECT_EQ(only_error(us), "cleanup failed");
}

// ---- Death-test isolation for "never a crash" ------------------------------

/// A generator started on a loop that no longer exists is dropped: the
/// finalizer it captured belonged to that loop. Exits 0 only if the
/// generator's local was destroyed exactly once; a crash or a leak (ASan)
/// fails the test.
void drop_generator_that_outlived_its_loop() {
  Log L;
  agen::async_generator<int> g;
  {
    agen::event_loop loop;
    run(loop, [](agen::async_generator<int> &g, Log &L) -> agen::task<void> {
      g = spied(L);
      co_await g.next();
    }(g, L));
  }
  g = {};
  for (const std::string &e : L.entries())
    std::fprintf(stderr, "log: %s\n", e.c_str());
  std::exit(L.entries() == Strs({"~s"}) ? 0 : 1);
}

TEST(FinalizationHooksDeathTest,
     F5_generator_outliving_its_event_loop_closes_without_crashing) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(drop_generator_that_outlived_its_loop(),
              ::testing::ExitedWithCode(0), "");
}

} // namespace
