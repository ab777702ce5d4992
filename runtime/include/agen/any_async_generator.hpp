/// \file
/// agen::any_async_generator: an owning, type-erased async generator handle,
/// which is what a finalizer receives.
#pragma once

#include <agen/asyncgen_hooks.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/detail/generator_control.hpp>
#include <agen/detail/operation.hpp>
#include <agen/state.hpp>
#include <agen/unraisable.hpp>

#include <utility>

namespace agen {

namespace detail {
void release(generator_control *ctl) noexcept;
}

/// Owns a generator of any yield and send type. It can only be closed:
/// destroying it has the same effect as destroying the typed handle it came
/// from, except that a finalizer is never called twice for one generator.
class any_async_generator {
public:
  any_async_generator() noexcept = default;
  /// Takes ownership of the frame behind `ctl`.
  explicit any_async_generator(detail::generator_control &ctl) noexcept
      : ctl_(&ctl) {
    ctl_->owner = &ctl_;
  }
  any_async_generator(any_async_generator &&other) noexcept
      : ctl_(std::exchange(other.ctl_, nullptr)) {
    if (ctl_ != nullptr)
      ctl_->owner = &ctl_;
  }
  any_async_generator &operator=(any_async_generator &&other) noexcept {
    if (this != &other) {
      detail::release(std::exchange(ctl_, std::exchange(other.ctl_, nullptr)));
      if (ctl_ != nullptr)
        ctl_->owner = &ctl_;
    }
    return *this;
  }
  any_async_generator(const any_async_generator &) = delete;
  any_async_generator &operator=(const any_async_generator &) = delete;
  ~any_async_generator() { detail::release(ctl_); }

  /// Null for an empty handle; otherwise the id firstiter saw.
  void *id() const noexcept { return ctl_; }
  agen::state state() const noexcept {
    return ctl_ != nullptr ? ctl_->state() : agen::state::closed;
  }

  /// Raises generator_exit at the suspended co_yield and completes when the
  /// body has unwound; see async_generator::aclose().
  auto aclose() noexcept { return detail::close_operation(ctl_); }

private:
  detail::generator_control *ctl_ = nullptr;
};

/// Called when an owning handle lets go of a frame (SPEC §3.7).
inline void detail::release(generator_control *ctl) noexcept {
  if (ctl == nullptr)
    return;
  ctl->owner = nullptr;
  switch (ctl->state()) {
  case state::running:
    ctl->abandon_in_flight();
    return;
  case state::suspended:
    if (ctl->finalizer && !ctl->finalizer_called) {
      ctl->finalizer_called = true;
      auto finalizer = std::move(ctl->finalizer);
      AGEN_TRY { finalizer(any_async_generator(*ctl)); }
      AGEN_CATCH(...) {
        detail::report_unraisable(std::current_exception(),
                                  "exception in an async generator finalizer");
      }
      return;
    }
    ctl->close_detached();
    return;
  default:
    ctl->destroy();
    return;
  }
}

} // namespace agen
