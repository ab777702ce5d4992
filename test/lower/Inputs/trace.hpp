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
