// The runtime hosts lowered frames (detail/lowered_host.hpp) behind the same
// async_generator handle, control block, hooks and errors as native mode.
// Each frame here is lowered by hand the way agen-rewrite will lower it; each
// scenario runs the native source and the lowered frame and compares traces.
#include "support.hpp"

#include <agen/detail/lowered_host.hpp>

#include <stdexcept>
#include <string>

namespace {

using namespace agen_test;
using agen::detail::lowered_control;
using agen::detail::manual;
using agen::detail::op_kind;

// ---- counter: a local with a destructor, an await and a yield in a loop ----

AGEN_GENERATOR agen::async_generator<int> counter(Log &L, Event &ev, int n) {
  Spy s{L, "s"};
  for (int i = 0; i < n; ++i) {
    co_await ev;
    co_yield i;
  }
  L("end");
}

struct counter_frame {
  Log *L;
  Event *ev;
  int n;

  using event_awaiter = decltype(std::declval<Event &>().operator co_await());
  int resume_point = 0; // 1: after co_await, 2: after co_yield, -1: done
  manual<Spy> s;
  bool s_live = false;
  int i = 0;
  manual<event_awaiter> await_ev;

  counter_frame(Log &log, Event &event, int count)
      : L(&log), ev(&event), n(count) {}
  counter_frame(const counter_frame &) = default;
  ~counter_frame() { destroy_locals(); }

  void agen_unwind() noexcept { destroy_locals(); }
  void destroy_locals() noexcept {
    if (std::exchange(s_live, false))
      s.destroy();
  }

  std::coroutine_handle<> agen_step(lowered_control<int, void> &cx) {
    try {
      switch (resume_point) {
      case 0:
        break;
      case 1:
        goto after_await;
      case 2:
        goto after_yield;
      default:
        return {};
      }
      s.construct(*L, "s");
      s_live = true;
      for (i = 0; i < n; ++i) {
        await_ev.construct_from([&] { return ev->operator co_await(); });
        if (!await_ev->await_ready()) {
          resume_point = 1;
          return cx.suspend_on(*await_ev);
        }
      after_await:
        await_ev->await_resume();
        await_ev.destroy();
        resume_point = 2;
        return cx.yield_value(&i); /* co_yield counter:5 */
      after_yield:
        switch (cx.resumed_by()) {
        case op_kind::raise:
          std::rethrow_exception(cx.take_exception());
        case op_kind::close: // no handler can see it: unwind directly
          destroy_locals();
          resume_point = -1;
          return {};
        default:
          break;
        }
      }
      (*L)("end");
      destroy_locals();
      resume_point = -1;
      return {};
    } catch (...) {
      destroy_locals();
      resume_point = -1;
      throw;
    }
  }
};

agen::async_generator<int> counter_lowered(Log &L, Event &ev, int n) {
  return agen::detail::host<int, void>(agen::detail::lowered<counter_frame>{},
                                       L, ev, n);
}

// ---- echo: asend, a context guard, a yield inside try/catch ----

AGEN_GENERATOR agen::async_generator<int, int> echo(Log &L) {
  CallbackGuard g{[&L] { L("S"); }, [&L] { L("R"); }};
  int v = co_yield 1;
  L("got " + std::to_string(v));
  try {
    v = co_yield v * 10;
  } catch (const std::runtime_error &e) {
    L(std::string("caught ") + e.what());
    v = -1;
  }
  co_yield v;
}

struct echo_frame {
  Log *L;

  int resume_point = 0;
  manual<CallbackGuard> g;
  bool g_live = false;
  int v = 0;

  explicit echo_frame(Log &log) : L(&log) {}
  echo_frame(const echo_frame &) = default;
  ~echo_frame() { destroy_locals(); }

  void agen_unwind() noexcept { destroy_locals(); }
  void destroy_locals() noexcept {
    if (std::exchange(g_live, false))
      g.destroy();
  }

