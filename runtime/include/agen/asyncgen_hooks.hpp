/// \file
/// agen::asyncgen_hooks: the per-thread first-iteration and finalizer hooks
/// an event loop installs (Python's sys.set_asyncgen_hooks).
#pragma once

#include <functional>
#include <utility>

namespace agen {

class any_async_generator;
class generator_ref;

/// The hooks current on a thread. Either may be empty.
struct asyncgen_hooks {
  /// Called once per generator, at its first operation of any kind, before
  /// any body code runs. If it throws, that operation throws and the body
  /// does not run; the hook is not called again.
  std::function<void(const generator_ref &)> firstiter;
  /// Captured at the first operation. Receives ownership of a started,
  /// unfinished generator whose handle is destroyed, and is expected to
  /// schedule its aclose(). Called at most once per generator.
  std::function<void(any_async_generator)> finalizer;
};

namespace detail {
inline asyncgen_hooks &thread_hooks() noexcept {
  thread_local asyncgen_hooks hooks;
  return hooks;
}
} // namespace detail

/// Installs `hooks` for the calling thread; returns the previous ones, so a
/// scope can restore them.
inline asyncgen_hooks set_asyncgen_hooks(asyncgen_hooks hooks) {
  return std::exchange(detail::thread_hooks(), std::move(hooks));
}

/// The calling thread's current hooks.
inline asyncgen_hooks get_asyncgen_hooks() { return detail::thread_hooks(); }

} // namespace agen
