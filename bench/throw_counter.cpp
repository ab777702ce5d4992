// Counts raised exceptions by interposing the unwinder entry point that starts
// every raise: _Unwind_RaiseException. __cxa_throw and std::rethrow_exception
// call it from libstdc++.so, and `throw;` (__cxa_rethrow ->
// _Unwind_Resume_or_Rethrow) reaches it from libgcc_s, all through the PLT, so
// the definition below, exported from the executable (bench/CMakeLists.txt
// adds --export-dynamic-symbol), takes precedence; it counts and forwards to
// libgcc_s's (dlsym RTLD_NEXT). Unwinding resumed after a cleanup
// (_Unwind_Resume) is not a new raise and is not counted.
// __cxa_allocate_exception is not used because it counts exception objects
// (std::make_exception_ptr allocates one without throwing it). A self-test
// (throw + `throw;` must count exactly 2) guards against an unwinder that
// routes its calls differently.
#include "throw_counter.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <unwind.h>

namespace {

std::atomic<std::size_t> g_throws{0};

using raise_fn = _Unwind_Reason_Code (*)(_Unwind_Exception *);

raise_fn next_definition(const char *name) {
  void *f = dlsym(RTLD_NEXT, name);
  if (f == nullptr) {
    std::fprintf(stderr, "agen-bench: throw_counter: dlsym(%s): %s\n", name,
                 dlerror());
    std::abort();
  }
  return reinterpret_cast<raise_fn>(f);
}

} // namespace

extern "C" _Unwind_Reason_Code _Unwind_RaiseException(_Unwind_Exception *e) {
  static const raise_fn next = next_definition("_Unwind_RaiseException");
  g_throws.fetch_add(1, std::memory_order_relaxed);
  return next(e);
}

std::size_t agen_bench::throw_count() noexcept {
  return g_throws.load(std::memory_order_relaxed);
}

namespace {

struct probe_error {};

[[gnu::noinline]] void probe_throw() { throw probe_error{}; }

// One throw and one rethrow must count exactly 2 (a rethrow must not also be
// counted through an internal _Unwind_RaiseException).
bool probe() noexcept {
  const std::size_t before = agen_bench::throw_count();
  try {
    try {
      probe_throw();
    } catch (...) {
      throw;
    }
  } catch (const probe_error &) {
  }
  return agen_bench::throw_count() - before == 2;
}

} // namespace

bool agen_bench::throw_counter_works() noexcept {
  static const bool works = probe();
  return works;
}
