/// \file
/// agen::task: a minimal lazy coroutine task, the usual consumer of async
/// generators in tests, examples and the event loop.
#pragma once

#include <coroutine>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>

namespace agen {

template <class T = void> class task;

namespace detail {

/// Hands control to whoever awaited the task, or nowhere if nobody did.
struct task_final_awaiter {
  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<>
  await_suspend(std::coroutine_handle<P> self) const noexcept {
    std::coroutine_handle<> next = self.promise().continuation_;
    return next ? next : std::noop_coroutine();
  }
  void await_resume() const noexcept {}
};

template <class T> class task_promise_base {
public:
  std::suspend_always initial_suspend() const noexcept { return {}; }
  task_final_awaiter final_suspend() const noexcept { return {}; }

  void unhandled_exception() noexcept {
    result_.template emplace<2>(std::current_exception());
  }

  std::coroutine_handle<> continuation_;
  bool started_ = false;

protected:
  using stored =
      std::conditional_t<std::is_reference_v<T>, std::add_pointer_t<T>, T>;
  std::variant<std::monostate, stored, std::exception_ptr> result_;

public:
  T result() {
    if (result_.index() == 2)
      std::rethrow_exception(std::get<2>(result_));
    if constexpr (std::is_reference_v<T>)
      return static_cast<T>(*std::get<1>(result_));
    else
      return std::move(std::get<1>(result_));
  }
};

template <class T> class task_promise : public task_promise_base<T> {
public:
  task<T> get_return_object() noexcept;
  template <class U>
    requires std::is_convertible_v<U &&, T>
  void return_value(U &&value) {
    if constexpr (std::is_reference_v<T>) {
      T ref = std::forward<U>(value);
      this->result_.template emplace<1>(std::addressof(ref));
    } else {
      this->result_.template emplace<1>(std::forward<U>(value));
    }
  }
};

template <>
class task_promise<void> : public task_promise_base<std::monostate> {
public:
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void result() {
    if (result_.index() == 2)
      std::rethrow_exception(std::get<2>(result_));
  }
};

} // namespace detail

/// A lazily started coroutine producing a `T`. Awaiting it (once, as an
/// rvalue) starts it and resumes the awaiter when it finishes, by symmetric
/// transfer. An exception escaping the body comes out of the co_await.
template <class T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : h_(h) {}
  task(task &&other) noexcept : h_(std::exchange(other.h_, {})) {}
  task &operator=(task &&other) noexcept {
    if (this != &other) {
      if (h_)
        h_.destroy();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() {
    if (h_)
      h_.destroy();
  }

  /// True once the body has finished (or for an empty task).
  bool done() const noexcept { return !h_ || h_.done(); }

  auto operator co_await() && noexcept {
    struct awaiter {
      handle_type h;
      bool await_ready() const noexcept { return !h || h.done(); }
      std::coroutine_handle<>
      await_suspend(std::coroutine_handle<> awaiting) noexcept {
        h.promise().continuation_ = awaiting;
        if (std::exchange(h.promise().started_, true))
          return std::noop_coroutine(); // start()ed: it resumes us when done
        return h;
      }
      T await_resume() { return h.promise().result(); }
    };
    return awaiter{h_};
  }

  /// Starts the body now, without an awaiter: it runs to its first
  /// suspension. The task still owns the frame; awaiting it later resumes
  /// the awaiter when the body finishes.
  void start() noexcept {
    if (h_ && !std::exchange(h_.promise().started_, true))
      h_.resume();
  }

  /// The result of a finished task. Precondition: done().
  T result() { return h_.promise().result(); }

private:
  handle_type h_;
};

template <class T>
task<T> detail::task_promise<T>::get_return_object() noexcept {
  return task<T>(task<T>::handle_type::from_promise(*this));
}

inline task<void> detail::task_promise<void>::get_return_object() noexcept {
  return task<void>(task<void>::handle_type::from_promise(*this));
}

} // namespace agen
