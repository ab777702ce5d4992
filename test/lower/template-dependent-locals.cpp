// Template generators whose locals, parameters and yields depend on the
// template arguments: forwarding-reference parameters, `auto &&` bound to
// an lvalue in one instantiation and to a temporary in another, members of
// a dependent base named without `this->`, by-value range-for elements, and
// a dependent send type, class template arguments deduced from a dependent
// initializer.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=forwarded -fplugin-arg-agen-print-lowered=deduced -fplugin-arg-agen-print-lowered=bound -fplugin-arg-agen-print-lowered=counted -fplugin-arg-agen-print-lowered=copies -fplugin-arg-agen-print-lowered=echo %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-DAG: {{^ *}}Arg &&arg;
// CHECK-DAG: agen::detail::lowered<agen_frame>{}, static_cast<Arg &&>(arg));
// CHECK-DAG: agen::detail::ref_slot<decltype((pick(which))) &&, decltype((pick(which)))> r;
// CHECK-DAG: agen_self->step_ + (*i)
// CHECK-DAG: agen::detail::lowered_control<T, T> &agen_cx
// CHECK-DAG: agen::detail::slot<std::decay_t<decltype((std::optional(value)))>> o;
// CHECK-DAG: agen::detail::slot<std::decay_t<decltype((std::pair{value, 1}))>> p;
// TRACE: got 5
// TRACE-NEXT: still named
// TRACE-NEXT: end
// TRACE-NEXT: +moved
// TRACE-NEXT: got 5
// TRACE-NEXT: still moved
// TRACE-NEXT: end
// TRACE-NEXT: got 1
// TRACE-NEXT: uses held
// TRACE-NEXT: end
// TRACE-NEXT: +spy:2
// TRACE-NEXT: got 2
// TRACE-NEXT: uses spy:2
// TRACE-NEXT: -spy:2
// TRACE-NEXT: end
// TRACE-NEXT: got 10
// TRACE-NEXT: got 11
// TRACE-NEXT: end
// TRACE-NEXT: got 10
// TRACE-NEXT: got 20
// TRACE-NEXT: got 1
// TRACE-NEXT: end
// TRACE-NEXT: got 3
// TRACE-NEXT: got 10
// TRACE-NEXT: got 7
// TRACE-NEXT: got 4
// TRACE-NEXT: got 5
// TRACE-NEXT: end

#include "trace.hpp"

#include <optional>
#include <utility>
#include <vector>

template <class T>
AGEN_GENERATOR agen::async_generator<int> deduced(T value) {
  std::optional o(value);
  std::pair p{value, 1};
  co_yield *o;
  co_yield p.first + p.second;
}

template <class Arg>
AGEN_GENERATOR agen::async_generator<int> forwarded(Arg &&arg) {
  co_yield static_cast<int>(arg.name.size());
  say("still " + arg.name);
}

Spy held{"held"};
inline Spy &pick(std::true_type) { return held; }
inline Spy pick(std::false_type) { return Spy("spy:2"); }

template <class Which>
AGEN_GENERATOR agen::async_generator<int> bound(Which which) {
  auto &&r = pick(which); // an lvalue, or a temporary it keeps alive
  co_yield Which::value ? 1 : 2;
  say("uses " + r.name);
}

template <class T> struct Base {
  T step_ = 10;
  T next(T i) const { return step_ + i; }
};
template <class T> struct Counter : Base<T> {
  using Base<T>::step_;
  AGEN_GENERATOR agen::async_generator<T> counted(T n) const {
    for (T i = 0; i < n; ++i)
      co_yield step_ + i;
  }
};

template <class Range>
AGEN_GENERATOR agen::async_generator<int> copies(const Range &r) {
  for (auto v : r) {
    co_yield v * 10;
    v = 0; // the copy, not the element
  }
  co_yield r.front();
}

template <class T>
AGEN_GENERATOR agen::async_generator<T, T> echo(T first) {
  T got = co_yield first;
  auto again = co_yield got + got;
  co_yield again;
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    Spy named{"named"};
    auto a = forwarded(named);
    co_await drain(a);
    Spy moved{"moved"};
    auto b = forwarded(std::move(moved)); // Arg = Spy: a reference, no copy
    co_await drain(b);
    auto c = bound(std::true_type{});
    co_await drain(c);
    auto d = bound(std::false_type{});
    co_await drain(d);
    Counter<int> counter;
    auto e = counter.counted(2);
    co_await drain(e);
    std::vector<int> v{1, 2};
    auto f = copies(v);
    co_await drain(f);
    auto g = echo(3);
    auto r1 = co_await g.next();
    say("got " + std::to_string(*r1));
    auto r2 = co_await g.asend(5);
    say("got " + std::to_string(*r2));
    auto r3 = co_await g.asend(7);
    say("got " + std::to_string(*r3));
    auto h = deduced(4);
    co_await drain(h);
  });
}
