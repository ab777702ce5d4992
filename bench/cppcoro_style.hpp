/// \file
/// The yardstick of SPEC §9: a minimal cppcoro-style async generator, "the best
/// native design". It is what cppcoro::async_generator does on its fast path
/// and nothing more:
///   - symmetric transfer both ways (next() -> body, co_yield -> consumer),
///   - the yielded value passed by pointer (no copy, no optional),
///   - no state checks: no running/closed/created state, no hooks, no context
///     guards, no aclose, no already_running detection. Calling next() after
///     the end is undefined behaviour, exactly as resuming a finished cppcoro
///     generator is.
/// It keeps exception propagation (an exception escaping the body comes out of
/// next()), since every real generator must have that.
///
/// Bench-only code: agen's runtime must not depend on it.
#pragma once

#include <coroutine>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace agen_bench::cppcoro_style {

template <class T> class async_generator;

template <class T> class promise {
public:
  async_generator<T> get_return_object() noexcept;

  std::suspend_always initial_suspend() const noexcept { return {}; }

  auto final_suspend() noexcept {
    struct awaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<promise> self) noexcept {
        return self.promise().consumer_;
      }
      void await_resume() const noexcept {}
    };
    return awaiter{};
  }

  struct yield_awaiter {
    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<>
    await_suspend(std::coroutine_handle<promise> self) noexcept {
      return self.promise().consumer_;
    }
    void await_resume() const noexcept {}
  };

  yield_awaiter yield_value(T &value) noexcept {
    value_ = std::addressof(value);
    return {};
  }
  yield_awaiter yield_value(T &&value) noexcept {
    value_ = std::addressof(value);
    return {};
  }

  void return_void() noexcept { value_ = nullptr; }
  void unhandled_exception() noexcept {
    value_ = nullptr;
    error_ = std::current_exception();
  }

  T *value_ = nullptr;
  std::coroutine_handle<> consumer_;
  std::exception_ptr error_;
};

/// Move-only owner of the frame. `co_await g.next()` gives a pointer to the
/// yielded value, or null at the end.
template <class T> class [[nodiscard]] async_generator {
public:
  using promise_type = promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;

  explicit async_generator(handle_type h) noexcept : h_(h) {}
  async_generator(async_generator &&other) noexcept
      : h_(std::exchange(other.h_, {})) {}
  async_generator &operator=(async_generator &&) = delete;
  ~async_generator() {
    if (h_)
      h_.destroy();
  }

  auto next() noexcept {
    struct awaiter {
      handle_type h;
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<> consumer) noexcept {
        h.promise().consumer_ = consumer;
        return h;
      }
      T *await_resume() {
        if (h.promise().error_)
          std::rethrow_exception(h.promise().error_);
        return h.promise().value_;
      }
    };
    return awaiter{h_};
  }

private:
  handle_type h_;
};

template <class T> async_generator<T> promise<T>::get_return_object() noexcept {
  return async_generator<T>(
      std::coroutine_handle<promise>::from_promise(*this));
}

} // namespace agen_bench::cppcoro_style
