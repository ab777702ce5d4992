// Shared support for the programs that test/fuzz/gen_program.py generates.
// gen_program.py pastes this file into every generated translation unit, so a
// kept reproducer is one self-contained .cpp. It contains no annotated
// generator: agen-rewrite must leave it byte-identical.
#include <agen/agen.hpp>

#include <chrono>
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fuzz {

/// The custom error type generated bodies and drivers throw.
struct Err {
  int code;
};

/// Where one program writes its trace: every line is prefixed with the
/// program's id and the generator instance, and written at once (a crash
/// loses nothing already traced).
struct Env {
  agen::event_loop &loop;
  const char *prog;   // "P017"
  int instance = 0;   // which generator instance of the program runs
  long live = 0;      // Spy objects alive
  long pending = 0;   // awaiters suspended on this program's Post/Sleep
  int clock = 0;      // advanced whenever a post/sleep awaiter resumes

  void line(const std::string &text) const {
    std::printf("%s %s\n", prog, text.c_str());
    std::fflush(stdout);
  }
  /// A trace point in a generator body: the site and a value.
  void log(int site, int value) {
    line("g" + std::to_string(instance) + " L" + std::to_string(site) + " " +
         std::to_string(value));
  }
  /// A call with a side effect inside an expression: logs, gives `value`.
  int tick(int site, int value) {
    log(site, value);
    return value;
  }
  void caught(int site, const char *what) {
    line("g" + std::to_string(instance) + " L" + std::to_string(site) +
         " caught " + what);
  }

  /// Completes without suspending (await_ready is true) with `value`.
  auto ready(int value) noexcept {
    struct awaiter {
      int value;
      bool await_ready() const noexcept { return true; }
      void await_suspend(std::coroutine_handle<>) const noexcept {}
      int await_resume() const noexcept { return value; }
    };
    return awaiter{value};
  }

  /// Suspends; the event loop resumes it at its next turn with `value`.
  auto post(int value) noexcept {
    struct awaiter {
      Env &env;
      int value;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) {
        ++env.pending;
        env.loop.post([e = &env, h] {
          --e->pending;
          h.resume();
        });
      }
      int await_resume() const noexcept {
        ++env.clock;
        return value;
      }
    };
    return awaiter{*this, value};
  }

  /// Suspends on the loop's timer queue (sleep_for(0)) and gives `value`.
  auto sleep(int value) noexcept {
    using inner_t = decltype(loop.sleep_for(std::chrono::milliseconds(0)));
    struct awaiter {
      Env &env;
      inner_t inner;
      int value;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) {
        ++env.pending;
        inner.await_suspend(h);
      }
      int await_resume() noexcept {
        --env.pending;
        ++env.clock;
        return value;
      }
    };
    return awaiter{*this, loop.sleep_for(std::chrono::milliseconds(0)), value};
  }
};

/// Logs "+name" when constructed and "-name" when destroyed.
class Spy {
public:
  Spy(Env &env, const char *name) : env_(env), name_(name) {
    ++env_.live;
    env_.line("g" + std::to_string(env_.instance) + " +" + name_);
  }
  Spy(const Spy &) = delete;
  Spy &operator=(const Spy &) = delete;
  ~Spy() {
    --env_.live;
    env_.line("g" + std::to_string(env_.instance) + " -" + name_);
  }

  /// What a task reads of a Spy it was given by reference.
  int seen() const { return env_.live > 0 ? 1 : 0; }

private:
  Env &env_;
  const char *name_;
};

/// A task that reads `spy` when it runs, after the co_await that made it
/// started it: `spy` must still be alive then (a temporary lives to the end
/// of the co_await's full-expression).
inline agen::task<int> with_spy(const Spy &spy, int value) {
  co_return value + spy.seen() - 1;
}

/// The value a `co_yield fuzz::spied(fuzz::Spy(...), e)` yields; the Spy, a
/// temporary of the yield's full-expression, dies after the generator resumes.
inline int spied(const Spy &spy, int value) { return value + spy.seen() - 1; }

/// next: co_await next(). send: asend(value). raise: athrow(Err{value}).
/// close: aclose(). drop: destroy the handle. overlap: start a next() and,
/// while it is in flight (the body waits on an await), try a second next()
/// (already_running), then finish the first. abandon: start a next() and,
/// while it is in flight, destroy the handle (a usage error the runtime
/// reports to the unraisable hook; the generator closes when the operation
/// resumes it), then finish the first.
enum class op_kind { next, send, raise, close, drop, overlap, abandon };
struct Op {
  op_kind kind;
  int value;
};

inline const char *state_name(agen::state s) {
  switch (s) {
  case agen::state::created:
    return "created";
  case agen::state::suspended:
    return "suspended";
  case agen::state::running:
    return "running";
  case agen::state::closed:
    return "closed";
  }
  return "?";
}

/// What the exception in flight is, as a trace word.
inline std::string describe_current_exception() {
  try {
    throw;
  } catch (const Err &e) {
    return "Err(" + std::to_string(e.code) + ")";
  } catch (const agen::generator_exit &) {
    return "generator_exit";
  } catch (const agen::already_running &) {
    return "already_running";
  } catch (const agen::yielded_while_closing &) {
    return "yielded_while_closing";
  } catch (const std::logic_error &) {
    return "logic_error";
  } catch (const std::exception &) {
    return "std::exception";
  } catch (...) {
    return "unknown";
  }
}

/// Awaits g.next() and tells the result as a trace word.
template <class G> agen::task<std::string> next_text(G &g) {
  try {
    auto r = co_await g.next();
    co_return r ? "yield " + std::to_string(*r) : std::string("end");
  } catch (...) {
    co_return "threw " + describe_current_exception();
  }
}

