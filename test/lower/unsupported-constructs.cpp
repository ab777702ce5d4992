// What the lowering cannot handle yet gets a compiler-style error naming the
// construct, at its location, through both front ends; nothing is written.
//
// RUN: not %agen-rewrite %s -o %t.out -- %cxxflags -ferror-limit=0 -Wno-c++23-lambda-attributes 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:
// RUN: not test -e %t.out
// RUN: not %clangxx -fplugin=%agen-plugin %cxxflags -ferror-limit=0 -Wno-c++23-lambda-attributes -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=warning:

#include <agen/agen.hpp>

#include <string>
#include <tuple>
#include <utility>

std::string text();
agen::task<int> value();

AGEN_GENERATOR agen::async_generator<int> jumps() {
  int i = 0;
again:
  co_yield i;
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:16: error: agen cannot lower 'goto' in an annotated generator
  if (++i < 3) goto again;
}

AGEN_GENERATOR agen::async_generator<int> elvis(int b) {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:17: error: agen cannot lower a co_await or co_yield in the right operand of '?:' with an omitted middle operand yet
  co_yield b ?: co_await value();
}

// What runs before a suspension is saved across it, unless saving it would
// end a temporary's life early (here a std::string's).
AGEN_GENERATOR agen::async_generator<int> effect_then_condition(bool b) {
  // CHECK: unsupported-constructs.cpp:[[@LINE+2]]:39: error: agen cannot lower this co_await: the same full-expression evaluates something with side effects before it that cannot be saved across the suspension; evaluate that in an earlier statement
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:12: note: evaluated before the suspension
  co_yield int(text().size()) + (b && co_await value());
}

AGEN_GENERATOR agen::async_generator<int> order() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+2]]:33: error: agen cannot lower this co_await: the same full-expression evaluates something with side effects before it that cannot be saved across the suspension; evaluate that in an earlier statement
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:12: note: evaluated before the suspension
  co_yield int(text().size()) + co_await value();
}

// A closure the operand makes must outlive the suspension (the task reads
// its captures), and the frame cannot name its type.
AGEN_GENERATOR agen::async_generator<int> closure_temporary(int n) {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:21: error: agen cannot lower this co_await yet: its operand makes a temporary of a type the frame cannot name (a closure, a local class), which must live until the end of the full-expression; name it in a local first
  co_yield co_await [&]() -> agen::task<int> { co_return n; }();
}

// In a template, a temporary only an instantiation makes cannot be held
// (its type is decided per instantiation).
template <class T> agen::task<T> echo(const T &v);
template <class T>
AGEN_GENERATOR agen::async_generator<T> per_instantiation(T x) {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:26: error: agen cannot lower this co_await yet: in an instantiation of the template its operand makes a temporary of type 'const long' that must live until the end of the full-expression; pass an lvalue or a value instead
  co_yield co_await echo(T(x));
}
template agen::async_generator<long> per_instantiation(long);
template <class T> struct Box {
  T x;
  AGEN_GENERATOR agen::async_generator<T> member() {
    // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:28: error: agen cannot lower this co_await yet: in an instantiation of the template its operand makes a temporary of type 'const int' that must live until the end of the full-expression; pass an lvalue or a value instead
    co_yield co_await echo(T(x));
  }
};
template struct Box<int>;

AGEN_GENERATOR agen::async_generator<int> array_binding_copy() {
  int a[2] = {1, 2};
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:8: error: agen cannot lower a structured binding that copies a C array alive across a suspension yet (bind by reference: 'auto &[...]')
  auto [x, y] = a;
  co_yield x;
  co_yield y;
}

AGEN_GENERATOR agen::async_generator<int> braced_list_local() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:8: error: agen cannot lower a std::initializer_list from a braced list alive across a suspension yet (use std::array)
  auto list = {1, 2, 3};
  co_yield 0;
  for (int i : list)
    co_yield i;
}

template <class... Ts>
// CHECK: unsupported-constructs.cpp:[[@LINE+1]]:54: error: agen cannot lower a generator with a function parameter pack yet
AGEN_GENERATOR agen::async_generator<int> each(Ts... values) {
  for (int v : {values...})
    co_yield v;
}

struct Parts {
  std::string first;
  std::string items[2];
};
Parts parts();

AGEN_GENERATOR agen::async_generator<int> part_of_a_temporary() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:22: error: agen cannot lower 'first' alive across a suspension yet: it binds to part of a temporary whose life it extends (bind the whole temporary to a reference first)
  const std::string &first = parts().first;
  co_yield 0;
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:27: error: agen cannot lower a range-for over part of a temporary around a suspension yet (bind the whole temporary to a reference first)
  for (const auto &item : parts().items)
    co_yield static_cast<int>(item.size() + first.size());
}

