/// \file
/// agen::event_loop: a single-threaded event loop that, like asyncio, owns
/// the asyncgen hooks while it runs: it keeps a weak registry of the
/// generators it saw start, schedules aclose() of abandoned ones, and closes
/// the rest on shutdown_asyncgens().
#pragma once

#include <agen/any_async_generator.hpp>
#include <agen/asyncgen_hooks.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/detail/generator_registry.hpp>
#include <agen/generator_ref.hpp>
#include <agen/task.hpp>
#include <agen/unraisable.hpp>

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <utility>
#include <vector>

namespace agen {

/// Runs coroutines on the calling thread. Only its finalizer hook may be
/// called from other threads (a generator dropped elsewhere is closed on the
/// loop's thread); everything else is for the thread that runs it.
class event_loop final {
public:
  using clock = std::chrono::steady_clock;

  event_loop() = default;
  event_loop(const event_loop &) = delete;
  event_loop &operator=(const event_loop &) = delete;

  /// First finishes closing the generators its finalizer received: runs
  /// the loop (hooks installed) while such a close is pending and something
  /// is queued or timed that could advance it. Then generators it watched
  /// that are still alive lose this loop's finalizer: dropping one later
  /// closes it synchronously. Spawned tasks still suspended are freed (they
  /// can only wait on this loop's queue or timers). Destroy the loop only
  /// once no other thread can drop its generators.
  ~event_loop() {
    {
      hooks_scope hooks(*this);
      close_abandoned_generators();
      while (closing_ > 0 && turn()) {
      }
    }
    registry_.detach_all();
    std::vector<any_async_generator> abandoned;
    {
      std::lock_guard lock(remote_mutex_);
      abandoned.swap(abandoned_);
    }
    abandoned.clear();
    spawned_.clear();
  }

  /// `co_await loop.schedule()` resumes the awaiter at the loop's next turn.
  auto schedule() noexcept {
    struct awaiter {
      event_loop &loop;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) {
        loop.ready_.push_back(h);
      }
      void await_resume() const noexcept {}
    };
    return awaiter{*this};
  }

  /// `co_await loop.sleep_for(d)` resumes the awaiter on the loop after `d`.
  auto sleep_for(clock::duration d) noexcept {
    struct awaiter {
      event_loop &loop;
      clock::time_point deadline;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) {
        loop.timers_.push(timer{deadline, loop.timer_seq_++, h});
      }
      void await_resume() const noexcept {}
    };
    return awaiter{*this, clock::now() + d};
  }

  /// Runs `fn` at the loop's next turn.
  void post(std::function<void()> fn) { callbacks_.push_back(std::move(fn)); }

  /// Starts `t` at the loop's next turn (like asyncio's create_task) and
  /// keeps it alive until it finishes; an exception escaping it goes to the
  /// unraisable hook.
  void spawn(task<void> t) {
    task<void> &guarded = spawned_.emplace_back(guard_task(std::move(t)));
    callbacks_.emplace_back([&guarded] { guarded.start(); });
  }

  /// Runs the loop, with its hooks installed, until `t` completes, and
  /// returns its result.
  /// Throws std::logic_error if `t` is suspended with nothing left that
  /// could resume it.
  template <class T> T run_until_complete(task<T> t) {
    hooks_scope hooks(*this);
    t.start();
    while (!t.done()) {
      if (!turn())
        detail::throw_error(
            std::logic_error("event_loop::run_until_complete: the task is "
                             "suspended and nothing is scheduled"));
    }
    return t.result();
  }

  /// Runs, with its hooks installed, until no work is queued or pending.
  void run() {
    hooks_scope hooks(*this);
    while (turn()) {
    }
  }

  /// Closes every generator this loop saw start that is still open, one by
  /// one; errors go to the unraisable hook. A second call finds none.
  task<void> shutdown_asyncgens() { return registry_.close_all(); }

  /// Generators this loop saw start that still exist.
  std::size_t watched_count() const noexcept { return registry_.size(); }

private:
  struct timer {
    clock::time_point deadline;
    unsigned long long seq;
    std::coroutine_handle<> h;
    bool operator>(const timer &o) const noexcept {
      return deadline != o.deadline ? deadline > o.deadline : seq > o.seq;
    }
  };

  class hooks_scope {
  public:
    explicit hooks_scope(event_loop &loop)
        : previous_(set_asyncgen_hooks(
              {[&loop](const generator_ref &g) { loop.registry_.watch(g); },
               [&loop](any_async_generator g) {
                 loop.abandon(std::move(g));
               }})) {}
    hooks_scope(const hooks_scope &) = delete;
    hooks_scope &operator=(const hooks_scope &) = delete;
    ~hooks_scope() { set_asyncgen_hooks(std::move(previous_)); }

  private:
    asyncgen_hooks previous_;
  };

  static task<void> guard_task(task<void> t) {
    AGEN_TRY { co_await std::move(t); }
    AGEN_CATCH(...) {
      detail::report_unraisable(
          std::current_exception(),
          "unhandled exception in a task spawned on the loop");
    }
  }

  /// The finalizer: may run on any thread.
  void abandon(any_async_generator g) {
    {
      std::lock_guard lock(remote_mutex_);
      abandoned_.push_back(std::move(g));
    }
    remote_cv_.notify_one();
  }

  void close_abandoned_generators() {
    std::vector<any_async_generator> abandoned;
    {
      std::lock_guard lock(remote_mutex_);
      abandoned.swap(abandoned_);
    }
    for (any_async_generator &g : abandoned) {
      ++closing_;
      spawn(close_abandoned(std::move(g)));
    }
  }

  task<void> close_abandoned(any_async_generator g) {
    co_await detail::close_abandoned(std::move(g));
    --closing_;
  }

  void reap() {
    spawned_.remove_if([](const task<void> &t) { return t.done(); });
  }

  /// One turn: ready coroutines and callbacks queued before it, then due
  /// timers. Sleeps until the next timer when nothing is ready. Returns
  /// false when there is nothing left to do.
  bool turn() {
    close_abandoned_generators();
    if (ready_.empty() && callbacks_.empty()) {
      if (timers_.empty())
        return false;
      {
        std::unique_lock lock(remote_mutex_);
        remote_cv_.wait_until(lock, timers_.top().deadline,
                              [this] { return !abandoned_.empty(); });
      }
      close_abandoned_generators();
    }
    for (std::size_t n = ready_.size(); n > 0; --n) {
      std::coroutine_handle<> h = ready_.front();
      ready_.pop_front();
      h.resume();
    }
    for (std::size_t n = callbacks_.size(); n > 0; --n) {
      std::function<void()> fn = std::move(callbacks_.front());
      callbacks_.pop_front();
      fn();
    }
    for (auto now = clock::now();
         !timers_.empty() && timers_.top().deadline <= now;) {
      std::coroutine_handle<> h = timers_.top().h;
      timers_.pop();
      h.resume();
    }
    reap();
    return true;
  }

  detail::generator_registry registry_;
  std::deque<std::coroutine_handle<>> ready_;
  std::deque<std::function<void()>> callbacks_;
  std::priority_queue<timer, std::vector<timer>, std::greater<>> timers_;
  unsigned long long timer_seq_ = 0;
  std::list<task<void>> spawned_;
  std::size_t closing_ = 0; // closes of abandoned generators under way
  std::mutex remote_mutex_;
  std::condition_variable remote_cv_;
  std::vector<any_async_generator> abandoned_; // guarded by remote_mutex_
};

} // namespace agen
