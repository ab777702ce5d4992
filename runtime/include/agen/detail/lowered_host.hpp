/// \file
/// Hosts a lowered generator frame (what agen-rewrite and the plugin emit) in
/// a tiny real coroutine, so that the handle, the hooks, the errors and every
/// awaiter the body uses see exactly what they see in native mode: the same
/// async_generator, the same control block, and a genuine coroutine_handle.
///
/// A lowered frame is a class with the generator's parameter copies, its
/// hoisted locals (in manual<T>) and a resume point, and a member
///   std::coroutine_handle<> agen_step(lowered_control<Yield, Send> &cx);
/// that runs the body from its resume point and returns where control goes:
///   - `return cx.yield_value(&v);` at a co_yield (resume point set first);
///   - `return cx.suspend_on(awaiter);` at a co_await whose await_ready() was
///     false (resume point set and guards suspended first);
///   - `return {};` when the body has finished;
///   - or throws what escapes the body.
/// Its `void agen_unwind() noexcept` destroys the hoisted locals that are
/// alive, in reverse order (the host calls it when the body ends); its
/// destructor does the same, and parameter copies, being members, die after
/// them.
///
/// agen_step() runs inside await_suspend of the host coroutine, so the host is
/// formally suspended while body code runs and any awaiter may resume it.
/// The generated function returns
///   agen::detail::host<Yield, Send>(agen::detail::lowered<Frame>{}, args...);
/// and the promise builds `Frame{args...}` in place.
#pragma once

#include <agen/async_generator.hpp>
#include <agen/detail/awaiter_traits.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/detail/generator_control.hpp>

#include <array> // lowered code keeps a braced list's array in a std::array
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <new>
#include <tuple>
#include <type_traits>
#include <utility>

namespace agen::detail {

/// Ends \p object's lifetime; an array's elements in reverse order, as the
/// language does (std::destroy_at goes forwards).
template <class T> void destroy_object(T &object) noexcept {
  if constexpr (std::is_array_v<T>) {
    for (std::size_t i = std::extent_v<T>; i-- > 0;)
      destroy_object(object[i]);
  } else {
    object.~T();
  }
}

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
  void destroy() noexcept { destroy_object(*get()); }

  T *get() noexcept { return std::launder(reinterpret_cast<T *>(storage_)); }
  T &operator*() noexcept { return *get(); }
  T *operator->() noexcept { return get(); }

private:
  alignas(T) unsigned char storage_[sizeof(T)];
};

/// Whether a slot's object is alive. Not tracked when ending its lifetime
/// does nothing (a trivially destructible type): no flag to store per item.
template <bool Tracked> class liveness {
public:
  void set(bool live) noexcept { live_ = live; }
  bool get() const noexcept { return live_; }

private:
  bool live_ = false;
};
template <> class liveness<false> {
public:
  void set(bool) noexcept {}
  bool get() const noexcept { return false; }
};

/// A hoisted local, temporary or awaiter of a generated frame: manual
/// lifetime plus a flag (for a type with a destructor), so that whatever ends
/// the body (an exception, a close, the frame's destruction) destroys exactly
/// what is alive. Members of a frame are declared in construction order, so the
/// frame's implicit destructor destroys them in reverse construction order.
template <class T> class slot {
public:
  slot() noexcept = default;
  slot(const slot &) noexcept {} // frames are copied only before they start
  slot &operator=(const slot &) = delete;
  ~slot() { reset(); }

  /// Constructs the object from what `make()` returns (guaranteed elision).
  template <class Make> T &construct_from(Make &&make) {
    T &object = value_.construct_from(std::forward<Make>(make));
    live_.set(true);
    return object;
  }
  /// Default-initializes the object (`T x;`, `T x[3];`).
  T &construct_default() {
    ::new (static_cast<void *>(value_.get())) T;
    live_.set(true);
    return *value_;
  }
  /// Constructs a C array: `init(p)` runs the array new-expression at `p`
  /// (which destroys what it built if an element's constructor throws).
  template <class Init> T &construct_array(Init &&init) {
    std::forward<Init>(init)(static_cast<void *>(value_.get()));
    live_.set(true);
    return *value_;
  }
  /// Ends the object's lifetime. Precondition: it is alive.
  void destroy() noexcept {
    live_.set(false);
    value_.destroy();
  }
  /// Ends the object's lifetime if it is alive.
  void reset() noexcept {
    if (live_.get())
      destroy();
  }

  T &operator*() noexcept { return *value_; }
  T *operator->() noexcept { return value_.get(); }

private:
  manual<std::remove_const_t<T>> value_;
  [[no_unique_address]] liveness<!std::is_trivially_destructible_v<T>> live_;
};