AGEN_GENERATOR agen::async_generator<int> init_capture_await() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:16: error: agen cannot lower a co_await or co_yield in a lambda's init-capture yet
  int r = [v = co_await value()] { return v; }();
  co_yield r;
}

// CHECK: unsupported-constructs.cpp:[[@LINE+1]]:43: error: agen cannot lower a function-try-block generator yet (move the try block inside the function's braces)
AGEN_GENERATOR agen::async_generator<int> function_try_block() try {
  co_yield 1;
} catch (...) {
}

/// A tuple-like type whose get<I>() returns by value.
struct ByValue {
  int a = 1;
  template <std::size_t I> int get() const { return a + int(I); }
};
template <> struct std::tuple_size<ByValue> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, ByValue> { using type = int; };

AGEN_GENERATOR agen::async_generator<int> binding_by_value() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:9: error: agen cannot lower a structured binding alive across a suspension whose get<I>() returns by value yet (bind the object, then call get<I>() once into a local)
  auto [x, y] = ByValue{};
  co_yield x;
  co_yield y;
}

AGEN_GENERATOR agen::async_generator<int> reserved_name() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:7: error: agen cannot lower a local or parameter named 'agen_count': names beginning with 'agen_' are reserved in generator bodies (rename it)
  int agen_count = 0;
  co_yield agen_count;
}

template <class T> AGEN_GENERATOR agen::async_generator<T> constexpr_if(T t) {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:3: error: agen cannot lower a co_await or co_yield inside 'if constexpr' yet
  if constexpr (sizeof(T) > 1)
    co_yield t;
}

template <class T> AGEN_GENERATOR agen::async_generator<T> braced_auto(T t) {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:8: error: agen cannot lower a braced or parenthesized initializer of a dependent 'auto' or reference local alive across a suspension yet; write '= initializer'
  auto copy{t};
  co_yield copy;
}

AGEN_GENERATOR agen::async_generator<int> outer() {
  auto inner = [] AGEN_GENERATOR() -> agen::async_generator<int> { co_yield 1; };
  // CHECK: unsupported-constructs.cpp:[[@LINE-1]]:16: error: agen cannot lower a generator lambda inside another AGEN_GENERATOR function yet; move it out
  co_yield 2;
}

// CHECK: unsupported-constructs.cpp:[[@LINE+1]]:60: error: agen cannot lower an unnamed parameter of this form yet; give it a name
AGEN_GENERATOR agen::async_generator<int> unnamed_callback(int (*)(int)) {
  co_yield 1;
}

AGEN_GENERATOR agen::async_generator<int> nested_local_type(bool b) {
  if (b) {
    enum class level { low, high };
    // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:11: error: agen cannot lower 'l' alive across a suspension: its type names 'level', declared in the generator's body where it cannot move in front of the frame (in a nested scope, or from a local's type); declare it outside the function
    level l = level::high;
    co_yield static_cast<int>(l);
  }
}

AGEN_GENERATOR agen::async_generator<int> unnamed_types() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:21: error: agen cannot lower 'point' alive across a suspension: its type is an unnamed class or enum declared in the generator's body, which the frame cannot name; give the type a name
  struct { int x; } point{1};
  co_yield point.x;
}

template <class F> struct holder {
  F f;
};

AGEN_GENERATOR agen::async_generator<int> closure_in_a_type() {
  auto lambda = [] { return 1; };
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:28: error: agen cannot lower 'h' alive across a suspension yet: its type, written out, has a closure type inside it, which the frame cannot name (declare it with 'auto' or deduced template arguments, or use a std::function)
  holder<decltype(lambda)> h{lambda};
  co_yield h.f();
}

struct Noisy {
  Noisy();
  ~Noisy();
};

AGEN_GENERATOR agen::async_generator<int> discarded_temporaries() {
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:13: error: agen cannot lower a temporary discarded in the operand of a co_yield (the left operand of ','): it would be destroyed before the suspension instead of after it; evaluate it in a statement of its own
  co_yield (Noisy{}, 1);
  // CHECK: unsupported-constructs.cpp:[[@LINE+1]]:13: error: agen cannot lower a temporary discarded in the operand of a co_await (the left operand of ','): it would be destroyed before the suspension instead of after it; evaluate it in a statement of its own
  co_await (Noisy{}, value());
}
