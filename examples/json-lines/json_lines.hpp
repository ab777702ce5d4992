/// \file
/// The JSON-lines client of examples/json-lines: read_json_lines(), an agen
/// generator that connects to a TCP server and yields one parsed document
/// per newline-terminated line. Stop iterating whenever you like:
/// `co_await docs.aclose()` (or dropping the handle on an agen::asio_loop)
/// shuts the socket down and closes it.
#pragma once

#include <agen/agen.hpp>
#include <agen/asio.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/buffer.hpp>
#include <asio/connect.hpp>
#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json_lines {

/// Bad input from the server: a malformed line, a line over the limit, or a
/// connection that ended in the middle of a line. line() is 1-based.
class input_error : public std::runtime_error {
public:
  input_error(std::size_t line, const std::string &what)
      : std::runtime_error("json-lines: line " + std::to_string(line) + ": " +
                           what),
        line_(line) {}
  std::size_t line() const noexcept { return line_; }

private:
  std::size_t line_;
};

/// What happens to a generator's connection, in order: `begin` (its body
/// started: the connection state exists), `connected`, `closed` (the socket
/// was shut down and closed; only if it was opened), `end` (the state is
/// destroyed: nothing of this generator holds resources any more).
enum class connection_event { begin, connected, closed, end };

struct read_options {
  /// The longest line accepted, in bytes, without its "\n" or "\r\n".
  std::size_t max_line_bytes = 1 << 20;
  /// Told about connection_events, with "host:port". Optional.
  std::function<void(connection_event, const std::string &peer)> trace;
};

/// Splits a byte stream into lines without copying them: bytes are read
/// into a buffer, complete lines are handed out as views into it, and only
/// the partial line at the end is moved to the front before the next read.
class line_splitter {
public:
  explicit line_splitter(std::size_t max_line_bytes)
      : max_line_(max_line_bytes) {}

  /// The next complete line without its terminator, valid until the next
  /// call of any member; nullopt if no complete line is buffered. Throws
  /// input_error if a line, complete or not yet, is over the limit.
  std::optional<std::string_view> next_line() {
    const char *begin = buf_.data() + start_;
    std::size_t avail = end_ - start_;
    if (avail == 0)
      return std::nullopt;
    const auto *nl = static_cast<const char *>(std::memchr(begin, '\n', avail));
    if (nl == nullptr) {
      if (avail > max_line_ + 1) // +1: a "\r" whose "\n" is still to come
        throw too_long(lines_ + 1);
      return std::nullopt;
    }
    ++lines_;
    std::size_t len = static_cast<std::size_t>(nl - begin);
    start_ += len + 1;
    if (len > 0 && begin[len - 1] == '\r')
      --len;
    if (len > max_line_)
      throw too_long(lines_);
    return std::string_view(begin, len);
  }

  /// Where the next read goes: at least kChunk bytes after the buffered
  /// partial line, which is moved to the front first.
  asio::mutable_buffer prepare() {
    if (start_ > 0) {
      std::memmove(buf_.data(), buf_.data() + start_, end_ - start_);
      end_ -= start_;
      start_ = 0;
    }
    if (buf_.size() - end_ < kChunk)
      buf_.resize(end_ + kChunk);
    return asio::buffer(buf_.data() + end_, buf_.size() - end_);
  }
  /// `n` bytes were read into what prepare() returned.
  void commit(std::size_t n) noexcept { end_ += n; }

  /// Bytes of a line whose "\n" has not arrived.
  std::size_t partial_bytes() const noexcept { return end_ - start_; }
  /// Lines handed out so far.
  std::size_t lines() const noexcept { return lines_; }

  static constexpr std::size_t kChunk = 64 * 1024;

private:
  input_error too_long(std::size_t line) const {
    return input_error(line, "longer than the limit of " +
                                 std::to_string(max_line_) + " bytes");
  }

  std::size_t max_line_;
  std::vector<char> buf_;
  std::size_t start_ = 0; // first byte not handed out
  std::size_t end_ = 0;   // end of the bytes read
  std::size_t lines_ = 0;
};

/// Parses one line; a malformed one is an input_error naming the line.
inline nlohmann::json parse_line(std::string_view line, std::size_t number) {
  try {
    return nlohmann::json::parse(line.begin(), line.end());
  } catch (const nlohmann::json::parse_error &e) {
    throw input_error(number, std::string("malformed JSON: ") + e.what());
  }
}

/// The generator's TCP socket. Its destructor, which runs however the
/// generator ends (end of stream, error, aclose(), finalizer), shuts the
/// socket down and closes it.
class client_connection {
public:
  client_connection(const asio::any_io_executor &ex, std::string peer,
                    const read_options &options)
      : socket(ex), peer(std::move(peer)), trace_(options.trace) {
    notify(connection_event::begin);
  }
  client_connection(const client_connection &) = delete;
  client_connection &operator=(const client_connection &) = delete;
  ~client_connection() {
    if (socket.is_open()) {
      asio::error_code ignored; // nothing useful to do if these fail
      socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      socket.close(ignored);
      notify(connection_event::closed);
    }
    notify(connection_event::end);
  }

  void notify(connection_event e) const {
    if (trace_)
      trace_(e, peer);
  }

  asio::ip::tcp::socket socket;
  const std::string peer;

private:
  const std::function<void(connection_event, const std::string &)> &trace_;
};

/// Connects to host:port (a numeric address directly, a name through an
/// asynchronous resolve), reads newline-delimited JSON and yields each
/// document. Blank lines are skipped. Ends when the server closes the
/// connection after a complete line.
///
/// Throws input_error for a malformed line, a line longer than
/// options.max_line_bytes, or a connection closed mid-line, and
/// asio::system_error ("connecting to host:port: Connection refused",
/// "reading from host:port: ...") for network errors. However it ends, the
/// socket is closed before the operation that ended it completes.
AGEN_GENERATOR inline agen::async_generator<nlohmann::json>
read_json_lines(asio::any_io_executor ex, std::string host, std::uint16_t port,
                read_options options = {}) {
  using asio::ip::tcp;
  client_connection conn(ex, host + ":" + std::to_string(port), options);

  asio::error_code ec;
  asio::ip::address address = asio::ip::make_address(host, ec);
  if (!ec) {
    std::tie(ec) = co_await conn.socket.async_connect(
        tcp::endpoint(address, port), agen::as_result(agen::use_agen));
  } else {
    tcp::resolver resolver(ex);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(
        host, std::to_string(port), agen::as_result(agen::use_agen));
    if (resolve_ec)
      throw asio::system_error(resolve_ec, "resolving " + host);
    std::tie(ec, std::ignore) = co_await asio::async_connect(
        conn.socket, endpoints, agen::as_result(agen::use_agen));
  }
  if (ec)
    throw asio::system_error(ec, "connecting to " + conn.peer);
  conn.notify(connection_event::connected);

  line_splitter lines(options.max_line_bytes);
  for (;;) {
    while (std::optional<std::string_view> line = lines.next_line()) {
      if (!line->empty())
        co_yield parse_line(*line, lines.lines());
    }
    auto [read_ec, n] = co_await conn.socket.async_read_some(
        lines.prepare(), agen::as_result(agen::use_agen));
    lines.commit(n);
    if (read_ec == asio::error::eof) {
      if (lines.partial_bytes() > 0)
        throw input_error(lines.lines() + 1,
                          "the connection closed in the middle of the line (" +
                              std::to_string(lines.partial_bytes()) +
                              " bytes without a newline)");
      co_return;
    }
    if (read_ec)
      throw asio::system_error(read_ec, "reading from " + conn.peer);
  }
}

} // namespace json_lines
