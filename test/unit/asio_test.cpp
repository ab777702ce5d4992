// <agen/asio.hpp> over real TCP on 127.0.0.1, through the json-lines
// example's client (read_json_lines) and server: the use_agen token, the
// asio_loop's finalizer and shutdown, prompt socket cleanup on early exit,
// faults and load. Cleanup is proven by counting this process's open file
// descriptors: the client's socket must be gone right after aclose() (or
// the operation that failed), and every descriptor once the server has
// finished. Each test runs its io_context with a deadline.

#include "support.hpp"

#include <agen/agen.hpp>
#include <agen/asio.hpp>

#include <json_lines.hpp>
#include <json_lines_server.hpp>

#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <chrono>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

namespace {

using namespace std::chrono_literals;
using agen_test::CallbackGuard;
using agen_test::Log;
using agen_test::UnraisableScope;
using json_lines::connection_event;
using json_lines::server;
using json_lines::server_script;

/// Open file descriptors of this process (the directory stream's own
/// descriptor included, the same on every call).
std::size_t fd_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] auto &entry :
       std::filesystem::directory_iterator("/proc/self/fd"))
    ++n;
  return n;
}

template <class E, class F> std::string error_of(F &&f) {
  try {
    f();
  } catch (const E &e) {
    return e.what();
  }
  return "no exception";
}

class AsioTest : public ::testing::Test {
protected:
  /// Options whose trace logs "connected", "closed" and "end" and counts
  /// live connection states (the generators' locals).
  json_lines::read_options traced(std::size_t max_line = 1 << 20) {
    json_lines::read_options options;
    options.max_line_bytes = max_line;
    options.trace = [this](connection_event e, const std::string &) {
      switch (e) {
      case connection_event::begin:
        ++live;
        break;
      case connection_event::connected:
        log("connected");
        break;
      case connection_event::closed:
        log("closed");
        break;
      case connection_event::end:
        --live;
        log("end");
        break;
      }
    };
    return options;
  }

  auto read(std::uint16_t port, std::size_t max_line = 1 << 20) {
    return json_lines::read_json_lines(io.get_executor(), "127.0.0.1", port,
                                       traced(max_line));
  }

  agen::task<void> first_document(std::uint16_t port) {
    auto docs = read(port);
    co_await docs.next();
  }

  agen::task<int> count_documents(std::string host, std::uint16_t port) {
    auto docs = json_lines::read_json_lines(io.get_executor(), std::move(host),
                                            port, traced());
    int n = 0;
    while (co_await docs.next())
      ++n;
    co_return n;
  }

  /// Starts `s` and records the baseline: descriptors with the io_context's
  /// reactor and the listening socket open, and no connection.
  void serve(server &s) {
    loop.spawn(s.run());
    baseline = fd_count();
  }

  /// What must be open while the server still serves `s.open_connections()`
  /// connections and no client socket is open.
  std::size_t expected_fds(const server &s) const {
    return baseline + s.open_connections();
  }

  /// Stops `s`, lets its connections finish (bounded), and checks that
  /// every descriptor but the closed listening socket is back.
  void finish(server &s) {
    s.stop();
    io.restart();
    io.run_for(5s);
    EXPECT_TRUE(io.stopped()) << "work left on the io_context";
    EXPECT_EQ(s.open_connections(), 0u);
    EXPECT_EQ(fd_count(), baseline - 1);
    EXPECT_EQ(live, 0);
    EXPECT_EQ(loop.watched_count(), 0u);
  }

  // Declared first, destroyed last: traces may run while the io_context
  // and the loop are destroyed.
  Log log;
  int live = 0;
  std::size_t baseline = 0;
  asio::io_context io;
  agen::asio_loop loop{io};
};

// ---- The token
// ---------------------------------------------------------------

agen::task<std::string> token_in_task(asio::io_context &io) {
  std::string out;
  co_await asio::post(io, agen::use_agen); // void()
  asio::steady_timer timer(io, 1ms);
  co_await timer.async_wait(agen::use_agen); // void(error_code), no error
  timer.expires_after(1h);
  asio::post(io, [&timer] { timer.cancel(); });
  try {
    co_await timer.async_wait(agen::use_agen);
    out += "no throw;";
  } catch (const asio::system_error &e) {
    out += e.code() == asio::error::operation_aborted ? "aborted;" : "other;";
  }
  timer.expires_after(1h);
  asio::post(io, [&timer] { timer.cancel(); });
  auto [ec] = co_await timer.async_wait(agen::as_result(agen::use_agen));
  out +=
      ec == asio::error::operation_aborted ? "result aborted" : "result other";
  co_return out;
}