  // Guards are called statically around every suspension, unless another
  // guard registered with the frame (then the registry calls them all).
  std::coroutine_handle<> suspend_yield(lowered_control<int, int> &cx,
                                        int *value, int point) {
    resume_point = point;
    if (cx.calls_guards_statically())
      g->on_suspend();
    return cx.yield_value(value);
  }
  static void resume_guard(lowered_control<int, int> &cx,
                           CallbackGuard &guard) {
    if (cx.calls_guards_statically())
      guard.on_resume();
  }

  std::coroutine_handle<> agen_step(lowered_control<int, int> &cx) {
    try {
      switch (resume_point) {
      case 0:
        break;
      case 1:
        goto after_yield_1;
      case 2:
        goto after_yield_2;
      case 3:
        goto after_yield_3;
      default:
        return {};
      }
      agen::detail::static_guard(
          g.construct([L = L] { (*L)("S"); }, [L = L] { (*L)("R"); }));
      g_live = true;
      v = 1;
      return suspend_yield(cx, &v, 1);
    after_yield_1:
      resume_guard(cx, *g);
      if (cx.resumed_by() == op_kind::raise)
        std::rethrow_exception(cx.take_exception());
      if (cx.resumed_by() == op_kind::close)
        return close_directly();
      v = cx.take_sent();
      (*L)("got " + std::to_string(v));
      v *= 10;
      return suspend_yield(cx, &v, 2);
    after_yield_2:
      resume_guard(cx, *g);
      try { // the rest of the try block after its co_yield
        if (cx.resumed_by() == op_kind::raise)
          std::rethrow_exception(cx.take_exception());
        if (cx.resumed_by() == op_kind::close)
          return close_directly(); // catch (runtime_error) cannot see it
        v = cx.take_sent();
      } catch (const std::runtime_error &e) {
        (*L)(std::string("caught ") + e.what());
        v = -1;
      }
      return suspend_yield(cx, &v, 3);
    after_yield_3:
      resume_guard(cx, *g);
      if (cx.resumed_by() == op_kind::raise)
        std::rethrow_exception(cx.take_exception());
      if (cx.resumed_by() == op_kind::close)
        return close_directly();
      destroy_locals();
      resume_point = -1;
      return {};
    } catch (...) {
      destroy_locals();
      resume_point = -1;
      throw;
    }
  }