/// A hoisted reference: binds once, never owns.
template <class T> class slot<T &> {
public:
  slot() noexcept = default;
  slot(const slot &) noexcept {}
  slot &operator=(const slot &) = delete;

  T &bind(T &object) noexcept { return *(object_ = std::addressof(object)); }
  void destroy() noexcept { object_ = nullptr; }
  void reset() noexcept { object_ = nullptr; }
  T &operator*() const noexcept { return *object_; }
  T *operator->() const noexcept { return object_; }

private:
  T *object_ = nullptr;
};

/// A hoisted `T &&` that does not extend a temporary's life.
template <class T> class slot<T &&> : public slot<T &> {
public:
  T &bind(T &&object) noexcept { return slot<T &>::bind(object); }
  T &bind(T &object) noexcept { return slot<T &>::bind(object); }
};

/// The temporaries a suspension's operand materializes (an argument bound to
/// a `const std::string &` parameter): like the suspension's own objects,
/// they live to the end of the full-expression, after the frame resumes.
template <class... Held> class temporaries {
public:
  temporaries() noexcept = default;
  temporaries(const temporaries &) noexcept = default;
  temporaries &operator=(const temporaries &) = delete;
  ~temporaries() { destroy(); }

  /// Materializes the operand's \p I th temporary (what `make()` returns);
  /// the operand binds to it.
  template <std::size_t I, class Make> decltype(auto) hold(Make &&make) {
    auto &temporary = std::get<I>(held_);
    temporary.construct_from(std::forward<Make>(make));
    return std::move(*temporary);
  }
  /// Destroys those made, last made first.
  void destroy() noexcept {
    [this]<std::size_t... I>(std::index_sequence<I...>) {
      (std::get<sizeof...(Held) - 1 - I>(held_).reset(), ...);
    }(std::index_sequence_for<Held...>{});
  }
  void reset() noexcept { destroy(); }

private:
  [[no_unique_address]] std::tuple<slot<Held>...> held_;
};

/// One `co_await e` of a lowered frame, from the operand's evaluation to the
/// end of the full-expression: keeps a prvalue operand alive, and the awaiter
/// its operator co_await returns (or refers to the operand when it is the
/// awaiter), exactly as a coroutine frame does. `A` is decltype((e)).
/// `Held` are the temporaries the operand's evaluation materializes (a task
/// may refer to them until it ends).
template <class A, class... Held> class awaiting {
  using awaiter_ref = decltype(get_awaiter(std::declval<A>()));
  static constexpr bool awaiter_is_operand = std::is_reference_v<awaiter_ref>;
  using awaiter_type = std::remove_reference_t<awaiter_ref>;

public:
  awaiting() noexcept = default;
  awaiting(const awaiting &) noexcept {}
  awaiting &operator=(const awaiting &) = delete;
  ~awaiting() { reset(); }

  /// Evaluates the operand (what `make()` returns) and finds its awaiter.
  template <class Make> awaiter_type &start(Make &&make) {
    if constexpr (std::is_reference_v<A>)
      operand_.bind(std::forward<Make>(make)());
    else
      operand_.construct_from(std::forward<Make>(make));
    if constexpr (awaiter_is_operand) {
      awaiter_.bind(as_lvalue(get_awaiter(static_cast<A &&>(*operand_))));
    } else {
      awaiter_.construct_from([&]() -> awaiter_type {
        return get_awaiter(static_cast<A &&>(*operand_));
      });
    }
    return *awaiter_;
  }
  /// See temporaries::hold.
  template <std::size_t I, class Make> decltype(auto) hold(Make &&make) {
    return held_.template hold<I>(std::forward<Make>(make));
  }

  awaiter_type &operator*() noexcept { return *awaiter_; }
  awaiter_type *operator->() noexcept { return std::addressof(*awaiter_); }
  /// The value of the co_await expression.
  decltype(auto) resume() { return (*awaiter_).await_resume(); }

  /// The full-expression ended: the awaiter dies, then the operand, then
  /// the temporaries its evaluation made.
  void destroy() noexcept {
    awaiter_.reset();
    operand_.reset();
    held_.destroy();
  }
  void reset() noexcept { destroy(); }

private:
  slot<A> operand_;
  slot<std::conditional_t<awaiter_is_operand, awaiter_type &, awaiter_type>>
      awaiter_;
  [[no_unique_address]] temporaries<Held...> held_;
};

