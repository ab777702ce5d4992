/// \file
/// The runtime with and without exceptions (-fno-exceptions). Lowered code
/// needs none where its source has none: closing at a co_yield runs the live
/// destructors directly. Without exceptions, what would throw prints its
/// message and aborts, as a throw that nothing catches would terminate.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <utility>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define AGEN_EXCEPTIONS 1
/// `try`, or a block that always runs when exceptions are off.
#define AGEN_TRY try
/// `catch (x)`, or a block that never runs. Do not name the exception.
#define AGEN_CATCH(...) catch (__VA_ARGS__)
#define AGEN_RETHROW throw
#else
#define AGEN_EXCEPTIONS 0
#define AGEN_TRY if (true)
#define AGEN_CATCH(...) else
#define AGEN_RETHROW std::abort()
#endif

namespace agen::detail {

/// Throws \p error; without exceptions, prints its what() and aborts.
template <class E> [[noreturn]] void throw_error(E &&error) {
#if AGEN_EXCEPTIONS
  throw std::forward<E>(error);
#else
  std::fprintf(stderr, "agen: %s\n", error.what());
  std::abort();
#endif
}

} // namespace agen::detail