  std::coroutine_handle<> close_directly() noexcept {
    destroy_locals();
    resume_point = -1;
    return {};
  }
};

agen::async_generator<int, int> echo_lowered(Log &L) {
  return agen::detail::host<int, int>(agen::detail::lowered<echo_frame>{}, L);
}

// ---- scenarios: each records a trace; native is the oracle ----

using counter_fn = agen::async_generator<int> (*)(Log &, Event &, int);
using echo_fn = agen::async_generator<int, int> (*)(Log &);

Log iterate_with_suspending_awaits(counter_fn make) {
  agen::event_loop loop;
  return run(loop, [](counter_fn make) -> agen::task<Log> {
    Log L;
    Event ev;
    auto g = make(L, ev, 3);
    auto pending = spawn(g.next());
    L(pending.done() ? "done early" : "pending");
    L(g.state() == agen::state::running ? "running" : "not running");
    ev.set(); // from now on every await completes without suspending
    while (auto r = co_await std::move(pending)) {
      L("value " + std::to_string(*r));
      pending = spawn(g.next());
    }
    L(g.state() == agen::state::closed ? "closed" : "open");
    co_return L;
  }(make));
}

Log close_athrow_and_drop(counter_fn make) {
  agen::event_loop loop;
  return run(loop, [](counter_fn make) -> agen::task<Log> {
    Log L;
    Event ev;
    ev.set();
    {
      auto g = make(L, ev, 5);
      L("first " + std::to_string(*co_await g.next()));
      co_await g.aclose();
      L("closed");
      L((co_await g.next()) ? "value" : "end");
    }
    {
      auto g = make(L, ev, 5);
      co_await g.next();
      try {
        co_await g.athrow(std::make_exception_ptr(std::runtime_error("boom")));
      } catch (const std::runtime_error &e) {
        L(std::string("athrow: ") + e.what());
      }
    }
    {
      HooksScope no_finalizer(nullptr, nullptr);
      auto g = make(L, ev, 5);
      co_await g.next();
      L("dropping");
    }
    L("dropped");
    co_return L;
  }(make));
}

Log hooks_and_reentry(counter_fn make) {
  agen::event_loop loop;
  return run(loop, [](counter_fn make) -> agen::task<Log> {
    Log L;
    Event ev;
    int firstiter = 0;
    std::vector<agen::any_async_generator> parked;
    HooksScope hooks([&](const agen::generator_ref &) { ++firstiter; },
                     [&](agen::any_async_generator g) {
                       L("finalizer");
                       parked.push_back(std::move(g));
                     });
    {
      auto g = make(L, ev, 5);
      auto pending = spawn(g.next());
      try {
        co_await g.next();
      } catch (const agen::already_running &) {
        L("already running");
      }
      ev.set();
      L("value " + std::to_string(*co_await std::move(pending)));
    }
    L("firstiter " + std::to_string(firstiter));
    co_await parked.at(0).aclose();
    co_return L;
  }(make));
}

Log send_guard_and_catch(echo_fn make, bool throw_at_second) {
  agen::event_loop loop;
  return run(loop, [](echo_fn make, bool throw_at_second) -> agen::task<Log> {
    Log L;
    auto g = make(L);
    L("y " + std::to_string(*co_await g.next()));
    L("y " + std::to_string(*co_await g.asend(7)));
    auto r = throw_at_second ? co_await g.athrow(std::make_exception_ptr(
                                   std::runtime_error("bad")))
                             : co_await g.asend(3);
    L("y " + std::to_string(*r));
    L((co_await g.next()) ? "value" : "end");
    co_return L;
  }(make, throw_at_second));
}

Log guard_on_close(echo_fn make) {
  agen::event_loop loop;
  return run(loop, [](echo_fn make) -> agen::task<Log> {
    Log L;
    auto g = make(L);
    co_await g.next();
    co_await g.aclose();
    L("closed");
    co_return L;
  }(make));
}

TEST(LoweredHost, hand_lowered_counter_iterates_like_native) {
  const Log native = iterate_with_suspending_awaits(counter);
  EXPECT_EQ(iterate_with_suspending_awaits(counter_lowered), native);
  EXPECT_TRUE(native == (std::initializer_list<std::string>{
                            "pending", "running", "value 0", "value 1",
                            "value 2", "end", "~s", "closed"}));
}

TEST(LoweredHost, hand_lowered_counter_closes_throws_and_drops_like_native) {
  const Log native = close_athrow_and_drop(counter);
  EXPECT_EQ(close_athrow_and_drop(counter_lowered), native);
  EXPECT_TRUE(native == (std::initializer_list<std::string>{
                            "first 0", "~s", "closed", "end", "~s",
                            "athrow: boom", "dropping", "~s", "dropped"}));
}

TEST(LoweredHost, hand_lowered_counter_shares_hooks_and_running_checks) {
  const Log native = hooks_and_reentry(counter);
  EXPECT_EQ(hooks_and_reentry(counter_lowered), native);
  EXPECT_TRUE(native == (std::initializer_list<std::string>{
                            "already running", "value 0", "finalizer",
                            "firstiter 1", "~s"}));
}

TEST(LoweredHost, hand_lowered_echo_sends_and_brackets_guards_like_native) {
  const Log native = send_guard_and_catch(echo, false);
  EXPECT_EQ(send_guard_and_catch(echo_lowered, false), native);
  EXPECT_TRUE(native == (std::initializer_list<std::string>{
                            "S", "y 1", "R", "got 7", "S", "y 70", "R", "S",
                            "y 3", "R", "end"}));
}

TEST(LoweredHost, hand_lowered_echo_catches_athrow_like_native) {
  const Log native = send_guard_and_catch(echo, true);
  EXPECT_EQ(send_guard_and_catch(echo_lowered, true), native);
  EXPECT_TRUE(native.contains("caught bad"));
}

TEST(LoweredHost, hand_lowered_echo_closes_with_guard_resumed_like_native) {
  const Log native = guard_on_close(echo);
  EXPECT_EQ(guard_on_close(echo_lowered), native);
  EXPECT_TRUE(native ==
              (std::initializer_list<std::string>{"S", "R", "closed"}));
}

} // namespace
