/// \file
/// agen::sync_wait: blocks the calling thread until an awaitable completes.
#pragma once

#include <agen/detail/awaiter_traits.hpp>

#include <condition_variable>
#include <coroutine>
#include <exception>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <variant>

namespace agen {

namespace detail {

struct completion_latch {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;

  void set() noexcept {
    std::lock_guard lock(mutex); // notify under the lock: the waiter frees
    done = true;                 // the latch as soon as it wakes
    cv.notify_one();
  }
  void wait() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [this] { return done; });
  }
};

/// The coroutine sync_wait drives: it awaits the user's awaitable, keeps the
/// outcome, and releases the waiting thread only after the outcome is stored.
template <class T> class sync_wait_frame {
public:
  struct promise_type {
    using stored =
        std::conditional_t<std::is_reference_v<T>, std::add_pointer_t<T>, T>;
    completion_latch *latch = nullptr;
    std::variant<std::monostate,
                 std::conditional_t<std::is_void_v<T>, std::monostate, stored>,
                 std::exception_ptr>
        outcome;

    sync_wait_frame get_return_object() noexcept {
      return sync_wait_frame(
          std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    auto final_suspend() const noexcept {
      struct awaiter {
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<promise_type> self) noexcept {
          self.promise().latch->set();
        }
        void await_resume() const noexcept {}
      };
      return awaiter{};
    }
    void unhandled_exception() noexcept {
      outcome.template emplace<2>(std::current_exception());
    }
    template <class U> std::suspend_never yield_value(U &&value) noexcept {
      if constexpr (std::is_reference_v<T>)
        outcome.template emplace<1>(std::addressof(value));
      else
        outcome.template emplace<1>(std::forward<U>(value));
      return {};
    }
    void return_void() noexcept {}
  };

  explicit sync_wait_frame(std::coroutine_handle<promise_type> h) noexcept
      : h_(h) {}
  sync_wait_frame(const sync_wait_frame &) = delete;
  sync_wait_frame &operator=(const sync_wait_frame &) = delete;
  ~sync_wait_frame() { h_.destroy(); }

  T run(completion_latch &latch) {
    h_.promise().latch = &latch;
    h_.resume();
    latch.wait();
    auto &outcome = h_.promise().outcome;
    if (outcome.index() == 2)
      std::rethrow_exception(std::get<2>(outcome));
    if constexpr (std::is_reference_v<T>)
      return static_cast<T>(*std::get<1>(outcome));
    else if constexpr (!std::is_void_v<T>)
      return std::move(std::get<1>(outcome));
  }

private:
  std::coroutine_handle<promise_type> h_;
};

template <class T, class A> sync_wait_frame<T> make_sync_wait_frame(A &&a) {
  if constexpr (std::is_void_v<T>)
    co_await std::forward<A>(a);
  else
    co_yield co_await std::forward<A>(a); // the value outlives the yield
}

} // namespace detail

/// Runs `awaitable` to completion on the calling thread (it may complete on
/// another thread) and returns its result or rethrows its exception.
template <class A> decltype(auto) sync_wait(A &&awaitable) {
  using result_type = detail::await_result_t<A>;
  detail::completion_latch latch;
  auto frame =
      detail::make_sync_wait_frame<result_type>(std::forward<A>(awaitable));
  return frame.run(latch);
}

} // namespace agen
