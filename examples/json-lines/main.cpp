// The JSON-lines example: PEP 525's motivating case over real TCP. A server
// on 127.0.0.1 streams newline-delimited JSON without end; a consumer reads
// documents from read_json_lines() and stops after three. `co_await
// docs.aclose()` shuts the socket down and closes it before the consumer's
// next statement runs; a generator dropped without aclose() is closed by the
// io_context's finalizer within one turn; bad input and network faults end
// the stream with a clear error and nothing left open.
#include "json_lines.hpp"
#include "json_lines_server.hpp"

#include <agen/agen.hpp>
#include <agen/asio.hpp>

#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

namespace {

using json_lines::connection_event;
using json_lines::server_script;

/// Client generators whose connection state (socket included) still exists,
/// according to their traces.
int open_clients = 0;

json_lines::read_options traced(std::size_t max_line_bytes = 1 << 20) {
  json_lines::read_options options;
  options.max_line_bytes = max_line_bytes;
  options.trace = [](connection_event e, const std::string &peer) {
    switch (e) {
    case connection_event::begin:
      ++open_clients;
      break;
    case connection_event::connected:
      std::printf("  [client %s] connected\n", peer.c_str());
      break;
    case connection_event::closed:
      std::printf("  [client %s] socket shut down and closed\n", peer.c_str());
      break;
    case connection_event::end:
      --open_clients;
      break;
    }
  };
  return options;
}

std::string what_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception &x) {
    return x.what();
  }
}

/// Reads `n` documents (all if n < 0) and reports how the stream ended.
agen::task<void> read_some(asio::any_io_executor ex, std::uint16_t port,
                           json_lines::read_options options, int n = -1) {
  auto docs =
      json_lines::read_json_lines(ex, "127.0.0.1", port, std::move(options));
  std::exception_ptr error;
  try {
    for (int i = 0; n < 0 || i < n; ++i) {
      auto doc = co_await docs.next();
      if (!doc)
        break;
      std::printf("consumer: got %s\n", doc->dump().c_str());
    }
  } catch (...) {
    error = std::current_exception();
  }
  co_await docs.aclose(); // a no-op if the stream already ended
  if (error)
    std::printf("consumer: error: %s\n", what_of(error).c_str());
  std::printf("consumer: open client connections: %d\n", open_clients);
}

agen::task<void> demo(agen::asio_loop &loop) {
  asio::any_io_executor ex = loop.context().get_executor();

  json_lines::server endless(loop, server_script::stream());
  loop.spawn(endless.run());
  std::printf("server: streaming JSON lines on 127.0.0.1:%u\n", endless.port());

  std::puts("consumer: reading three documents, then stopping early");
  {
    auto docs =
        json_lines::read_json_lines(ex, "127.0.0.1", endless.port(), traced());
    for (int i = 0; i < 3; ++i) {
      auto doc = co_await docs.next();
      std::printf("consumer: got seq %d\n", (*doc)["seq"].get<int>());
    }
    co_await docs.aclose();
    std::printf("consumer: after aclose(): open client connections: %d\n",
                open_clients);
  }

  std::puts("consumer: dropping a generator without aclose()");
  {
    auto docs =
        json_lines::read_json_lines(ex, "127.0.0.1", endless.port(), traced());
    co_await docs.next();
  } // the asio_loop's finalizer posts docs.aclose() to the io_context
  co_await asio::post(ex, agen::use_agen); // one turn of the loop
  std::printf("consumer: one turn later: open client connections: %d\n",
              open_clients);

  std::puts("consumer: the loop body throws after two documents");
  try {
    auto docs =
        json_lines::read_json_lines(ex, "127.0.0.1", endless.port(), traced());
    for (int i = 0;; ++i) {
      auto doc = co_await docs.next();
      std::printf("consumer: got seq %d\n", (*doc)["seq"].get<int>());
      if (i == 1)
        throw std::runtime_error("the consumer gave up");
    }
  } catch (const std::runtime_error &e) {
    std::printf("consumer: caught: %s\n", e.what());
  }
  co_await asio::post(ex, agen::use_agen);
  std::printf("consumer: one turn later: open client connections: %d\n",
              open_clients);
  endless.stop();

  std::puts("faults: a malformed third line");
  json_lines::server malformed(
      loop, server_script::raw("{\"a\":1}\n{\"a\":2}\n{oops}\n"));
  loop.spawn(malformed.run());
  co_await read_some(ex, malformed.port(), traced());
  malformed.stop();

  std::puts("faults: a line over a 64-byte limit");
  json_lines::server long_line(
      loop,
      server_script::raw("{\"ok\":true}\n\"" + std::string(100, 'x') + "\"\n"));
  loop.spawn(long_line.run());
  co_await read_some(ex, long_line.port(), traced(64));
  long_line.stop();

  std::puts("faults: the server closes in the middle of a line");
  json_lines::server cut(loop, server_script::raw("{\"a\":1}\n{\"a\":"));
  loop.spawn(cut.run());
  co_await read_some(ex, cut.port(), traced());
  cut.stop();

  std::puts("faults: nobody listening");
  std::uint16_t refused_port;
  {
    json_lines::server gone(loop, server_script::count(0));
    refused_port = gone.port();
  } // its listening socket is closed: connecting is refused
  co_await read_some(ex, refused_port, traced());

  co_await loop.shutdown_asyncgens();
  std::printf("consumer: done, open client connections: %d\n", open_clients);
}

} // namespace

int main() {
  asio::io_context io;
  agen::asio_loop loop(io);
  loop.run_until_complete(demo(loop));
  io.run(); // let the servers finish their connections
  return open_clients == 0 ? 0 : 1;
}
