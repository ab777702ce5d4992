/// \file
/// The loopback server of examples/json-lines (also used by the tests and
/// the benchmark): listens on 127.0.0.1 on an ephemeral port and sends
/// every connection the same script: some bytes verbatim, then generated
/// JSON documents ({"seq":N,...}, one per line), then it closes.
#pragma once

#include <agen/agen.hpp>
#include <agen/asio.hpp>

#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace json_lines {

/// What the server sends on each connection.
struct server_script {
  /// Sent first, verbatim (may be malformed or end mid-line).
  std::string data;
  /// Then this many generated documents...
  std::size_t documents = 0;
  /// ...or, if set, documents until the client goes away.
  bool endless = false;

  /// Documents until the client goes away.
  static server_script stream() { return {{}, 0, true}; }
  /// `n` documents, then the server closes.
  static server_script count(std::size_t n) { return {{}, n, false}; }
  /// `data`, then the server closes (or streams documents if `then_stream`).
  static server_script raw(std::string data, bool then_stream = false) {
    return {std::move(data), 0, then_stream};
  }
};

/// One generated document, as a line.
inline std::string document_line(std::size_t seq) {
  return R"({"seq":)" + std::to_string(seq) +
         R"(,"sensor":"temp-1","celsius":21.5,"tags":["loopback","demo"]})"
         "\n";
}

class server {
public:
  /// Listens now; serves once run() is spawned on `loop`.
  server(agen::asio_loop &loop, server_script script)
      : loop_(loop), script_(std::move(script)),
        acceptor_(loop.context(), {asio::ip::make_address("127.0.0.1"), 0}) {}
  server(const server &) = delete;
  server &operator=(const server &) = delete;

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  /// Accepts connections until stop(), serving each in its own task.
  agen::task<void> run() {
    for (;;) {
      auto [ec, socket] =
          co_await acceptor_.async_accept(agen::as_result(agen::use_agen));
      if (ec)
        co_return; // operation_aborted after stop()
      ++open_;
      ++accepted_;
      loop_.spawn(serve(std::move(socket)));
    }
  }

  /// Stops accepting and closes the listening socket. Connections being
  /// served finish on their own.
  void stop() {
    asio::error_code ignored;
    acceptor_.close(ignored);
  }

  /// Server-side connection sockets open right now.
  std::size_t open_connections() const noexcept { return open_; }
  std::size_t accepted() const noexcept { return accepted_; }

private:
  agen::task<void> serve(asio::ip::tcp::socket socket) {
    asio::error_code ec;
    if (!script_.data.empty())
      std::tie(ec, std::ignore) = co_await asio::async_write(
          socket, asio::buffer(script_.data), agen::as_result(agen::use_agen));
    // Documents go out in batches: one write per batch, not per line.
    constexpr std::size_t batch = 64;
    std::string chunk;
    for (std::size_t seq = 0;
         !ec && (script_.endless || seq < script_.documents);) {
      chunk.clear();
      for (std::size_t i = 0;
           i < batch && (script_.endless || seq < script_.documents); ++i)
        chunk += document_line(seq++);
      std::tie(ec, std::ignore) = co_await asio::async_write(
          socket, asio::buffer(chunk), agen::as_result(agen::use_agen));
    }
    // A write error means the client went away: nothing else to do.
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket.close(ec);
    --open_;
  }

  agen::asio_loop &loop_;
  server_script script_;
  asio::ip::tcp::acceptor acceptor_;
  std::size_t open_ = 0;
  std::size_t accepted_ = 0;
};

} // namespace json_lines
