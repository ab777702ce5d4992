/// \file
/// How `co_yield u` reaches the consumer of an `async_generator<Yield>`: in
/// place (the consumer's `*result` is `u` itself) or through a converted copy
/// that lives across the suspension. Native mode's yield_value() overloads
/// and the lowered code both decide with this trait, so both modes construct
/// and destroy the same objects.
#pragma once

#include <type_traits>

namespace agen::detail {

template <class Yield, class U> consteval bool binds_in_place() {
  using target = std::remove_reference_t<Yield>;
  if constexpr (!std::is_convertible_v<std::remove_reference_t<U> *, target *>)
    return false; // another type, or a cv-qualifier would be dropped
  else if constexpr (std::is_lvalue_reference_v<Yield>)
    return std::is_lvalue_reference_v<U> ||
           (std::is_const_v<target> && !std::is_volatile_v<target>);
  else if constexpr (std::is_rvalue_reference_v<Yield>)
    return !std::is_lvalue_reference_v<U>;
  else
    return true; // `Yield &` takes lvalues, `Yield &&` rvalues
}

/// True when the reference the consumer reads (`Yield` if it is a reference,
/// else `Yield &` for an lvalue and `Yield &&` for an rvalue) binds directly
/// to an operand of type `U` (`T &` for an lvalue, `T &&` or `T` for an
/// rvalue): the same type or a base of it, no cv-qualifier dropped, a value
/// category the reference accepts. Then `co_yield u` yields `u` in place (a
/// prvalue is materialized until the generator resumes); otherwise it yields
/// a `std::remove_cvref_t<Yield>` constructed from `u`.
template <class Yield, class U>
inline constexpr bool yields_in_place = binds_in_place<Yield, U>();

} // namespace agen::detail
