// An agen::context_guard whose overrides are private (the class is used
// through the base, as native mode's registry uses it) is called through
// agen::context_guard in lowered mode; public callbacks, own or inherited,
// are still called directly.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags -I%S/Inputs
// RUN: grep -v '^// [A-Z-]*:' %t.lowered.cpp | FileCheck %s
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.native
// RUN: %clangxx %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %t.lowered.cpp -o %t.lowered
// RUN: %t.native > %t.native.txt
// RUN: %t.lowered > %t.lowered.txt
// RUN: diff %t.native.txt %t.lowered.txt
// RUN: FileCheck %s --check-prefix=TRACE --input-file=%t.native.txt
// The plugin lowers with the same core: same CHECK lines, same trace.
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=traced %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

#include "trace.hpp"

/// A tracing span: its callbacks are private, for the runtime only.
class Span final : public agen::context_guard {
public:
  explicit Span(std::string name) : name_(std::move(name)) {}

private:
  void on_suspend() noexcept override { say("leave " + name_); }
  void on_resume() noexcept override { say("enter " + name_); }
  std::string name_;
};

/// Public callbacks, inherited from its base.
struct Level : agen::context_guard {
  void on_suspend() noexcept override { say("S level"); }
  void on_resume() noexcept override { say("R level"); }
};
struct Inherited final : Level {};

/// Public in the base, private in the class that overrides them.
struct Hidden final : Level {
private:
  void on_suspend() noexcept override { say("S hidden"); }
  void on_resume() noexcept override { say("R hidden"); }
};

// CHECK-LABEL: traced(
// CHECK: if (!agen_cx.closing() && agen_cx.calls_guards_statically()) { static_cast<agen::context_guard &>((*hidden)).on_suspend(); (*level).on_suspend(); static_cast<agen::context_guard &>((*span)).on_suspend(); }
AGEN_GENERATOR agen::async_generator<int> traced(agen::event_loop &loop) {
  Span span("request");
  Inherited level;
  Hidden hidden;
  co_yield 1;
  co_await loop.schedule();
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = traced(loop);
    co_await drain(g);
  });
}

// TRACE: S hidden
// TRACE-NEXT: S level
// TRACE-NEXT: leave request
// TRACE-NEXT: got 1
// TRACE-NEXT: enter request
// TRACE-NEXT: R level
// TRACE-NEXT: R hidden
// TRACE-NEXT: S hidden
// TRACE-NEXT: S level
// TRACE-NEXT: leave request
// TRACE-NEXT: enter request
// TRACE-NEXT: R level
// TRACE-NEXT: R hidden
// TRACE-NEXT: end
