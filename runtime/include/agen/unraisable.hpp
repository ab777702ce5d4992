/// \file
/// set_unraisable_hook: where errors go that no caller can receive
/// (Python's sys.unraisablehook).
#pragma once

#include <agen/detail/exceptions.hpp>

#include <exception>
#include <functional>
#include <iostream>
#include <mutex>
#include <string_view>
#include <utility>

namespace agen {

/// Receives an error that cannot propagate to any caller: an exception from a
/// finalizer or from a close that runs during destruction, a close that had to
/// continue detached, a handle destroyed while an operation was in flight.
/// `error` may be null when the report is not about an exception.
using unraisable_hook =
    std::function<void(std::exception_ptr error, std::string_view message)>;

namespace detail {

struct unraisable_slot {
  std::mutex mutex;
  unraisable_hook hook;
};

inline unraisable_slot &unraisable() noexcept {
  static unraisable_slot slot;
  return slot;
}

inline void print_unraisable(const std::exception_ptr &error,
                             std::string_view message) {
  std::cerr << "agen: " << message;
  if (error) {
#if AGEN_EXCEPTIONS
    try {
      std::rethrow_exception(error);
    } catch (const std::exception &e) {
      std::cerr << ": " << e.what();
    } catch (...) {
      std::cerr << ": non-standard exception";
    }
#endif
  }
  std::cerr << '\n';
}

/// Reports to the installed hook (stderr by default). Never throws: an
/// exception from the hook itself is dropped.
inline void report_unraisable(std::exception_ptr error,
                              std::string_view message) noexcept {
  unraisable_hook hook;
  {
    std::lock_guard lock(unraisable().mutex);
    hook = unraisable().hook;
  }
  AGEN_TRY {
    if (hook)
      hook(std::move(error), message);
    else
      print_unraisable(error, message);
  }
  AGEN_CATCH(...) { // NOLINT(bugprone-empty-catch): a failing hook has no one
  } // left to report to
}

} // namespace detail

/// Installs the process-wide unraisable hook; an empty function restores the
/// default, which prints to stderr.
inline void set_unraisable_hook(unraisable_hook hook) {
  std::lock_guard lock(detail::unraisable().mutex);
  detail::unraisable().hook = std::move(hook);
}

} // namespace agen
