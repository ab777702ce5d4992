/// \file
/// Hosts a lowered generator frame (what agen-rewrite and the plugin emit) in
/// a tiny real coroutine, so that the handle, the hooks, the errors and every
/// awaiter the body uses see exactly what they see in native mode: the same
/// async_generator, the same control block, and a genuine coroutine_handle.
///
/// A lowered frame is a class with the generator's parameter copies, its
/// hoisted locals (in manual<T>) and a resume point, and a member
///   std::coroutine_handle<> step(lowered_control<Yield, Send> &cx);
/// that runs the body from its resume point and returns where control goes:
///   - `return cx.yield_value(&v);` at a co_yield (resume point set first);
///   - `return cx.suspend_on(awaiter);` at a co_await whose await_ready() was
///     false (resume point set and guards suspended first);
///   - `return {};` when the body has finished;
///   - or throws what escapes the body.
/// Its destructor destroys the hoisted locals live at its resume point, in
/// reverse order; parameter copies, being members, die after them.
///
/// step() runs inside await_suspend of the host coroutine, so the host is
/// formally suspended while body code runs and any awaiter may resume it.
/// The generated function returns
///   agen::detail::host<Yield, Send>(agen::detail::lowered<Frame>{{args...}});
#pragma once

#include <agen/async_generator.hpp>
#include <agen/detail/generator_control.hpp>

#include <coroutine>
#include <exception>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace agen::detail {

/// Storage for a hoisted local whose lifetime the lowered code manages.
/// Copying a manual<T> copies nothing: frames are only moved before they
/// start, when nothing is live.
template <class T> class manual {
public:
  manual() noexcept = default;
  manual(const manual &) noexcept {}
  manual &operator=(const manual &) = delete;

  template <class... Args> T &construct(Args &&...args) {
    return *::new (static_cast<void *>(storage_))
        T(std::forward<Args>(args)...);
  }
  /// Constructs from what `make()` returns, with guaranteed copy elision (for
  /// awaiters and other immovable prvalues).
  template <class Make> T &construct_from(Make &&make) {
    return *::new (static_cast<void *>(storage_)) T(std::forward<Make>(make)());
  }
  void destroy() noexcept { get()->~T(); }

  T *get() noexcept { return std::launder(reinterpret_cast<T *>(storage_)); }
  T &operator*() noexcept { return *get(); }
  T *operator->() noexcept { return get(); }

private:
  alignas(T) unsigned char storage_[sizeof(T)];
};

/// The host coroutine's parameter: the lowered frame itself.
template <class Frame> struct lowered {
  Frame frame;
};

/// What a lowered frame's step() talks to.
template <class Yield, class Send>
class lowered_control : public generator_control {
public:
  using pointer = typename next_result<Yield>::pointer;

  /// At a co_yield: suspend with `*value` (see generator_control::yield).
  std::coroutine_handle<> yield_value(pointer value) noexcept {
    return yield(erase_pointer(value));
  }

  /// After resuming at a co_yield: how the consumer resumed the frame.
  op_kind resumed_by() const noexcept { return op->kind; }
  /// athrow's exception, to raise at the co_yield.
  std::exception_ptr take_exception() noexcept {
    return std::exchange(op->exception, nullptr);
  }
  /// The value of the co_yield expression: asend's value, else Send{}.
  template <class S = Send>
    requires(!std::is_void_v<S>)
  S take_sent() {
    if (op->kind == op_kind::send)
      return std::move(*static_cast<S *>(op->send_value));
    return S{};
  }

  /// At a co_await whose await_ready() was false. The frame must not be
  /// touched after this returns: the awaiter may already have resumed it.
  template <class Awaiter>
  std::coroutine_handle<> suspend_on(Awaiter &awaiter) {
    leave();
    std::coroutine_handle<> self = frame;
    try {
      using result = decltype(awaiter.await_suspend(self));
      if constexpr (std::is_void_v<result>) {
        awaiter.await_suspend(self);
        return std::noop_coroutine();
      } else if constexpr (std::is_same_v<result, bool>) {
        return awaiter.await_suspend(self) ? std::noop_coroutine() : self;
      } else {
        return awaiter.await_suspend(self);
      }
    } catch (...) {
      enter(); // not suspended after all: the body continues with the error
      throw;
    }
  }
};

template <class Yield, class Send, class Frame>
class lowered_promise final : public lowered_control<Yield, Send> {
public:
  explicit lowered_promise(lowered<Frame> &body) noexcept : body_(&body.frame) {
    this->disable_native_guards();
  }

  async_generator<Yield, Send> get_return_object() noexcept {
    this->frame = std::coroutine_handle<lowered_promise>::from_promise(*this);
    return async_generator<Yield, Send>(*this);
  }
  std::suspend_always initial_suspend() const noexcept { return {}; }
  finish_awaiter final_suspend() noexcept { return {*this}; }
  void unhandled_exception() noexcept { this->fail(std::current_exception()); }
  void return_void() noexcept {}

  /// One run of the body, from inside the host's await_suspend.
  std::coroutine_handle<> step() {
    this->enter();
    std::coroutine_handle<> next = body_->step(*this);
    if (next)
      return next;
    finished_ = true; // resume the host so that it reaches final_suspend
    return this->frame;
  }
  bool finished() const noexcept { return finished_; }

private:
  Frame *body_;
  bool finished_ = false;
};

/// The host's only await: runs the frame; true while the body is not done.
template <class Promise> struct run_lowered_step {
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) {
    promise_ = &h.promise();
    return promise_->step();
  }
  bool await_resume() const noexcept { return !promise_->finished(); }

  Promise *promise_ = nullptr;
};

} // namespace agen::detail

template <class Yield, class Send, class Frame, class... Rest>
struct std::coroutine_traits<agen::async_generator<Yield, Send>,
                             agen::detail::lowered<Frame>, Rest...> {
  using promise_type = agen::detail::lowered_promise<Yield, Send, Frame>;
};

namespace agen::detail {

/// The coroutine that hosts a lowered frame: one per generator call.
template <class Yield, class Send, class Frame>
async_generator<Yield, Send> host(lowered<Frame> body) {
  (void)body; // the promise runs it
  // Not `while (co_await ...)`: g++-12 miscompiles an await in a loop
  // condition (SPEC §8).
  for (;;) {
    const bool more =
        co_await run_lowered_step<lowered_promise<Yield, Send, Frame>>{};
    if (!more)
      co_return;
  }
}

} // namespace agen::detail
