/// \file
/// agen::context_guard: a local that is told when its generator frame is
/// suspended and resumed (PEP 521's __suspend__/__resume__).
#pragma once

namespace agen {

namespace detail {
class generator_control;
}

/// Base for objects that keep thread-local context consistent across the
/// suspensions of the generator frame they live in.
///
/// A guard constructed while a native-mode generator body runs registers with
/// that frame. At every real suspension of the frame (each `co_yield`, each
/// `co_await` whose `await_ready()` is false) `on_suspend()` runs on every
/// live guard, innermost (most recently constructed) first, before control
/// leaves the frame. When the frame is resumed, `on_resume()` runs outermost
/// first, before any body code, on every resumption path (next, asend,
/// athrow, aclose, inner awaits): the two calls always alternate. A guard
/// constructed outside any generator body is inert.
///
/// Lowered mode calls the same two members statically on any local whose type
/// has them; types derived from context_guard are called once, not twice, and
/// in construction order with the guards it does not call statically.
class context_guard {
public:
  context_guard() noexcept;
  context_guard(const context_guard &) = delete;
  context_guard &operator=(const context_guard &) = delete;
  virtual ~context_guard();

  /// The frame is about to stop running: restore the consumer's context.
  virtual void on_suspend() noexcept {}
  /// The frame runs again: reinstall this frame's context.
  virtual void on_resume() noexcept {}

private:
  friend class detail::generator_control;
  detail::generator_control *frame_ = nullptr;
  context_guard *outer_ = nullptr; // registered before this one
  context_guard *inner_ = nullptr; // registered after this one
  bool called_statically_ = false; // by lowered code, in order with the rest
};

} // namespace agen

// The control block keeps the guard list and defines the constructor and
// destructor above; including it here (a deliberate cycle, both headers are
// include-guarded) lets this header be used on its own.
#include <agen/detail/generator_control.hpp> // NOLINT(misc-header-include-cycle)
