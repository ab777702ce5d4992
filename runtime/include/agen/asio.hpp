/// \file
/// agen with asio (standalone asio >= 1.22, Debian's libasio-dev). Optional:
/// only code that includes this header needs asio.
///
///  - agen::use_agen: a completion token, so that a generator body (or any
///    C++20 coroutine) can `co_await` any asio asynchronous operation.
///    Errors are thrown (asio::system_error); with
///    agen::as_result(agen::use_agen) they are returned instead, as the first
///    element of a std::tuple of the completion's arguments.
///  - agen::asio_loop: makes an asio::io_context an agen event loop: its
///    finalizer posts aclose() of abandoned generators onto the context and
///    shutdown_asyncgens() closes the ones still open (asyncio's).
#pragma once

#include <agen/any_async_generator.hpp>
#include <agen/asyncgen_hooks.hpp>
#include <agen/detail/asio_awaitable.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/detail/generator_registry.hpp>
#include <agen/generator_ref.hpp>
#include <agen/task.hpp>
#include <agen/unraisable.hpp>

#include <asio/async_result.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <coroutine>
#include <cstddef>
#include <exception>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>

namespace agen {

/// Completion token: `co_await sock.async_read_some(buf, agen::use_agen)`
/// suspends the awaiting coroutine, starts the operation, and resumes the
/// coroutine from the completion handler, on the I/O object's executor.
/// The result is the completion's arguments without the leading error:
/// nothing (void), the one value, or a std::tuple of them. A leading
/// error_code that is set is thrown as asio::system_error; a leading
/// exception_ptr that is set is rethrown. The operation starts only when
/// awaited, and the awaitable must be awaited where it was created (as
/// `co_await op(..., use_agen)`): the handler points into it.
struct use_agen_t {
  constexpr use_agen_t() noexcept = default;
};
inline constexpr use_agen_t use_agen{};

/// Completion token wrapper: `co_await op(...,
/// agen::as_result(agen::use_agen))` gives all of the completion's arguments as
/// a std::tuple, error_code first, and throws nothing for an operation that
/// fails.
template <class Token> struct as_result_t {
  Token token;
};
constexpr as_result_t<use_agen_t> as_result(use_agen_t) noexcept { return {}; }

/// Drives an asio::io_context as an agen event loop, on the thread that
/// creates it and runs the context (one thread).
///
/// While it exists, its asyncgen hooks are installed on the creating thread:
/// generators started there are watched (weakly), and one whose handle is
/// destroyed unfinished has its aclose() posted onto the io_context: it is
/// closed when the context runs that handler, within one turn. Errors from
/// such a close go to the unraisable hook. Destroy it on the creating thread,
/// in reverse order of other hook scopes there.
///
/// Coroutines suspended on asio operations belong to those operations: run
/// the context until they complete (or cancel them) before destroying it,
/// as with any asio coroutine.
class asio_loop {
public:
  explicit asio_loop(asio::io_context &io)
      : io_(io), previous_(set_asyncgen_hooks(
                     {[this](const generator_ref &g) { registry_.watch(g); },
                      [ex = io.get_executor()](any_async_generator g) {
                        // May run on any thread; posting is thread-safe.
                        asio::post(ex, close_later{std::move(g)});
                      }})) {}
  asio_loop(const asio_loop &) = delete;
  asio_loop &operator=(const asio_loop &) = delete;

  /// Restores the hooks it replaced. Generators it watched that are still
  /// alive lose its finalizer: dropping one later closes it synchronously.
  /// Closes already posted stay queued on the io_context (destroying the
  /// context unrun closes them synchronously).
  ~asio_loop() {
    registry_.detach_all();
    set_asyncgen_hooks(std::move(previous_));
  }

  asio::io_context &context() const noexcept { return io_; }

  /// Starts `t` from a handler posted to the io_context and keeps it alive
  /// until it finishes; an exception escaping it goes to the unraisable
  /// hook. Never started if the context is destroyed before running it.
  void spawn(task<void> t) {
    asio::post(io_, [t = std::move(t)]() mutable { drive(std::move(t)); });
  }

  /// Starts `t` on the calling thread, runs the io_context one handler at a
  /// time until `t` completes (other work keeps running meanwhile), and
  /// returns its result or rethrows its exception. Restarts a stopped
  /// context first. Throws std::logic_error if `t` is suspended and the
  /// context runs out of work (or is stopped) before it completes.
  template <class T> T run_until_complete(task<T> t) {
    if (io_.stopped())
      io_.restart();
    t.start();
    while (!t.done()) {
      if (io_.run_one() == 0)
        detail::throw_error(std::logic_error(
            "asio_loop::run_until_complete: the task is suspended and the "
            "io_context has no work left (or was stopped)"));
    }
    return t.result();
  }

  /// Closes every generator this loop saw start that is still suspended at
  /// a co_yield, one by one; errors go to the unraisable hook. A second call
  /// finds none.
  task<void> shutdown_asyncgens() { return registry_.close_all(); }

  /// Generators this loop saw start whose frames still exist.
  std::size_t watched_count() const noexcept { return registry_.size(); }

private:
  /// A fire-and-forget coroutine: starts at once, frees itself at the end.
  struct detached {
    struct promise_type {
      detached get_return_object() const noexcept { return {}; }
      std::suspend_never initial_suspend() const noexcept { return {}; }
      std::suspend_never final_suspend() const noexcept { return {}; }
      void return_void() const noexcept {}
      void unhandled_exception() const noexcept {
        detail::report_unraisable(std::current_exception(),
                                  "unhandled exception in a task spawned on "
                                  "an asio_loop");
      }
    };
  };

  static detached drive(task<void> t) { co_await std::move(t); }

  /// Posted by the finalizer. Move-only, as asio::post allows: it owns the
  /// generator, so a context destroyed unrun closes it synchronously.
  struct close_later {
    any_async_generator g;
    void operator()() { drive(detail::close_abandoned(std::move(g))); }
  };

  asio::io_context &io_;
  detail::generator_registry registry_;
  asyncgen_hooks previous_;
};

} // namespace agen

namespace asio {

/// agen::use_agen for an operation completing with `void(Args...)`.
template <class R, class... Args>
class async_result<agen::use_agen_t, R(Args...)> {
public:
  template <class Initiation, class... InitArgs>
  static auto initiate(Initiation &&initiation, agen::use_agen_t,
                       InitArgs &&...args) {
    return agen::detail::asio_awaitable<false, std::decay_t<Initiation>,
                                        std::tuple<std::decay_t<InitArgs>...>,
                                        Args...>(
        std::forward<Initiation>(initiation), std::forward<InitArgs>(args)...);
  }
};

/// agen::as_result(agen::use_agen): the same, every argument returned.
template <class R, class... Args>
class async_result<agen::as_result_t<agen::use_agen_t>, R(Args...)> {
public:
  template <class Initiation, class... InitArgs>
  static auto initiate(Initiation &&initiation,
                       agen::as_result_t<agen::use_agen_t>,
                       InitArgs &&...args) {
    return agen::detail::asio_awaitable<true, std::decay_t<Initiation>,
                                        std::tuple<std::decay_t<InitArgs>...>,
                                        Args...>(
        std::forward<Initiation>(initiation), std::forward<InitArgs>(args)...);
  }
};

} // namespace asio