/// Lets the loop run until no awaiter of this program is pending and no Spy
/// is alive (a detached or finalizer-scheduled close finishes), at least a
/// few turns. Gives up after many turns and says so.
inline agen::task<void> settle(Env &env) {
  int turns = 0;
  for (; turns < 4 || ((env.pending > 0 || env.live > 0) && turns < 5000);
       ++turns)
    co_await env.loop.schedule();
  if (env.pending > 0 || env.live > 0)
    env.line("STUCK pending=" + std::to_string(env.pending) +
             " live=" + std::to_string(env.live));
}

/// Drives instances of one generator function through `ops`. `make(env)`
/// calls the generator function (or the program's generator lambda). A drop destroys the handle (the next
/// operation starts a new instance). `finalizer`: keep the event loop's
/// hooks (a dropped generator is closed by the loop); otherwise no hooks (a
/// dropped generator closes synchronously).
template <class Y, class S>
agen::task<void>
drive_impl(Env &env, std::function<agen::async_generator<Y, S>(Env &)> make,
           std::span<const Op> ops, bool finalizer) {
  env.line("begin");
  std::optional<agen::asyncgen_hooks> previous;
  if (!finalizer)
    previous = agen::set_asyncgen_hooks({});
  {
    std::optional<agen::async_generator<Y, S>> g;
    int step = 0;
    for (const Op &op : ops) {
      std::string head = "op" + std::to_string(step++) + " ";
      if (!g) {
        ++env.instance;
        g.emplace(make(env));
        env.line("new g" + std::to_string(env.instance));
      }
      std::string result;
      try {
        switch (op.kind) {
        case op_kind::next: {
          head += "next";
          auto r = co_await g->next();
          result = r ? "yield " + std::to_string(*r) : std::string("end");
          break;
        }
        case op_kind::send: {
          head += "asend(" + std::to_string(op.value) + ")";
          if constexpr (std::is_void_v<S>) {
            result = "n/a";
          } else {
            auto r = co_await g->asend(op.value);
            result = r ? "yield " + std::to_string(*r) : std::string("end");
          }
          break;
        }
        case op_kind::raise: {
          head += "athrow(Err(" + std::to_string(op.value) + "))";
          auto r =
              co_await g->athrow(std::make_exception_ptr(Err{op.value}));
          result = r ? "yield " + std::to_string(*r) : std::string("end");
          break;
        }
        case op_kind::close:
          head += "aclose";
          co_await g->aclose();
          result = "closed";
          break;
        case op_kind::overlap: {
          head += "overlap";
          auto first = next_text(*g);
          first.start();
          if (first.done()) {
            result = "first " + co_await std::move(first) + ", not in flight";
            break;
          }
          std::string during = state_name(g->state());
          std::string second = co_await next_text(*g);
          result = "first " + co_await std::move(first) + ", in flight " +
                   during + ", second " + second;
          break;
        }
        case op_kind::abandon: {
          head += "abandon";
          auto first = next_text(*g);
          first.start();
          if (first.done()) {
            result = "first " + co_await std::move(first) + ", not in flight";
            break;
          }
          env.line(head + " in flight");
          g.reset();
          result = "first " + co_await std::move(first) + ", dropped in flight";
          co_await settle(env);
          break;
        }
        case op_kind::drop:
          head += "drop";
          env.line(head);
          g.reset();
          result = "dropped";
          co_await settle(env);
          break;
        }
      } catch (...) {
        result = "threw " + describe_current_exception();
      }
      env.line(head + " -> " + result + " state=" +
               (g ? state_name(g->state()) : "none"));
    }
    env.line("end of ops");
  } // the last handle, if any, is destroyed here
  co_await settle(env);
  if (previous)
    agen::set_asyncgen_hooks(std::move(*previous));
  env.line("finish live=" + std::to_string(env.live) +
           " pending=" + std::to_string(env.pending));
}

/// drive_impl, instantiated once per generator type (not once per program:
/// that keeps a batch of programs cheap to compile).
inline agen::task<void>
drive(Env &env, std::function<agen::async_generator<int>(Env &)> make,
      std::span<const Op> ops, bool finalizer) {
  return drive_impl<int, void>(env, std::move(make), ops, finalizer);
}
inline agen::task<void>
drive(Env &env, std::function<agen::async_generator<int, int>(Env &)> make,
      std::span<const Op> ops, bool finalizer) {
  return drive_impl<int, int>(env, std::move(make), ops, finalizer);
}

/// The id of the program running now (for unraisable reports).
inline const char *current_program = "P?";

/// Runs the programs whose ids are in `argv` (all when there are none).
struct program_entry {
  const char *id;
  agen::task<void> (*run)(agen::event_loop &);
};

inline int main_driver(std::span<const program_entry> programs, int argc,
                       char **argv) {
  agen::set_unraisable_hook([](std::exception_ptr e, std::string_view m) {
    std::string what;
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (...) {
        what = ": " + describe_current_exception();
      }
    }
    std::printf("%s unraisable %.*s%s\n", current_program, int(m.size()),
                m.data(), what.c_str());
    std::fflush(stdout);
  });
  for (const program_entry &p : programs) {
    bool wanted = argc <= 1;
    for (int i = 1; i < argc; ++i)
      wanted = wanted || std::strcmp(argv[i], p.id) == 0;
    if (!wanted)
      continue;
    current_program = p.id;
    agen::event_loop loop;
    loop.run_until_complete(p.run(loop));
    loop.run();
    std::printf("%s done\n", p.id);
    std::fflush(stdout);
  }
  return 0;
}

} // namespace fuzz