/// One `co_yield e` of a lowered frame that yields a `Value` it constructs
/// (a converted copy, or a materialized prvalue) while `e` materializes
/// temporaries: all of them live until the frame resumes and the
/// full-expression ends; the value dies first.
template <class Value, class... Held>
class yielding : public temporaries<Held...> {
public:
  yielding() noexcept = default;
  yielding(const yielding &) noexcept = default;
  yielding &operator=(const yielding &) = delete;
  ~yielding() { value_.reset(); }

  /// Constructs the yielded value from what `make()` returns.
  template <class Make> Value &construct_from(Make &&make) {
    return value_.construct_from(std::forward<Make>(make));
  }
  Value &operator*() noexcept { return *value_; }

  void destroy() noexcept {
    value_.reset();
    temporaries<Held...>::destroy();
  }
  void reset() noexcept { destroy(); }

private:
  slot<Value> value_;
};

/// The address of what a reference expression denotes (rvalues included).
template <class T> std::remove_reference_t<T> *address_of(T &&object) noexcept {
  return std::addressof(object);
}

/// An agen::context_guard that lowered code can call statically: through a
/// unique public base (else only the registry calls it, as in native mode).
template <class T>
inline constexpr bool static_context_guard =
    std::is_convertible_v<std::remove_const_t<T> *, context_guard *>;

/// A hoisted local that lowered code calls statically: an agen::context_guard
/// among them registered with the frame, and the registry must know that it
/// need not call it (lowered_control::calls_guards_statically()).
template <class T> T &static_guard(T &local) noexcept {
  // A const guard: its slot constructed a non-const object.
  if constexpr (static_context_guard<T>)
    generator_control::call_statically(
        const_cast<std::remove_const_t<T> &>(local));
  return local;
}

/// Names the frame type in a call to host().
template <class Frame> struct lowered {};

/// What a lowered frame's agen_step() talks to.
template <class Yield, class Send>
class lowered_control : public generator_control {
public:
  using pointer = typename next_result<Yield>::pointer;

  /// At a co_yield: suspend with `*value` (see generator_control::yield).
  std::coroutine_handle<> yield_value(pointer value) noexcept {
    return yield(erase_pointer(value));
  }

  /// At a suspension and at its resume point: the static calls of the
  /// agen::context_guard locals are made only when no other guard is
  /// registered; otherwise the registry calls every guard (those locals
  /// included) in construction order, and the static code calls only the
  /// guards that are not agen::context_guard.
  bool calls_guards_statically() const noexcept { return !this->has_guards(); }

  /// After resuming at a co_yield: how the consumer resumed the frame.
  op_kind resumed_by() const noexcept { return op->kind; }
  /// athrow's exception, to raise at the co_yield.
  std::exception_ptr take_exception() noexcept {
    return std::exchange(op->exception, nullptr);
  }
  /// After resuming at a co_yield enclosed by a handler that could catch
  /// generator_exit (or when nothing closes): raises athrow's exception or
  /// generator_exit there, as native mode does.
  void raise_pending() {
    // op_kind orders next, send before raise, close: one comparison, which
    // the compiler drops after closing() has made it.
    if (op_kind kind = op->kind; kind >= op_kind::raise) [[unlikely]]
      raise_at_yield(kind);
  }
  /// After resuming at a co_yield that no handler could see generator_exit
  /// at: true when the frame is being closed (the frame then returns {} and
  /// the host destroys what is alive, no exception thrown). At a co_yield:
  /// true when the yield will be rejected (yielded_while_closing) without
  /// suspending, so the guards must not be suspended.
  bool closing() const noexcept {
    op_kind kind = op->kind;
    if (kind < op_kind::raise) [[likely]] // next or send
      return false;
    return kind == op_kind::close;
  }

  /// The value of the co_yield expression: asend's value, else Send{}.
  template <class S = Send>
    requires(!std::is_void_v<S>)
  S take_sent() {
    if (op->kind == op_kind::send)
      return std::move(*static_cast<S *>(op->send_value));
    return S{};
  }

