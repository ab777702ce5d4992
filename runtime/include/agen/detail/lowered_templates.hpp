/// \file
/// What a lowered template generator decides per instantiation. The lowering
/// sees a template's body before its types are known, so where a choice
/// depends on a type (does this reference extend a temporary? is this local a
/// context guard? is this co_yield operand yielded by address?) the generated
/// code names one of these helpers and the instantiation makes the choice,
/// exactly as the compiler makes it for the native coroutine.
#pragma once

#include <agen/detail/lowered_host.hpp>

#include <iterator>
#include <memory>
#include <type_traits>
#include <utility>

namespace agen::detail {

/// A hoisted reference of dependent type `R` (as declared, or as `auto &`,
/// `const auto &`, `auto &&` deduce it) initialized by an expression of type
/// `E` (decltype((initializer))). It binds when the reference binds directly
/// to what the initializer denotes; otherwise it owns the temporary whose
/// life the reference extends: the initializer's prvalue, or the converted
/// value when a conversion is needed.
struct no_storage {};

template <class R, class E> class ref_slot {
  static_assert(std::is_reference_v<R>);
  using referred = std::remove_reference_t<R>;
  static constexpr bool binds =
      std::is_reference_v<E> &&
      std::is_convertible_v<std::remove_reference_t<E> *, referred *>;
  static constexpr bool same_kind =
      std::is_convertible_v<std::remove_reference_t<E> *, referred *>;
  /// The temporary: the initializer's own type with the reference's cv, or
  /// the referred type when a conversion creates it.
  using held = std::conditional_t<
      same_kind,
      std::conditional_t<std::is_const_v<referred>,
                         const std::remove_cvref_t<E>, std::remove_cvref_t<E>>,
      referred>;

public:
  ref_slot() noexcept = default;
  ref_slot(const ref_slot &) noexcept {}
  ref_slot &operator=(const ref_slot &) = delete;

  /// Binds to, or materializes, what `make()` returns (decltype(auto) of
  /// the initializer).
  template <class Make> referred &bind_or_hold(Make &&make) {
    if constexpr (binds) {
      R object = std::forward<Make>(make)();
      return *(object_ = std::addressof(object));
    } else {
      held &object = value_.construct_from(
          [&]() -> held { return std::forward<Make>(make)(); });
      return *(object_ = std::addressof(object));
    }
  }
  void destroy() noexcept {
    object_ = nullptr;
    if constexpr (!binds)
      value_.destroy();
  }
  void reset() noexcept {
    object_ = nullptr;
    if constexpr (!binds)
      value_.reset();
  }

  referred &operator*() const noexcept { return *object_; }
  referred *operator->() const noexcept { return object_; }

private:
  referred *object_ = nullptr;
  [[no_unique_address]] std::conditional_t<binds, no_storage, slot<held>>
      value_;
};

/// begin/end as a range-for looks them up: members when the range has either,
/// else the free functions found by argument-dependent lookup (arrays: the
/// standard library's).
template <class R>
constexpr bool has_member_begin_end =
    requires(R &r) { r.begin(); } || requires(R &r) { r.end(); };

template <class R> decltype(auto) range_begin(R &r) {
  if constexpr (has_member_begin_end<R>) {
    return r.begin();
  } else {
    using std::begin;
    return begin(r);
  }
}
template <class R> decltype(auto) range_end(R &r) {
  if constexpr (has_member_begin_end<R>) {
    return r.end();
  } else {
    using std::end;
    return end(r);
  }
}

/// A local is a context guard when its type has both callbacks.
template <class T>
concept context_guard_like = requires(T &t) {
  t.on_suspend();
  t.on_resume();
};
template <class T> void suspend_guard(T &local) noexcept {
  if constexpr (context_guard_like<T>)
    local.on_suspend();
}
template <class T> void resume_guard(T &local) noexcept {
  if constexpr (context_guard_like<T>)
    local.on_resume();
}

/// The address a co_yield of dependent type passes to yield_value(), chosen
/// as native mode's yield_value overloads choose: a non-const lvalue or an
/// xvalue of the yielded type is yielded in place; anything else is
/// materialized in `value`. `InPlace` is false when the operand may denote a
/// temporary of the full-expression, which would not outlive the suspension.
template <bool InPlace, class T, class Make>
T *yield_address(slot<T> &value, Make &&make) {
  using operand = decltype(std::forward<Make>(make)());
  if constexpr (InPlace && std::is_reference_v<operand> &&
                std::is_same_v<std::remove_cvref_t<operand>, T> &&
                !std::is_const_v<std::remove_reference_t<operand>>) {
    return std::addressof(std::forward<Make>(make)());
  } else {
    return std::addressof(value.construct_from(
        [&]() -> T { return std::forward<Make>(make)(); }));
  }
}

} // namespace agen::detail
