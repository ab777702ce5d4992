/// \file
/// The control block every async generator frame carries, whoever produced
/// it: a native promise (runtime/include/agen/detail/native_promise.hpp) or a
/// lowered state machine hosted by the runtime. async_generator,
/// any_async_generator, the operations, the hooks and the context guards talk
/// only to this type, which is why both modes behave the same.
///
/// Protocol. A consumer's operation (detail/operation.hpp) fills an
/// operation_state, points `op` at it, marks the frame running and transfers
/// to `frame`. The body side reports back through yield(), fail() and
/// finish(), which write the outcome into `*op` and return the consumer's
/// handle for symmetric transfer. Nothing here allocates.
#pragma once

#include <agen/context_guard.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/generator_exit.hpp>
#include <agen/state.hpp>
#include <agen/unraisable.hpp>
#include <agen/yielded_while_closing.hpp>

#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>
#include <utility>

namespace agen {

class any_async_generator;

namespace detail {

enum class op_kind : unsigned char { next, send, raise, close };

/// One next/asend/athrow/aclose in flight: its request and its outcome. It
/// lives in the consumer's awaiter, so an outcome survives the frame.
struct operation_state {
  op_kind kind = op_kind::next;
  std::coroutine_handle<> consumer;
  void *send_value = nullptr; // asend: the value, moved out by the body
  void *yielded = nullptr;    // outcome: the yielded value; null at end
  /// In: athrow's exception, raised (and taken) at the suspended co_yield.
  /// Out: what escaped the body.
  std::exception_ptr exception;
};

/// Told just before a frame is freed (the event loop's weak registry).
class lifetime_observer {
public:
  virtual void generator_destroyed(generator_control &ctl) noexcept = 0;

protected:
  ~lifetime_observer() = default;
};

/// The frame whose body code runs on this thread right now, if any: where
/// context guards register.
inline generator_control *&current_frame() noexcept {
  thread_local generator_control *frame = nullptr;
  return frame;
}

class generator_control {
public:
  generator_control() = default;
  generator_control(const generator_control &) = delete;
  generator_control &operator=(const generator_control &) = delete;

  ~generator_control() {
    // Guards that outlive the frame (not locals of it) become inert.
    for (context_guard *g = oldest_; g != nullptr; g = g->inner_)
      g->frame_ = nullptr;
  }

  agen::state state() const noexcept { return state_; }

  // ---- Body side: called by the promise (native) or the host (lowered). ----

  /// Body code starts or continues running on this thread: context guards
  /// constructed now register with this frame.
  void enter() noexcept { saved_frame_ = std::exchange(current_frame(), this); }
  /// Body code stops running on this thread.
  void leave() noexcept { current_frame() = saved_frame_; }

  /// Whether the registry must be walked at a suspension: a guard is
  /// registered that lowered code does not call statically (any guard in
  /// native mode; in a lowered frame, one inside another object or a
  /// temporary). The walk then calls every registered guard, the static ones
  /// included, in construction order.
  bool has_guards() const noexcept { return registry_guards_ != 0; }
  /// Walk the registry if has_guards() (else the static calls are the only
  /// ones: a lowered frame's guards are all marked static).
  void suspend_guards() noexcept {
    if (registry_guards_ == 0) [[likely]]
      return;
    for (context_guard *g = newest_; g != nullptr; g = g->outer_)
      g->on_suspend();
  }
  void resume_guards() noexcept {
    if (registry_guards_ == 0) [[likely]]
      return;
    for (context_guard *g = oldest_; g != nullptr; g = g->inner_)
      g->on_resume();
  }

  /// The body reached `co_yield` with `*value`. Returns where to go next.
  std::coroutine_handle<> yield(void *value) noexcept {
    leave();
    if (op->kind == op_kind::close || registry_guards_ != 0 || orphaned_)
        [[unlikely]]
      return yield_slow(value);
    state_ = agen::state::suspended;
    op->yielded = value;
    return std::exchange(op, nullptr)->consumer;
  }

