/// \file
/// What a lowered template generator decides per instantiation. The lowering
/// sees a template's body before its types are known, so where a choice
/// depends on a type (does this reference extend a temporary? is this local a
/// context guard? is this co_yield operand yielded by address?) the generated
/// code names one of these helpers and the instantiation makes the choice,
/// exactly as the compiler makes it for the native coroutine.
#pragma once

#include <agen/detail/lowered_host.hpp>
#include <agen/detail/yield_binding.hpp>

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

/// A local is a context guard when its type has both callbacks (or is an
/// agen::context_guard).
template <class T>
concept context_guard_like = requires(T &t) {
  t.on_suspend();
  t.on_resume();
};
/// A guard without the agen::context_guard base (lowered mode only).
template <class T>
concept plain_guard =
    !std::is_base_of_v<context_guard, T> && context_guard_like<T>;

/// A local of dependent type that may be a guard, when the static calls are
/// the only ones (lowered_control::calls_guards_statically()). An
/// agen::context_guard whose overrides are private is called through its
/// base; one whose base is ambiguous or private is left to the registry.
template <class T> void suspend_guard(T &local) noexcept {
  if constexpr (static_context_guard<T> && !context_guard_like<T>)
    static_cast<context_guard &>(local).on_suspend();
  else if constexpr (static_context_guard<T> || plain_guard<T>)
    local.on_suspend();
}
template <class T> void resume_guard(T &local) noexcept {
  if constexpr (static_context_guard<T> && !context_guard_like<T>)
    static_cast<context_guard &>(local).on_resume();
  else if constexpr (static_context_guard<T> || plain_guard<T>)
    local.on_resume();
}
/// The same when the registry calls the agen::context_guard locals.
template <class T> void suspend_plain_guard(T &local) noexcept {
  if constexpr (plain_guard<T>)
    local.on_suspend();
}
template <class T> void resume_plain_guard(T &local) noexcept {
  if constexpr (plain_guard<T>)
    local.on_resume();
}

/// The address a co_yield of dependent type passes to yield_value(), chosen
/// as native mode's yield_value() overloads choose (yields_in_place): the
/// operand itself, or a `std::remove_cvref_t<Yield>` constructed from it in
/// `value` (a slot or a yielding). `InPlace` is false when the operand may
/// denote a temporary of the full-expression, which would not outlive the
/// suspension: it is copied instead.
template <bool InPlace, class Yield, class Value, class Make>
std::remove_reference_t<Yield> *yield_address(Value &value, Make &&make) {
  using operand = decltype(std::forward<Make>(make)());
  using value_type = std::remove_cvref_t<Yield>;
  if constexpr (yields_in_place<Yield, operand> &&
                !std::is_reference_v<operand>) {
    static_assert(std::is_same_v<std::remove_cv_t<operand>, value_type>,
                  "agen: a template generator cannot yield a prvalue of a "
                  "class derived from its yield type; name it in a local");
    return std::addressof(value.construct_from(std::forward<Make>(make)));
  } else if constexpr (InPlace && yields_in_place<Yield, operand>) {
    return std::addressof(std::forward<Make>(make)());
  } else {
    return std::addressof(value.construct_from(
        [&]() -> value_type { return std::forward<Make>(make)(); }));
  }
}

} // namespace agen::detail
