/// \file
/// agen::scoped_override: a generator-local override of a thread-local
/// variable (PEP 568 isolation), built on context_guard.
#pragma once

#include <agen/context_guard.hpp>

#include <utility>

namespace agen {

/// Sets `var` to `value` for its scope. Inside a generator it keeps the
/// generator's value private: while the frame is suspended the consumer sees
/// its own value (whatever it set meanwhile), and on each resumption the
/// generator's value is reinstalled. The destructor restores the consumer's
/// value. Variables the generator does not override fall through to the
/// consumer's current values, read at each resumption.
///
/// The reference names one thread's instance of a thread_local. A generator
/// that may be resumed on another thread passes an accessor instead
/// (`scoped_override<int> o(+[]() -> int & { return tls; }, 7);`), which is
/// called at every callback to find the running thread's instance.
template <class T> class scoped_override final : public context_guard {
public:
  using accessor = T &(*)();

  scoped_override(T &var, T value)
      : var_(&var), outer_(std::exchange(var, std::move(value))) {}
  scoped_override(accessor instance, T value)
      : instance_(instance),
        outer_(std::exchange(instance(), std::move(value))) {}
  ~scoped_override() override { variable() = std::move(outer_); }

  void on_suspend() noexcept override {
    T &var = variable();
    mine_ = std::exchange(var, std::move(outer_));
  }
  void on_resume() noexcept override {
    T &var = variable();
    outer_ = std::exchange(var, std::move(mine_));
  }

private:
  T &variable() const noexcept { return instance_ ? instance_() : *var_; }

  T *var_ = nullptr;
  accessor instance_ = nullptr;
  T outer_; // the consumer's value (current while suspended: mine_ is)
  T mine_{};
};

} // namespace agen
