// Test harness for the runtime's behaviour tests: the checklist's Log, Spy,
// Counter, Event, ready(), spawn() and hook scopes, with lifetime counting
// instead of prints.
#pragma once

#include <agen/agen.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <coroutine>
#include <functional>
#include <initializer_list>
#include <string>
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

} // namespace agen_test
