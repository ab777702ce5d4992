// Documents per second from examples/json-lines over real TCP on 127.0.0.1:
// the agen generator read_json_lines() against hand-written asio coroutine
// readers, on the same server, data and io_context.
//
// Every reader does the same work per connection: connect, read into the
// same json_lines::line_splitter, parse each line with the same
// json_lines::parse_line, add up "seq", close. They differ only in how the
// reading loop is written:
//   BM_json_lines_agen_generator  read_json_lines() (agen::use_agen inside a
//                                 native generator), consumed by an agen::task
//   BM_json_lines_asio_awaitable  one asio::awaitable, asio::use_awaitable
//   BM_json_lines_agen_task       one agen::task, agen::use_agen (the token
//                                 without a generator)
// The server sends kDocuments pre-built lines in one async_write and closes.
// The io_context, loop and server live for the whole benchmark run; each
// iteration is one connection.
#include "common.hpp"

#include <json_lines.hpp>
#include <json_lines_server.hpp>

#include <agen/agen.hpp>
#include <agen/asio.hpp>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <string>

namespace {

using agen_bench::report_items;

constexpr int kDocuments = 10'000;

std::string all_documents() {
  std::string data;
  for (int i = 0; i < kDocuments; ++i)
    data += json_lines::document_line(static_cast<std::size_t>(i));
  return data;
}

long seq_of(const nlohmann::json &doc) { return doc["seq"].get<long>(); }

agen::task<long> sum_generator(asio::any_io_executor ex, std::uint16_t port) {
  auto docs = json_lines::read_json_lines(ex, "127.0.0.1", port);
  long sum = 0;
  while (auto doc = co_await docs.next())
    sum += seq_of(*doc);
  co_return sum;
}

asio::awaitable<long> sum_awaitable(std::uint16_t port) {
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port},
                                asio::use_awaitable);
  json_lines::line_splitter lines(1 << 20);
  long sum = 0;
  for (;;) {
    while (auto line = lines.next_line())
      if (!line->empty())
        sum += seq_of(json_lines::parse_line(*line, lines.lines()));
    asio::error_code ec;
    std::size_t n = co_await socket.async_read_some(
        lines.prepare(), asio::redirect_error(asio::use_awaitable, ec));
    lines.commit(n);
    if (ec == asio::error::eof)
      break;
    if (ec)
      throw asio::system_error(ec);
  }
  socket.shutdown(asio::ip::tcp::socket::shutdown_both);
  socket.close();
  co_return sum;
}

agen::task<long> sum_task(asio::any_io_executor ex, std::uint16_t port) {
  asio::ip::tcp::socket socket(ex);
  co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port},
                                agen::use_agen);
  json_lines::line_splitter lines(1 << 20);
  long sum = 0;
  for (;;) {
    while (auto line = lines.next_line())
      if (!line->empty())
        sum += seq_of(json_lines::parse_line(*line, lines.lines()));
    auto [ec, n] = co_await socket.async_read_some(
        lines.prepare(), agen::as_result(agen::use_agen));
    lines.commit(n);
    if (ec == asio::error::eof)
      break;
    if (ec)
      throw asio::system_error(ec);
  }
  socket.shutdown(asio::ip::tcp::socket::shutdown_both);
  socket.close();
  co_return sum;
}

/// Runs one reader per iteration against a server on the same io_context.
template <class Read> void run_reader(benchmark::State &state, Read read) {
  asio::io_context io;
  agen::asio_loop loop(io);
  json_lines::server server(loop,
                            json_lines::server_script::raw(all_documents()));
  loop.spawn(server.run());
  const long expected = agen_bench::expected_sum(kDocuments);
  for (auto _ : state) {
    long sum = read(loop, server.port());
    benchmark::DoNotOptimize(sum);
    if (sum != expected) {
      state.SkipWithError("wrong sum");
      break;
    }
  }
  server.stop();
  io.run(); // the server's last connections and its accept loop finish
  report_items(state, kDocuments, "ns_per_document");
}

void BM_json_lines_agen_generator(benchmark::State &state) {
  run_reader(state, [](agen::asio_loop &loop, std::uint16_t port) {
    return loop.run_until_complete(
        sum_generator(loop.context().get_executor(), port));
  });
}
BENCHMARK(BM_json_lines_agen_generator)->UseRealTime();

void BM_json_lines_asio_awaitable(benchmark::State &state) {
  run_reader(state, [](agen::asio_loop &loop, std::uint16_t port) {
    long sum = -1;
    bool done = false;
    asio::co_spawn(loop.context(), sum_awaitable(port),
                   [&](std::exception_ptr e, long s) {
                     if (e)
                       std::rethrow_exception(e);
                     sum = s;
                     done = true;
                   });
    while (!done && loop.context().run_one() > 0) {
    }
    return sum;
  });
}
BENCHMARK(BM_json_lines_asio_awaitable)->UseRealTime();

void BM_json_lines_agen_task(benchmark::State &state) {
  run_reader(state, [](agen::asio_loop &loop, std::uint16_t port) {
    return loop.run_until_complete(
        sum_task(loop.context().get_executor(), port));
  });
}
BENCHMARK(BM_json_lines_agen_task)->UseRealTime();

} // namespace
