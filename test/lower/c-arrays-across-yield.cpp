// C arrays alive across a suspension: each lives in a frame slot, built in
// place by an array new-expression with its written initializer (braced,
// string literal, default), and its elements are destroyed in reverse order
// on every exit path (completion, aclose at a yield, an exception), as native
// mode does; dependent array types in templates too.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=arrays -fplugin-arg-agen-print-lowered=through %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK: agen::detail::slot<int[3]> numbers;
// CHECK: agen::detail::slot<char[4]> word;
// CHECK: agen::detail::slot<Spy[2]> spies;
// CHECK: agen::detail::slot<int[2][2]> grid;
// CHECK: agen::detail::slot<long[2]> zeroed;
// CHECK: numbers.construct_array([&](void *agen_at) { ::new (agen_at) int[3]{1, 2, 3}; });
// CHECK: word.construct_array([&](void *agen_at) { ::new (agen_at) char[4]{"abc"}; });
// CHECK: grid.construct_array([&](void *agen_at) { ::new (agen_at) int[2][2]{{[{][{]}}1, 2}, {3, 4}}; });
// CHECK: zeroed.construct_array([&](void *agen_at) { ::new (agen_at) long[2]{}; });
// CHECK: ops.construct_array([&](void *agen_at) { ::new (agen_at) std::type_identity_t<int (*[2])(int)>{twice, negate}; });
// CHECK: std::type_identity_t<int (&)[2]> values;
// CHECK-NEXT: std::type_identity_t<int (*)(int)> op;

#include "trace.hpp"

#include <cstring>
#include <iterator>

int twice(int x) { return 2 * x; }
int negate(int x) { return -x; }

/// Prints its construction and destruction; the third one throws.
struct Numbered {
  int n;
  Numbered(int i) : n(i) {
    if (i == 2)
      throw test_error("element 2");
    std::printf("+N%d\n", n);
  }
  ~Numbered() { std::printf("-N%d\n", n); }
};

AGEN_GENERATOR agen::async_generator<int> arrays(agen::event_loop &loop) {
  int numbers[] = {1, 2, 3};
  for (int &n : numbers) { // a reference into the hoisted array
    co_await loop.schedule();
    n *= 10;
    co_yield n;
  }
  co_yield numbers[0] + numbers[1] + numbers[2];
  char word[] = "abc";
  co_yield static_cast<int>(std::strlen(word));
  co_yield static_cast<int>(sizeof word);
  word[0] = 'x';
  say(word);
  Spy spies[2] = {Spy{"a"}, Spy{"b"}};
  int grid[2][2] = {{1, 2}, {3, 4}};
  co_yield grid[1][0] + static_cast<int>(std::size(spies));
  long zeroed[2]{};
  int *first = numbers; // decays to a pointer into the frame
  co_yield static_cast<int>(zeroed[1]) + *first;
  int (*ops[2])(int) = {twice, negate};
  co_yield ops[0](1);
  co_yield ops[1](1);
  say("end of body");
}

// A dependent array type, and a bound deduced from the initializer.
template <class T, int N>
AGEN_GENERATOR agen::async_generator<int> dependent_arrays(T first) {
  T values[N] = {first, first + 1};
  T doubled[N];
  for (int i = 0; i < N; ++i)
    doubled[i] = 2 * values[i];
  for (T &v : values)
    co_yield static_cast<int>(v);
  co_yield static_cast<int>(doubled[1]);
}

// Parameters whose declarators wrap the name: the frame
// declares them through std::type_identity_t.
AGEN_GENERATOR agen::async_generator<int> through(int (&values)[2],
                                                  int (*op)(int)) {
  for (int v : values)
    co_yield op(v);
}

// An element constructor throws: the array new-expression destroys the
// elements it built, in reverse order, and the exception leaves the body.
AGEN_GENERATOR agen::async_generator<int> throwing_element() {
  Numbered first[2] = {0, 1};
  co_yield first[1].n;
  Numbered second[3] = {0, 1, 2};
  co_yield second[0].n;
}

int main() {
  run([](agen::event_loop &loop) -> agen::task<void> {
    auto g = arrays(loop);
    co_await drain(g);
    auto h = arrays(loop); // closed while the spies are alive
    for (int i = 0; i < 7; ++i)
      (void)co_await h.next();
    co_await h.aclose();
    say("closed");
    auto d = dependent_arrays<long, 3>(5);
    co_await drain(d);
    int pair[2] = {3, 4};
    auto p = through(pair, negate);
    co_await drain(p);
    auto t = throwing_element();
    co_await drain(t);
  });
}

// TRACE: got 10
// TRACE-NEXT: got 20
// TRACE-NEXT: got 30
// TRACE-NEXT: got 60
// TRACE-NEXT: got 3
// TRACE-NEXT: got 4
// TRACE-NEXT: xbc
// TRACE-NEXT: +a
// TRACE-NEXT: +b
// TRACE-NEXT: got 5
// TRACE-NEXT: got 10
// TRACE-NEXT: got 2
// TRACE-NEXT: got -1
// TRACE-NEXT: end of body
// TRACE-NEXT: -b
// TRACE-NEXT: -a
// TRACE-NEXT: end
// TRACE-NEXT: xbc
// TRACE-NEXT: +a
// TRACE-NEXT: +b
// TRACE-NEXT: -b
// TRACE-NEXT: -a
// TRACE-NEXT: closed
// TRACE-NEXT: got 5
// TRACE-NEXT: got 6
// TRACE-NEXT: got 0
// TRACE-NEXT: got 12
// TRACE-NEXT: end
// TRACE-NEXT: got -3
// TRACE-NEXT: got -4
// TRACE-NEXT: end
// TRACE-NEXT: +N0
// TRACE-NEXT: +N1
// TRACE-NEXT: got 1
// TRACE-NEXT: +N0
// TRACE-NEXT: +N1
// TRACE-NEXT: -N1
// TRACE-NEXT: -N0
// TRACE-NEXT: -N1
// TRACE-NEXT: -N0
// TRACE-NEXT: caught element 2