  /// The body resumes at the `co_yield` it suspended at: raises athrow's
  /// exception or generator_exit there, else tells how it was resumed.
  op_kind resume_from_yield() {
    enter();
    if (registry_guards_ != 0) [[unlikely]]
      resume_guards();
    op_kind kind = op->kind;
    if (kind == op_kind::raise || kind == op_kind::close) [[unlikely]]
      raise_at_yield(kind);
    return kind;
  }

  /// An exception escaped the body. generator_exit escaping a close is the
  /// clean end of that close, not an error.
  void fail(std::exception_ptr error) noexcept {
    if (op->kind == op_kind::close) {
      if (error == std::exchange(close_signal_, nullptr))
        return;
#if AGEN_EXCEPTIONS
      try { // the body threw a generator_exit of its own
        std::rethrow_exception(error);
      } catch (const generator_exit &) {
        return;
      } catch (...) { // NOLINT(bugprone-empty-catch): any other error is kept
      }
#endif
    }
    op->exception = std::move(error);
  }

  /// The body finished (fell off the end, co_return, or an exception).
  std::coroutine_handle<> finish() noexcept {
    leave();
    state_ = agen::state::closed;
    close_signal_ = nullptr;
    if (orphaned_ && op->exception) {
      report_unraisable(std::exchange(op->exception, nullptr),
                        "exception while closing an abandoned async generator");
    }
    return complete();
  }

  /// Frees the frame now. Precondition: no awaiter holds it.
  void destroy() noexcept {
    if (observer != nullptr)
      observer->generator_destroyed(*this);
    if (owner != nullptr)
      *owner = nullptr;
    std::coroutine_handle<> self = frame; // lives in what is freed
    self.destroy();
  }

  /// A lowered frame calls \p g statically, unless another guard makes it
  /// walk the registry (has_guards()).
  static void call_statically(context_guard &g) noexcept {
    if (g.frame_ != nullptr && !g.called_statically_) {
      g.called_statically_ = true;
      --g.frame_->registry_guards_;
    }
  }

  // ---- Owner side. ----

  /// The owning handle goes away while the frame is suspended at a co_yield
  /// and no finalizer takes it: raise generator_exit there now. If the close
  /// path suspends on an await, the frame is left to finish on its own and
  /// free itself; it must not be destroyed under its awaiter.
  void close_detached() noexcept {
    owner = nullptr;
    orphaned_ = true;
    detached_op_ = operation_state{};
    detached_op_.kind = op_kind::close;
    detached_op_.consumer = std::noop_coroutine();
    op = &detached_op_;
    state_ = agen::state::running;
    bool finished = false;
    finished_flag_ = &finished;
    std::coroutine_handle<> body = frame; // the frame may free itself
    body.resume();
    if (!finished) {
      finished_flag_ = nullptr;
      report_unraisable(nullptr, "async generator destroyed without a "
                                 "finalizer suspended while closing; the "
                                 "close continues detached");
    }
  }

  /// The owning handle goes away while an operation is in flight (a usage
  /// error). The operation completes as end once the frame has closed.
  void abandon_in_flight() noexcept {
    owner = nullptr;
    orphaned_ = true;
    report_unraisable(nullptr, "async generator destroyed while an operation "
                               "is in flight; it closes when that operation "
                               "resumes it");
  }

  // ---- Context guards. ----

  void add_guard(context_guard &g) noexcept {
    ++registry_guards_;
    g.frame_ = this;
    g.outer_ = newest_;
    g.inner_ = nullptr;
    (newest_ != nullptr ? newest_->inner_ : oldest_) = &g;
    newest_ = &g;
  }
  void remove_guard(context_guard &g) noexcept {
    if (!g.called_statically_)
      --registry_guards_;
    (g.outer_ != nullptr ? g.outer_->inner_ : oldest_) = g.inner_;
    (g.inner_ != nullptr ? g.inner_->outer_ : newest_) = g.outer_;
    g.frame_ = nullptr;
  }

