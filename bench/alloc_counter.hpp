/// \file
/// Counts calls of the global allocation functions in the agen-bench binary
/// (alloc_counter.cpp replaces operator new/delete). Used to measure
/// allocations per generator and per item; the benchmarks are single-threaded,
/// so differences taken around a generator's lifetime belong to it.
#pragma once

#include <cstddef>

namespace agen_bench {

/// Calls of any replaceable global operator new (all forms) so far.
std::size_t allocation_count() noexcept;
/// Calls of any replaceable global operator delete with a non-null pointer.
std::size_t deallocation_count() noexcept;

} // namespace agen_bench
