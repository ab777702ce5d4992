/// \file
/// agen::generator_ref: a non-owning view of an async generator.
#pragma once

#include <agen/detail/generator_control.hpp>
#include <agen/state.hpp>

namespace agen {

/// Names a generator without owning it: what `firstiter` receives. Valid only
/// while the generator's frame exists; keep an id(), not the ref, to recognise
/// a generator later.
class generator_ref {
public:
  explicit generator_ref(detail::generator_control &ctl) noexcept
      : ctl_(&ctl) {}

  /// Stable for the generator's lifetime; equal to its handle's id().
  void *id() const noexcept { return ctl_; }
  agen::state state() const noexcept { return ctl_->state(); }

  friend bool operator==(const generator_ref &,
                         const generator_ref &) = default;

private:
  friend detail::generator_control &
  control_of(const generator_ref &ref) noexcept {
    return *ref.ctl_;
  }
  detail::generator_control *ctl_;
};

} // namespace agen