  // ---- Shared with the operations and the handles. ----

  std::coroutine_handle<> frame;       ///< Resumes the body.
  operation_state *op = nullptr;       ///< The operation in flight.
  generator_control **owner = nullptr; ///< Nulled when the frame is freed.
  lifetime_observer *observer = nullptr;
  /// Captured at the first operation (SPEC §3.7).
  std::function<void(any_async_generator)> finalizer;
  bool hooks_initialised = false;
  bool finalizer_called = false;
  agen::state state_ = agen::state::created;

private:
  [[gnu::noinline]] std::coroutine_handle<> yield_slow(void *value) noexcept {
    if (op->kind == op_kind::close)
      return reject_yield_while_closing();
    suspend_guards();
    if (orphaned_) {
      // Nobody will resume this frame again: close it from here.
      op->kind = op_kind::close;
      return frame;
    }
    state_ = agen::state::suspended;
    op->yielded = value;
    return complete();
  }

protected:
  [[noreturn, gnu::noinline]] void raise_at_yield(op_kind kind) {
#if !AGEN_EXCEPTIONS
    // Lowered code closes without this; a native frame has no other way.
    std::fputs(kind == op_kind::raise
                   ? "agen: athrow() raises an exception, and exceptions are "
                     "disabled\n"
                   : "agen: aclose() at a co_yield needs exceptions in native "
                     "mode; lower the generator (agen-rewrite or the plugin) "
                     "or enable exceptions\n",
               stderr);
    std::abort();
#endif
    if (kind == op_kind::raise)
      std::rethrow_exception(std::exchange(op->exception, nullptr));
    // Kept so that fail() recognises it without rethrowing to look.
    close_signal_ = std::make_exception_ptr(generator_exit{});
    std::rethrow_exception(close_signal_);
  }

private:
  std::coroutine_handle<> complete() noexcept {
    operation_state *o = std::exchange(op, nullptr);
    std::coroutine_handle<> consumer = o->consumer;
    if (orphaned_) {
      o->yielded = nullptr; // the in-flight operation of a destroyed handle
      if (finished_flag_ != nullptr)
        *finished_flag_ = true;
      destroy();
    }
    return consumer;
  }

  std::coroutine_handle<> reject_yield_while_closing() noexcept {
    state_ = agen::state::closed;
    auto error = std::make_exception_ptr(
        yielded_while_closing("async generator yielded while closing"));
    if (orphaned_)
      report_unraisable(std::move(error), "while closing an abandoned async "
                                          "generator");
    else
      op->exception = std::move(error);
    // Destroying the frame here runs the remaining local destructors before
    // the consumer sees the error. Guards are in their resumed state.
    orphaned_ = true;
    return complete();
  }

  context_guard *oldest_ = nullptr;
  context_guard *newest_ = nullptr;
  std::size_t registry_guards_ = 0; // registered, not called statically
  generator_control *saved_frame_ = nullptr;
  std::exception_ptr close_signal_; // the generator_exit aclose() raised
  bool *finished_flag_ = nullptr;
  bool orphaned_ = false;
  operation_state detached_op_;
};

/// The final suspend point of every frame host: hands the outcome to the
/// consumer. finish() may free the frame, so nothing may follow it.
struct finish_awaiter {
  generator_control &ctl;
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
    return ctl.finish();
  }
  void await_resume() const noexcept {}
};

/// A yielded object's address as the control block stores it.
inline void *erase_pointer(const volatile void *p) noexcept {
  return const_cast<void *>(p);
}

} // namespace detail

inline context_guard::context_guard() noexcept {
  if (detail::generator_control *frame = detail::current_frame())
    frame->add_guard(*this);
}

inline context_guard::~context_guard() {
  if (frame_ != nullptr)
    frame_->remove_guard(*this);
}

} // namespace agen
