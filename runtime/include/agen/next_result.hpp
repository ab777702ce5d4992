/// \file
/// agen::next_result: what next(), asend() and athrow() complete with.
#pragma once

#include <memory>
#include <type_traits>

namespace agen {

/// Either a value the generator yielded, or end of iteration.
///
/// The value is not copied: it refers to the object the body passed to
/// `co_yield` (or to a conversion of it), and is valid until the generator is
/// resumed again or destroyed. Copy it out if it must live longer.
template <class Yield> class next_result {
public:
  using value_type = std::remove_cvref_t<Yield>;
  using reference =
      std::conditional_t<std::is_reference_v<Yield>, Yield, Yield &>;
  using pointer = std::add_pointer_t<reference>;

  /// End of iteration.
  constexpr next_result() noexcept = default;
  constexpr explicit next_result(pointer value) noexcept : value_(value) {}

  /// False at end of iteration. A yielded value that itself looks empty (a
  /// null pointer, an empty optional) is still a value: this is true.
  constexpr explicit operator bool() const noexcept {
    return value_ != nullptr;
  }
  constexpr bool has_value() const noexcept { return value_ != nullptr; }

  /// Precondition: has_value().
  constexpr reference operator*() const noexcept {
    return static_cast<reference>(*value_);
  }
  constexpr pointer operator->() const noexcept { return value_; }

private:
  pointer value_ = nullptr;
};

} // namespace agen
