// Test harness for the runtime's behaviour tests: the checklist's Log, Spy,
// Counter, Event, ready(), spawn() and hook scopes, with lifetime counting
// instead of prints; the shared error types, result and exception helpers,
// and run_test(), which runs a capture-free test body to its end.
#pragma once

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <coroutine>
#include <exception>
#include <functional>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace agen_test {

/// An ordered record of what happened.
class Log {
public:
  void operator()(std::string entry) { entries_.push_back(std::move(entry)); }
  bool contains(const std::string &e) const {
    return std::find(entries_.begin(), entries_.end(), e) != entries_.end();
  }
  long count(const std::string &e) const {
    return std::count(entries_.begin(), entries_.end(), e);
  }
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  const std::string &back() const { return entries_.back(); }
  const std::vector<std::string> &entries() const { return entries_; }
  bool operator==(const Log &) const = default;
  bool operator==(std::initializer_list<std::string> expected) const {
    return std::equal(entries_.begin(), entries_.end(), expected.begin(),
                      expected.end());
  }
  friend void PrintTo(const Log &log, std::ostream *os) {
    *os << '{';
    for (const auto &e : log.entries_)
      *os << '"' << e << "\",";
    *os << '}';
  }

private:
  std::vector<std::string> entries_;
};

/// Logs "~name" when destroyed, unless moved from.
class Spy {
public:
  Spy(Log &log, std::string name) : log_(&log), name_(std::move(name)) {}
  Spy(Spy &&other) noexcept
      : log_(std::exchange(other.log_, nullptr)),
        name_(std::move(other.name_)) {}
  Spy(const Spy &) = delete;
  Spy &operator=(const Spy &) = delete;
  ~Spy() {
    if (log_ != nullptr)
      (*log_)("~" + name_);
  }

private:
  Log *log_;
  std::string name_;
};

/// Increments a counter when destroyed.
class Counter {
public:
  explicit Counter(int &n) : n_(n) {}
  Counter(const Counter &) = delete;
  Counter &operator=(const Counter &) = delete;
  ~Counter() { ++n_; }

private:
  int &n_;
};

/// `co_await ev` suspends until set(); set() resumes the waiters inline.
class Event {
public:
  bool is_set() const noexcept { return set_; }
  void set() {
    set_ = true;
    for (auto waiters = std::exchange(waiters_, {}); auto h : waiters)
      h.resume();
  }
  auto operator co_await() noexcept {
    struct awaiter {
      Event &ev;
      bool await_ready() const noexcept { return ev.set_; }
      void await_suspend(std::coroutine_handle<> h) {
        ev.waiters_.push_back(h);
      }
      void await_resume() const noexcept {}
    };
    return awaiter{*this};
  }

private:
  bool set_ = false;
  std::vector<std::coroutine_handle<>> waiters_;
};

/// Completes without suspending (await_ready() is true) with `value`.
template <class T> auto ready(T value) {
  struct awaiter {
    T value;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    T await_resume() { return std::move(value); }
  };
  return awaiter{std::move(value)};
}

/// Starts an awaitable now, to its first suspension. The returned task has
/// done(), and `co_await std::move(h)` gives the result or rethrows.
template <class A> agen::task<agen::detail::await_result_t<A>> spawn_impl(A a) {
  co_return co_await std::move(a);
}
template <class A> auto spawn(A &&a) {
  auto t = spawn_impl<std::remove_cvref_t<A>>(std::forward<A>(a));
  t.start();
  return t;
}

/// Installs hooks for its scope, restoring the previous ones after.
class HooksScope {
public:
  HooksScope(std::function<void(const agen::generator_ref &)> firstiter,
             std::function<void(agen::any_async_generator)> finalizer)
      : previous_(agen::set_asyncgen_hooks(
            {std::move(firstiter), std::move(finalizer)})) {}
  HooksScope(const HooksScope &) = delete;
  HooksScope &operator=(const HooksScope &) = delete;
  ~HooksScope() { agen::set_asyncgen_hooks(std::move(previous_)); }

private:
  agen::asyncgen_hooks previous_;
};

/// Collects unraisable reports for its scope; restores the default after.
class UnraisableScope {
public:
  UnraisableScope() {
    agen::set_unraisable_hook([this](std::exception_ptr e, std::string_view m) {
      messages.emplace_back(m);
      errors.push_back(std::move(e));
    });
  }
  UnraisableScope(const UnraisableScope &) = delete;
  UnraisableScope &operator=(const UnraisableScope &) = delete;
  ~UnraisableScope() { agen::set_unraisable_hook(nullptr); }

