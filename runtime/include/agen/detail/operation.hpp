/// \file
/// The consumer side of next/asend/athrow/aclose: awaiters that validate the
/// request, run the first-iteration hook, and transfer into the frame
/// (symmetric transfer, no allocation). Shared by async_generator and
/// any_async_generator, and independent of how the frame was produced.
#pragma once

#include <agen/already_running.hpp>
#include <agen/asyncgen_hooks.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/detail/generator_control.hpp>
#include <agen/generator_ref.hpp>
#include <agen/next_result.hpp>

#include <coroutine>
#include <exception>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace agen::detail {

/// Runs the hooks at a generator's first operation of any kind (SPEC §3.7):
/// the finalizer is captured before firstiter runs, and neither is retried if
/// firstiter throws.
inline void first_iteration(generator_control &ctl) {
  if (ctl.hooks_initialised)
    return;
  ctl.hooks_initialised = true;
  const asyncgen_hooks &hooks = thread_hooks();
  ctl.finalizer = hooks.finalizer;
  if (hooks.firstiter) {
    auto firstiter = hooks.firstiter; // it may replace the hooks
    firstiter(generator_ref(ctl));
  }
}

inline const char *operation_name(op_kind kind) noexcept {
  switch (kind) {
  case op_kind::next:
    return "next()";
  case op_kind::send:
    return "asend()";
  case op_kind::raise:
    return "athrow()";
  case op_kind::close:
    return "aclose()";
  }
  return "operation";
}

/// Decides an operation before anything suspends. Returns true when it
/// completes without resuming the body; throws what the operation throws
/// without resuming it.
inline bool begin_operation(generator_control *ctl, operation_state &st) {
  if (ctl == nullptr) // empty or moved-from handle: an empty sequence
    return true;
  if (ctl->state() == state::running)
    throw_error(already_running(std::string(operation_name(st.kind)) +
                                ": asynchronous generator is already running"));
  first_iteration(*ctl);
  switch (ctl->state()) {
  case state::created:
    switch (st.kind) {
    case op_kind::next:
      return false;
    case op_kind::send:
      throw_error(std::logic_error("asend(): can't send a value to a "
                                   "just-started async generator; call next() "
                                   "first"));
    case op_kind::raise:
      ctl->state_ = state::closed;
      std::rethrow_exception(st.exception);
    case op_kind::close:
      ctl->state_ = state::closed;
      return true;
    }
    return true;
  case state::suspended:
    return false;
  default: // closed: next/asend/athrow give end, aclose does nothing
    return true;
  }
}

/// Awaiter shared by every operation; `Yield` is void for aclose().
template <class Yield> class operation_awaiter {
public:
  operation_awaiter(generator_control *ctl, op_kind kind) noexcept : ctl_(ctl) {
    st_.kind = kind;
  }

  bool await_ready() {
    // Suspended implies started, so the hooks already ran: the common case
    // needs no other check.
    if (ctl_ != nullptr && ctl_->state() == state::suspended) [[likely]]
      return false;
    return begin();
  }

  std::coroutine_handle<>
  await_suspend(std::coroutine_handle<> consumer) noexcept {
    st_.consumer = consumer;
    ctl_->op = &st_;
    ctl_->state_ = state::running;
    return ctl_->frame;
  }

  auto await_resume() {
    if (st_.exception) [[unlikely]]
      std::rethrow_exception(std::move(st_.exception));
    if constexpr (!std::is_void_v<Yield>) {
      using pointer = typename next_result<Yield>::pointer;
      return next_result<Yield>(static_cast<pointer>(st_.yielded));
    }
  }

protected:
  [[gnu::noinline]] bool begin() {
    if (!begin_operation(ctl_, st_))
      return false;
    st_.exception = nullptr; // athrow's, never raised: the result is end
    return true;
  }

  generator_control *ctl_;
  operation_state st_;
};

template <class Yield> class raise_awaiter : public operation_awaiter<Yield> {
public:
  raise_awaiter(generator_control *ctl, std::exception_ptr e) noexcept
      : operation_awaiter<Yield>(ctl, op_kind::raise) {
    this->st_.exception = std::move(e);
  }
  bool await_ready() {
    // Nothing to raise: rejected before the generator starts or changes.
    if (!this->st_.exception) [[unlikely]]
      throw_error(std::invalid_argument("athrow(): the exception_ptr is null"));
    return operation_awaiter<Yield>::await_ready();
  }
};

template <class Yield, class Send>
class send_awaiter : public operation_awaiter<Yield> {
public:
  send_awaiter(generator_control *ctl, Send value)
      : operation_awaiter<Yield>(ctl, op_kind::send), value_(std::move(value)) {
  }
  bool await_ready() {
    this->st_.send_value = std::addressof(value_); // its final address
    return operation_awaiter<Yield>::await_ready();
  }

private:
  Send value_;
};

/// What next(), asend(), athrow() and aclose() return: awaitable once, as an
/// rvalue. Creating one and never awaiting it changes nothing.
template <class Awaiter> class [[nodiscard]] operation {
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
  // g++-12 copies an awaiter that operator co_await returns by reference
  // (GCC PR 105406), which fails for move-only sent values: move it out.
  using awaiter_result = Awaiter;
#else
  using awaiter_result = Awaiter &;
#endif

public:
  template <class... Args>
  explicit operation(std::in_place_t, Args &&...args) noexcept(
      std::is_nothrow_constructible_v<Awaiter, Args...>)
      : awaiter_(std::forward<Args>(args)...) {}
  operation(operation &&other) noexcept(
      std::is_nothrow_move_constructible_v<Awaiter>)
      : awaiter_(std::move(other.awaiter_)),
        consumed_(std::exchange(other.consumed_, true)) {}
  operation &operator=(operation &&) = delete;

  /// Throws std::logic_error if this operation was already awaited. The
  /// awaiter stays inside the operation (no copy), which outlives the
  /// co_await: a temporary lives until the end of the full-expression.
  awaiter_result operator co_await() && {
    if (std::exchange(consumed_, true))
      throw_error(std::logic_error("async generator operation awaited twice"));
    if constexpr (std::is_reference_v<awaiter_result>)
      return awaiter_;
    else
      return std::move(awaiter_);
  }

private:
  Awaiter awaiter_;
  bool consumed_ = false;
};

/// aclose() for any generator, owned or not.
inline operation<operation_awaiter<void>>
close_operation(generator_control *ctl) noexcept {
  return operation<operation_awaiter<void>>(std::in_place, ctl, op_kind::close);
}

} // namespace agen::detail
