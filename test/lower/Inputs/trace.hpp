// Shared by the test/lower programs: objects and a driver that print a trace,
// so that a program built natively and built from agen-rewrite's output can
// be compared line by line (native mode is the oracle).
#pragma once

#include <agen/agen.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

/// Prints its construction, copies, moves and destruction.
struct Spy {
  std::string name;
  explicit Spy(std::string n) : name(std::move(n)) {
    std::printf("+%s\n", name.c_str());
  }
  Spy(const Spy &o) : name(o.name + "'") { std::printf("+%s\n", name.c_str()); }
  Spy(Spy &&o) noexcept : name(o.name + "~") {
    std::printf("+%s\n", name.c_str());
  }
  Spy &operator=(const Spy &) = delete;
  ~Spy() { std::printf("-%s\n", name.c_str()); }
};

inline void say(const std::string &s) { std::printf("%s\n", s.c_str()); }

/// An awaiter that completes at once (await_ready() is true) and says when
/// its value is taken.
struct Logged {
  int v;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  int await_resume() const {
    say("resume " + std::to_string(v));
    return v;
  }
};

struct test_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Runs \p body on a fresh event loop to completion.
template <class Body> void run(Body body) {
  agen::event_loop loop;
  loop.run_until_complete(body(loop));
}

/// Drains \p g, printing each value, the end, or the exception.
template <class G> agen::task<void> drain(G &g) {
  try {
    while (auto r = co_await g.next())
      std::printf("got %s\n", std::to_string(*r).c_str());
    say("end");
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
  }
}

/// The context-guard side of a probe: prints "S name" / "R name" at each
/// callback and "+name" / "-name" at construction and destruction. Calls that
/// do not alternate (a guard called twice, or never resumed) and a destructor
/// running while the guard is suspended (outside its generator's context) are
/// printed as errors, so a trace comparison or a TRACE check catches them.
class probe_state {
public:
  explicit probe_state(std::string n) : name_(std::move(n)) {
    std::printf("+%s\n", name_.c_str());
  }
  probe_state(const probe_state &) = delete;
  probe_state &operator=(const probe_state &) = delete;
  ~probe_state() {
    std::printf("-%s%s\n", name_.c_str(),
                suspended_ ? " ERROR: destroyed while suspended" : "");
  }
  void suspend() noexcept {
    std::printf("S %s%s\n", name_.c_str(),
                suspended_ ? " ERROR: already suspended" : "");
    suspended_ = true;
  }
  void resume() noexcept {
    std::printf("R %s%s\n", name_.c_str(),
                suspended_ ? "" : " ERROR: not suspended");
    suspended_ = false;
  }

private:
  std::string name_;
  bool suspended_ = false;
};

/// A guard derived from agen::context_guard: both modes call it.
class Probe final : public agen::context_guard {
public:
  explicit Probe(std::string n) : state_(std::move(n)) {}
  void on_suspend() noexcept override { state_.suspend(); }
  void on_resume() noexcept override { state_.resume(); }

private:
  probe_state state_;
};

/// A guard by its members only (no base class): lowered mode calls it, native
/// mode cannot (it only knows agen::context_guard's registry).
class PlainProbe {
public:
  explicit PlainProbe(std::string n) : state_(std::move(n)) {}
  void on_suspend() noexcept { state_.suspend(); }
  void on_resume() noexcept { state_.resume(); }

private:
  probe_state state_;
};