  std::vector<std::string> messages;
  std::vector<std::exception_ptr> errors;
};

/// A context guard that calls two functions (the checklist's ContextGuard).
class CallbackGuard final : public agen::context_guard {
public:
  CallbackGuard(std::function<void()> suspend, std::function<void()> resume)
      : suspend_(std::move(suspend)), resume_(std::move(resume)) {}
  void on_suspend() noexcept override { suspend_(); }
  void on_resume() noexcept override { resume_(); }

private:
  std::function<void()> suspend_;
  std::function<void()> resume_;
};

/// Runs a test body on a fresh event loop (its hooks installed) to the end.
template <class T> T run(agen::event_loop &loop, agen::task<T> body) {
  return loop.run_until_complete(std::move(body));
}

/// Awaits `body`, then gives true: tells run_test() the body ran to its end.
inline agen::task<bool> completed(agen::task<void> body) {
  co_await std::move(body);
  co_return true;
}

/// Runs a capture-free test body on a fresh event loop (its hooks installed)
/// and fails the test if the body did not run to its end (a stuck body would
/// otherwise pass silently: run_until_complete returns when the loop runs dry).
template <class Body> void run_test(Body body) {
  static_assert(std::is_empty_v<Body>, "test bodies must capture nothing");
  agen::event_loop loop;
  EXPECT_TRUE(run(loop, completed(body(loop))))
      << "the test body did not run to completion";
}

/// Thrown by test bodies; what() is "SomeError".
struct SomeError : std::runtime_error {
  SomeError() : std::runtime_error("SomeError") {}
};

/// Thrown by test bodies (the checklist's ZeroDivisionError); what() is
/// "ZeroDiv".
struct ZeroDiv : std::runtime_error {
  ZeroDiv() : std::runtime_error("ZeroDiv") {}
};

/// Thrown by test bodies; what() is "ValueError".
struct ValueError : std::runtime_error {
  ValueError() : std::runtime_error("ValueError") {}
};

/// Thrown by a generator's cleanup; what() is "CleanupError".
struct CleanupError : std::runtime_error {
  CleanupError() : std::runtime_error("CleanupError") {}
};

/// An exception type unrelated to std::exception.
struct MyExc {};

/// The yielded value, copied out, or nullopt at end of iteration.
template <class Y>
std::optional<std::remove_cvref_t<Y>> value_of(const agen::next_result<Y> &r) {
  if (r)
    return *r;
  return std::nullopt;
}

/// The yielded value, or -999 at end of iteration (for readable failures).
inline int val(const agen::next_result<int> &r) { return r ? *r : -999; }

/// True if `e` holds an E; false if it is null or holds something else.
template <class E> bool holds(const std::exception_ptr &e) {
  if (!e)
    return false;
  try {
    std::rethrow_exception(e);
  } catch (const E &) {
    return true;
  } catch (...) {
    return false;
  }
}

/// "threw" when `e` holds an E, else what it holds.
template <class E> std::string classify(const std::exception_ptr &e) {
  try {
    std::rethrow_exception(e);
  } catch (const E &) {
    return "threw";
  } catch (...) {
  }
  try {
    std::rethrow_exception(e);
  } catch (const std::exception &x) {
    return std::string("other std::exception: ") + x.what();
  } catch (const agen::generator_exit &) {
    return "other: generator_exit";
  } catch (...) {
    return "other exception";
  }
}

/// Awaits `op` and tells how it ended: "threw" (an E), "completed", or what
/// else was thrown.
template <class E, class Op> agen::task<std::string> outcome_of(Op op) {
  std::exception_ptr e;
  try {
    co_await std::move(op);
  } catch (...) {
    e = std::current_exception();
  }
  co_return e ? classify<E>(e) : std::string("completed");
}

/// sleep(d), then throw ZeroDiv (the checklist's sleep_n_crash).
inline agen::task<void> sleep_n_crash(agen::event_loop &loop,
                                      std::chrono::milliseconds d) {
  co_await loop.sleep_for(d);
  throw ZeroDiv{};
}

/// Yields 1, then 2.
inline agen::async_generator<int> gen12() {
  co_yield 1;
  co_yield 2;
}

} // namespace agen_test
