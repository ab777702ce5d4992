/// \file
/// The weak registry of started generators that an event loop keeps
/// (asyncio's `_asyncgens` WeakSet): what firstiter records and
/// shutdown_asyncgens() closes. Shared by agen::event_loop and
/// agen::asio_loop.
#pragma once

#include <agen/any_async_generator.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/detail/generator_control.hpp>
#include <agen/detail/operation.hpp>
#include <agen/generator_ref.hpp>
#include <agen/state.hpp>
#include <agen/task.hpp>
#include <agen/unraisable.hpp>

#include <cstddef>
#include <exception>
#include <unordered_set>
#include <vector>

namespace agen::detail {

/// Holds no generator alive: a generator leaves the registry when its frame
/// is freed. Not thread-safe: watch, close_all and frame destruction of the
/// watched generators happen on one thread.
class generator_registry final : private lifetime_observer {
public:
  generator_registry() = default;
  generator_registry(const generator_registry &) = delete;
  generator_registry &operator=(const generator_registry &) = delete;
  ~generator_registry() { detach_all(); }

  /// Records a generator at its first operation (call it from firstiter).
  void watch(const generator_ref &g) {
    generator_control &ctl = control_of(g);
    ctl.observer = this;
    watched_.insert(&ctl);
  }

  /// Forgets every watched generator. Those still alive lose the finalizer
  /// they captured, unless it was already called: dropping one later closes
  /// it synchronously instead of reaching a loop that is gone.
  void detach_all() noexcept {
    for (generator_control *ctl : watched_) {
      ctl->observer = nullptr;
      if (!ctl->finalizer_called)
        ctl->finalizer = nullptr;
    }
    watched_.clear();
  }

  /// Closes every watched generator that is suspended at a co_yield, one by
  /// one; errors go to the unraisable hook. Generators running (an operation
  /// in flight) are left alone, and so are those handed to their finalizer,
  /// which closes them (asyncio's shutdown_asyncgens() no longer sees
  /// them either). A second call finds none to close.
  task<void> close_all() {
    std::vector<generator_control *> open(watched_.begin(), watched_.end());
    for (generator_control *ctl : open) {
      // A close may free other watched generators (owned by the one closed).
      if (!watched_.contains(ctl) || ctl->finalizer_called ||
          ctl->state() != state::suspended)
        continue;
      AGEN_TRY { co_await close_operation(ctl); }
      AGEN_CATCH(...) {
        report_unraisable(std::current_exception(),
                          "an error occurred during closing of an "
                          "asynchronous generator at loop shutdown");
      }
    }
  }

  /// Watched generators whose frames still exist.
  std::size_t size() const noexcept { return watched_.size(); }

private:
  void generator_destroyed(generator_control &ctl) noexcept override {
    watched_.erase(&ctl);
  }

  std::unordered_set<generator_control *> watched_;
};

/// Closes an abandoned generator (what a loop's finalizer schedules);
/// errors go to the unraisable hook.
inline task<void> close_abandoned(any_async_generator g) {
  AGEN_TRY { co_await g.aclose(); }
  AGEN_CATCH(...) {
    report_unraisable(std::current_exception(),
                      "an error occurred during closing of an abandoned "
                      "asynchronous generator");
  }
}

} // namespace agen::detail