TEST_F(AsioTest, UseAgenThrowsOrReturnsErrorsInATask) {
  EXPECT_EQ(loop.run_until_complete(token_in_task(io)),
            "aborted;result aborted");
}

AGEN_GENERATOR agen::async_generator<int> ticks(asio::io_context &io, Log &log,
                                                int n) {
  CallbackGuard guard([&log] { log("suspend"); }, [&log] { log("resume"); });
  asio::steady_timer timer(io);
  for (int i = 0; i < n; ++i) {
    timer.expires_after(1ms);
    co_await timer.async_wait(agen::use_agen);
    co_yield i;
  }
}

agen::task<int> sum_ticks(asio::io_context &io, Log &log) {
  auto g = ticks(io, log, 3);
  int sum = 0;
  while (auto v = co_await g.next())
    sum += *v;
  co_return sum;
}

// Inside a native generator the awaiter is wrapped by the promise: a timer
// wait is a real suspension, so the context guards see it (SPEC §4).
TEST_F(AsioTest, UseAgenInsideAGeneratorSuspendsItsGuards) {
  EXPECT_EQ(loop.run_until_complete(sum_ticks(io, log)), 3);
  // Per value: the timer wait (suspend, resume), then the co_yield (suspend,
  // resume at the next next()); the last wait ends in the body's end.
  Log expected;
  for (int i = 0; i < 6; ++i) {
    expected("suspend");
    expected("resume");
  }
  EXPECT_EQ(log, expected);
}

// ---- Early exit, abandonment, shutdown
// ------------------------------------------

class AsioCleanupTest : public AsioTest {
protected:
  agen::task<void> stop_after_three(server &s) {
    auto docs = read(s.port());
    for (int i = 0; i < 3; ++i) {
      auto doc = co_await docs.next();
      EXPECT_EQ((*doc)["seq"], i);
    }
    // The client socket and the server's end of the connection.
    EXPECT_EQ(fd_count(), baseline + 2);
    co_await docs.aclose();
    // The consumer's next statement: the client socket is already closed.
    log("after aclose");
    EXPECT_EQ(fd_count(), expected_fds(s));
    EXPECT_EQ(live, 0);
  }

  agen::task<void> drop_unclosed(server &s) {
    {
      auto docs = read(s.port());
      co_await docs.next();
      EXPECT_EQ(fd_count(), baseline + 2);
    } // the finalizer posts docs.aclose(): nothing is closed yet
    log("dropped");
    EXPECT_EQ(live, 1);
    co_await asio::post(io, agen::use_agen); // one turn of the loop
    log("one turn later");
    EXPECT_EQ(fd_count(), expected_fds(s));
    EXPECT_EQ(live, 0);
  }

  agen::task<void> open_three_then_shutdown(server &s) {
    auto a = read(s.port());
    auto b = read(s.port());
    auto c = read(s.port());
    co_await a.next();
    co_await b.next();
    co_await c.next();
    EXPECT_EQ(loop.watched_count(), 3u);
    EXPECT_EQ(fd_count(), baseline + 6);
    co_await loop.shutdown_asyncgens();
    log("after shutdown");
    EXPECT_EQ(a.state(), agen::state::closed);
    EXPECT_EQ(b.state(), agen::state::closed);
    EXPECT_EQ(c.state(), agen::state::closed);
    EXPECT_EQ(fd_count(), expected_fds(s));
    EXPECT_EQ(live, 0);
    co_await loop.shutdown_asyncgens(); // finds none
  }
};

TEST_F(AsioCleanupTest, EarlyBreakClosesTheSocketBeforeTheNextStatement) {
  server s(loop, server_script::stream());
  serve(s);
  loop.run_until_complete(stop_after_three(s));
  Log expected;
  for (const char *e : {"connected", "closed", "end", "after aclose"})
    expected(e);
  EXPECT_EQ(log, expected);
  finish(s);
}

