// The flagship example: an async generator that owns a connection, consumed
// by a loop that stops early. aclose() runs the generator's asynchronous
// cleanup (a goodbye message is awaited) before the consumer's next
// statement; a rounding-mode guard keeps the generator's floating-point
// context from leaking into the consumer across co_yield; an abandoned
// generator is closed by the event loop's finalizer.
#include <agen/agen.hpp>

#include <cfenv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

namespace {

agen::event_loop loop;

/// A stand-in for a socket: says when it opens and closes.
class connection {
public:
  explicit connection(std::string peer) : peer_(std::move(peer)) {
    std::printf("  [%s] connected\n", peer_.c_str());
  }
  connection(const connection &) = delete;
  connection &operator=(const connection &) = delete;
  ~connection() { std::printf("  [%s] socket closed\n", peer_.c_str()); }

  agen::task<double> read() {
    co_await loop.sleep_for(1ms); // pretend to wait for the network
    co_return 0.1 * ++reads_;
  }
  agen::task<void> say_goodbye() {
    co_await loop.sleep_for(1ms);
    std::printf("  [%s] goodbye sent\n", peer_.c_str());
  }

private:
  std::string peer_;
  int reads_ = 0;
};

/// Rounds upward inside the generator only: on_suspend hands the consumer
/// its own rounding mode back, on_resume reinstalls the generator's.
class upward_rounding final : public agen::context_guard {
public:
  upward_rounding() : outer_(std::fegetround()) { std::fesetround(FE_UPWARD); }
  upward_rounding(const upward_rounding &) = delete;
  upward_rounding &operator=(const upward_rounding &) = delete;
  ~upward_rounding() override { std::fesetround(outer_); }

  void on_suspend() noexcept override {
    mine_ = std::fegetround();
    std::fesetround(outer_);
  }
  void on_resume() noexcept override {
    outer_ = std::fegetround();
    std::fesetround(mine_);
  }

private:
  int outer_;
  int mine_ = FE_UPWARD;
};

AGEN_GENERATOR agen::async_generator<double> readings(std::string peer) {
  connection conn(peer);
  std::exception_ptr closing;
  try {
    upward_rounding rounding;
    for (;;)
      // 10 * 0.1 is a hair above 1, so rounding upward gives 2: the
      // generator really runs in its own rounding mode.
      co_yield std::nearbyint(10 * co_await conn.read()) / 10;
  } catch (...) {
    closing = std::current_exception(); // generator_exit from aclose()
  }
  co_await conn.say_goodbye(); // asynchronous cleanup, impossible in C++ today
  if (closing)
    std::rethrow_exception(closing);
}

agen::task<void> consume() {
  std::puts("consumer: reading three values, then stopping early");
  auto g = readings("sensor-1");
  for (int i = 0; i < 3; ++i) {
    auto r = co_await g.next();
    std::printf("consumer: got %.1f (rounding mode here is %s)\n", *r,
                std::fegetround() == FE_TONEAREST ? "to-nearest" : "LEAKED");
  }
  co_await g.aclose();
  std::puts("consumer: after aclose(): the socket is already closed");

  std::puts("consumer: abandoning a second generator without aclose()");
  {
    auto h = readings("sensor-2");
    co_await h.next();
  } // the event loop's finalizer schedules h.aclose()
  co_await loop.sleep_for(10ms);
  std::puts("consumer: done");
}

} // namespace

int main() {
  loop.run_until_complete(consume());
  return 0;
}
