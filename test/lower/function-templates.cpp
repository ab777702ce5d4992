// Function templates and members of class templates: the template itself is
// lowered once, and its frame is a local class of the template, so every
// instantiation gets its own frame. Locals of dependent type are declared
// with the type as written; `auto` ones through decltype of their
// initializer; dependent range-for ranges, references that may extend a
// temporary, possible context guards and yielded values are decided per
// instantiation by the runtime.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=each -fplugin-arg-agen-print-lowered=pairs -fplugin-arg-agen-print-lowered=scaled -fplugin-arg-agen-print-lowered=guarded -fplugin-arg-agen-print-lowered=awaited -fplugin-arg-agen-print-lowered=repeat %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-DAG: {{^ *}}Range items;
// CHECK-DAG: agen::detail::range_begin((*agen_range))
// CHECK-DAG: agen::detail::slot<T> total; // total, function-templates.cpp:72
// CHECK-DAG: agen::detail::slot<std::decay_t<decltype(((*total) * 2))>> twice;
// CHECK-DAG: agen::detail::ref_slot<const std::remove_reference_t<decltype((make_spy(tag)))> &, decltype((make_spy(tag)))> held;
// CHECK-DAG: agen::detail::suspend_guard((*g));
// CHECK-DAG: agen::detail::resume_guard((*g));
// CHECK-DAG: {{^ *}}const Box<T> *agen_self;
// TRACE: got 1
// TRACE-NEXT: got 2
// TRACE-NEXT: got 3
// TRACE-NEXT: end
// TRACE: +spy:7
// TRACE-NEXT: got 7
// TRACE-NEXT: still spy:7
// TRACE-NEXT: -spy:7
// TRACE-NEXT: end
// TRACE-NEXT: suspend
// TRACE-NEXT: got 0
// TRACE-NEXT: resume
// TRACE-NEXT: suspend
// TRACE-NEXT: got 1
// TRACE-NEXT: resume
// TRACE-NEXT: end

#include "trace.hpp"

#include <vector>

struct Mode : agen::context_guard {
  void on_suspend() noexcept override { say("suspend"); }
  void on_resume() noexcept override { say("resume"); }
};

template <class T> struct ready {
  T value;
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return value; }
};

template <class Range>
AGEN_GENERATOR agen::async_generator<int> each(Range items) {
  for (const auto &x : items)
    co_yield x;
}

template <class T>
AGEN_GENERATOR agen::async_generator<T> scaled(T first, T step, int n) {
  T total = first;
  for (int i = 0; i < n; ++i) {
    co_yield total;
    auto twice = total * 2;
    co_yield twice;
    total = total + step;
  }
}

inline Spy make_spy(int tag) { return Spy("spy:" + std::to_string(tag)); }

template <class Tag>
AGEN_GENERATOR agen::async_generator<int> pairs(Tag tag) {
  const auto &held = make_spy(tag); // extends a temporary, per instantiation
  co_yield tag;
  say("still " + held.name);
}

template <class G>
AGEN_GENERATOR agen::async_generator<int> guarded(int n) {
  [[maybe_unused]] G g{};
  for (int i = 0; i < n; ++i)
    co_yield i;
}

template <class T> struct Box {
  T value;
  AGEN_GENERATOR agen::async_generator<T> repeat(int n) const {
    for (int i = 0; i < n; ++i)
      co_yield value + static_cast<T>(i);
  }
};

template <class T>
AGEN_GENERATOR agen::async_generator<T> awaited(agen::event_loop &loop, T v) {
  auto got = co_await ready<T>{v};
  co_await loop.schedule();
  co_yield got;
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto a = each(std::vector<int>{1, 2, 3});
    co_await drain(a);
    auto b = scaled(1.5, 0.25, 2);
    co_await drain(b);
    auto c = scaled(3, 1, 2);
    co_await drain(c);
    auto d = pairs(7);
    co_await drain(d);
    auto e = guarded<Mode>(2);
    co_await drain(e);
    auto f = guarded<int>(2);
    co_await drain(f);
    Box<long> box{40};
    auto g = box.repeat(2);
    co_await drain(g);
    auto h = awaited(loop, 9);
    co_await drain(h);
  });
}