TEST_F(AsioCleanupTest, AbandonedGeneratorIsClosedByTheLoopWithinOneTurn) {
  server s(loop, server_script::stream());
  serve(s);
  loop.run_until_complete(drop_unclosed(s));
  Log expected;
  for (const char *e :
       {"connected", "dropped", "closed", "end", "one turn later"})
    expected(e);
  EXPECT_EQ(log, expected);
  finish(s);
}

TEST_F(AsioCleanupTest, ShutdownAsyncgensClosesEveryOpenGenerator) {
  server s(loop, server_script::stream());
  serve(s);
  loop.run_until_complete(open_three_then_shutdown(s));
  EXPECT_EQ(log.count("closed"), 3);
  EXPECT_EQ(log.back(), "after shutdown");
  finish(s);
}

// ---- Faults
// ----------------------------------------------------------------------

class AsioFaultTest : public AsioTest {
protected:
  /// Reads every document; returns how many, rethrows the error. The
  /// descriptors are checked right where the error arrives.
  agen::task<int> read_all(server &s, std::size_t max_line = 1 << 20) {
    auto docs = read(s.port(), max_line);
    int n = 0;
    try {
      while (co_await docs.next())
        ++n;
    } catch (...) {
      log("caught");
      EXPECT_EQ(docs.state(), agen::state::closed);
      EXPECT_EQ(fd_count(), expected_fds(s));
      EXPECT_EQ(live, 0);
      throw;
    }
    co_return n;
  }

  /// Expects read_all to fail after `docs` documents with an input_error at
  /// `line` whose message contains `text`.
  void expect_input_error(server &s, std::size_t line, const std::string &text,
                          std::size_t max_line = 1 << 20) {
    try {
      loop.run_until_complete(read_all(s, max_line));
      ADD_FAILURE() << "no error";
    } catch (const json_lines::input_error &e) {
      EXPECT_EQ(e.line(), line);
      EXPECT_THAT(e.what(), ::testing::HasSubstr(text));
    }
    // Closed before the error reached the consumer.
    Log expected;
    for (const char *e : {"connected", "closed", "end", "caught"})
      expected(e);
    EXPECT_EQ(log, expected);
  }

  agen::task<void> throw_in_loop_body(server &s, bool close_explicitly) {
    auto docs = read(s.port());
    std::exception_ptr error;
    try {
      for (int i = 0;; ++i) {
        co_await docs.next();
        if (i == 1)
          throw std::runtime_error("the consumer gave up");
      }
    } catch (...) {
      error = std::current_exception();
    }
    if (close_explicitly) {
      co_await docs.aclose(); // co_await is not allowed in a handler
      EXPECT_EQ(fd_count(), expected_fds(s));
    }
    std::rethrow_exception(error);
  }
};

TEST_F(AsioFaultTest, MalformedLineNamesItsNumber) {
  server s(loop,
           server_script::raw("{\"a\":1}\n{\"a\":2}\n{oops}\n{\"a\":4}\n"));
  serve(s);
  expect_input_error(s, 3, "json-lines: line 3: malformed JSON");
  finish(s);
}

TEST_F(AsioFaultTest, LineOverTheLimit) {
  // The long line arrives in the same read as the good one.
  server s(loop, server_script::raw("{\"ok\":true}\n\"" +
                                    std::string(200, 'x') + "\"\n"));
  serve(s);
  expect_input_error(s, 2, "line 2: longer than the limit of 64 bytes", 64);
  finish(s);
}

TEST_F(AsioFaultTest, UnterminatedLineOverTheLimitIsNotBufferedForever) {
  // No newline ever comes: the limit stops the read, not the end of stream.
  server s(loop, server_script::raw("[" + std::string(1 << 20, '1'), true));
  serve(s);
  expect_input_error(s, 1, "line 1: longer than the limit of 1000 bytes", 1000);
  finish(s);
}

TEST_F(AsioFaultTest, ServerClosingMidLine) {
  server s(loop, server_script::raw("{\"a\":1}\n{\"a\":"));
  serve(s);
  expect_input_error(s, 2,
                     "line 2: the connection closed in the middle of the line "
                     "(5 bytes without a newline)");
  finish(s);
}