  /// At a co_await whose await_ready() was false, after the static guards'
  /// on_suspend() (the registered ones are suspended here). The frame must
  /// not be touched after this returns: the awaiter may already have resumed
  /// it. If await_suspend() throws, the frame did not suspend: the guards are
  /// resumed (`resume_static()` for the static ones) before the exception
  /// leaves the co_await, so their calls still pair.
  template <class Awaiter, class ResumeStatic = void (*)() noexcept>
  std::coroutine_handle<> suspend_on(Awaiter &awaiter,
                                     ResumeStatic resume_static = no_guards) {
    this->suspend_guards();
    leave();
    std::coroutine_handle<> self = frame;
    AGEN_TRY {
      using result = decltype(awaiter.await_suspend(self));
      if constexpr (std::is_void_v<result>) {
        awaiter.await_suspend(self);
        return std::noop_coroutine();
      } else if constexpr (std::is_same_v<result, bool>) {
        return awaiter.await_suspend(self) ? std::noop_coroutine() : self;
      } else {
        return awaiter.await_suspend(self);
      }
    }
    AGEN_CATCH(...) {
      enter(); // not suspended after all: the body continues with the error
      this->resume_guards();
      resume_static();
      AGEN_RETHROW;
    }
  }

private:
  static void no_guards() noexcept {}
};

/// `Params` are the host coroutine's parameter types after lowered<Frame>:
/// references to the generator's arguments.
template <class Yield, class Send, class Frame, class... Params>
class lowered_promise final : public lowered_control<Yield, Send> {
public:
  /// Builds the frame from the generator's arguments (one move of each
  /// by-value parameter, as a coroutine's parameter copy).
  explicit lowered_promise(lowered<Frame>,
                           std::remove_reference_t<Params> &...args)
      : body_(static_cast<Params &&>(args)...) {}

  async_generator<Yield, Send> get_return_object() noexcept {
    this->frame = std::coroutine_handle<lowered_promise>::from_promise(*this);
    return async_generator<Yield, Send>(*this);
  }
  std::suspend_always initial_suspend() const noexcept { return {}; }
  finish_awaiter final_suspend() noexcept { return {*this}; }
  void unhandled_exception() noexcept { this->fail(std::current_exception()); }
  void return_void() noexcept {}

  /// One run of the body, from inside the host's await_suspend. What is
  /// alive when the body ends (fell off, co_return, close, exception) is
  /// destroyed here, before the consumer hears of the end.
  std::coroutine_handle<> step() {
    this->enter();
    // Resumes the registered guards (with the static ones among them in
    // construction order) before the resume point's static calls.
    this->resume_guards();
    // Unwinds what is alive during the stack unwinding of an exception that
    // escapes the body (no catch-and-rethrow: one throw, as in native mode).
    struct unwind_guard {
      Frame *frame;
      ~unwind_guard() {
        if (frame != nullptr)
          frame->agen_unwind();
      }
    } guard{&body_};
    std::coroutine_handle<> next = body_.agen_step(*this);
    guard.frame = nullptr;
    if (next)
      return next;
    body_.agen_unwind();
    finished_ = true; // resume the host so that it reaches final_suspend
    return this->frame;
  }
  bool finished() const noexcept { return finished_; }

private:
  Frame body_;
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

template <class Yield, class Send, class Frame, class... Params>
struct std::coroutine_traits<agen::async_generator<Yield, Send>,
                             agen::detail::lowered<Frame>, Params...> {
  using promise_type =
      agen::detail::lowered_promise<Yield, Send, Frame, Params...>;
};

namespace agen::detail {

/// The coroutine that hosts a lowered frame: one per generator call. Takes
/// the generator's arguments by reference; the promise moves or copies them
/// into the frame before this returns.
template <class Yield, class Send, class Frame, class... Args>
async_generator<Yield, Send> host(lowered<Frame>, Args &&...) {
  // Not `while (co_await ...)`: g++-12 miscompiles an await in a loop
  // condition (SPEC §8).
  for (;;) {
    const bool more = co_await run_lowered_step<
        lowered_promise<Yield, Send, Frame, Args &&...>>{};
    if (!more)
      co_return;
  }
}

} // namespace agen::detail
