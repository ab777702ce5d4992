/// \file
/// Counts exceptions raised in the agen-bench binary (throw_counter.cpp
/// interposes the unwinder's entry points). Used to report "throws per close"
/// for aclose; the benchmarks are single-threaded.
#pragma once

#include <cstddef>

namespace agen_bench {

/// Exceptions raised so far: every `throw` expression, `throw;` and
/// std::rethrow_exception (each starts a new two-phase unwind). Unwinding
/// resumed after a cleanup (_Unwind_Resume) is the same raise and is not
/// counted.
std::size_t throw_count() noexcept;

/// False if the interposition is not in effect (throw_counter.cpp checks it
/// once by throwing); the benchmarks then report an error, not a zero.
bool throw_counter_works() noexcept;

} // namespace agen_bench