TEST_F(AsioFaultTest, ConnectionRefused) {
  std::uint16_t port;
  {
    server gone(loop, server_script::count(0));
    port = gone.port();
  } // nobody listens there any more
  server s(loop, server_script::count(0));
  serve(s);
  std::error_code code;
  std::string what;
  try {
    loop.run_until_complete(first_document(port));
  } catch (const asio::system_error &e) {
    code = e.code();
    what = e.what();
  }
  EXPECT_EQ(code, asio::error::connection_refused);
  EXPECT_EQ(what, "connecting to 127.0.0.1:" + std::to_string(port) +
                      ": Connection refused");
  Log expected;
  for (const char *e : {"closed", "end"})
    expected(e);
  EXPECT_EQ(log, expected);
  EXPECT_EQ(fd_count(), baseline);
  finish(s);
}

TEST_F(AsioFaultTest, ConsumerThrowsAndClosesExplicitly) {
  server s(loop, server_script::stream());
  serve(s);
  EXPECT_EQ(error_of<std::runtime_error>(
                [&] { loop.run_until_complete(throw_in_loop_body(s, true)); }),
            "the consumer gave up");
  EXPECT_EQ(live, 0);
  finish(s);
}

TEST_F(AsioFaultTest, ConsumerThrowsAndTheLoopClosesWithinOneTurn) {
  server s(loop, server_script::stream());
  serve(s);
  EXPECT_EQ(error_of<std::runtime_error>(
                [&] { loop.run_until_complete(throw_in_loop_body(s, false)); }),
            "the consumer gave up");
  // The handle died with the consumer's frame: its aclose() is posted, and
  // has run by the time anything posted after it runs.
  EXPECT_EQ(live, 1);
  bool turned = false;
  asio::post(io, [&] {
    turned = true;
    EXPECT_EQ(live, 0);
    EXPECT_EQ(fd_count(), expected_fds(s));
  });
  while (!turned && io.run_one() > 0) {
  }
  EXPECT_TRUE(turned);
  finish(s);
}

// ---- Load
// ------------------------------------------------------------------------

class AsioLoadTest : public AsioTest {
protected:
  static constexpr int kGenerators = 1000;
  static constexpr int kDocuments = 20;

  enum class how { to_end, aclose, drop };

  agen::task<void> consume(server &s, how h, int stop_at, int &done) {
    {
      auto docs = read(s.port());
      int n = 0;
      while (h == how::to_end || n < stop_at) {
        auto doc = co_await docs.next();
        if (!doc)
          break;
        EXPECT_EQ((*doc)["seq"], n);
        ++n;
      }
      EXPECT_EQ(n, h == how::to_end ? kDocuments : stop_at);
      if (h == how::aclose)
        co_await docs.aclose();
    } // how::drop: the loop's finalizer closes it
    if (++done == kGenerators)
      s.stop();
  }
};

TEST_F(AsioLoadTest, ThousandConcurrentGeneratorsHalfStoppingEarly) {
  // Two descriptors per connection (both ends are in this process).
  rlimit lim{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &lim), 0);
  const rlim_t needed = 2 * kGenerators + 256;
  if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < needed)
    GTEST_SKIP() << "RLIMIT_NOFILE hard limit " << lim.rlim_max << " < "
                 << needed;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed) {
    lim.rlim_cur = lim.rlim_max;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lim), 0);
  }

  server s(loop, server_script::count(kDocuments));
  serve(s);
  std::mt19937 rng(20240525);
  // From 1: a generator that never started has no connection to close.
  std::uniform_int_distribution<int> where(1, kDocuments - 1);
  int done = 0;
  int early = 0;
  for (int i = 0; i < kGenerators; ++i) {
    how h = how::to_end;
    if (rng() % 2 == 0) {
      h = rng() % 2 == 0 ? how::aclose : how::drop;
      ++early;
    }
    loop.spawn(consume(s, h, where(rng), done));
  }
  io.run_for(15s);
  EXPECT_EQ(done, kGenerators);
  EXPECT_GT(early, kGenerators / 3);
  EXPECT_EQ(s.accepted(), static_cast<std::size_t>(kGenerators));
  finish(s);
}

// A name, not an address: resolved asynchronously before connecting.
TEST_F(AsioTest, HostNameIsResolved) {
  server s(loop, server_script::count(2));
  serve(s);
  EXPECT_EQ(loop.run_until_complete(count_documents("localhost", s.port())), 2);
  EXPECT_EQ(live, 0);
  // The resolver's thread may keep descriptors until the io_context goes.
  s.stop();
  io.run_for(5s);
  EXPECT_TRUE(io.stopped());
}

} // namespace
