// Tests agen-rewrite --list: one `file:line:col: qualified-name` line per
// annotated generator definition, in source order; declarations, unannotated
// functions and template instantiations are not listed.
//
// RUN: %agen-rewrite --list %s -- %cxxflags | FileCheck %s
// RUN: %agen-rewrite --list %s -- %cxxflags -DWITH_LINE | FileCheck %s --check-prefix=LINE

#include <agen/agen.hpp>

template <class T> using gen = agen::async_generator<T>;

// Declared only: not listed.
AGEN_GENERATOR gen<int> declared_only();

// Not annotated: not listed.
gen<int> plain() { co_yield 0; }

// CHECK:      list-generators.cpp:[[@LINE+1]]:25: counter
AGEN_GENERATOR gen<int> counter(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

namespace net {
struct Reader {
  // CHECK-NEXT: list-generators.cpp:[[@LINE+1]]:27: net::Reader::lines
  AGEN_GENERATOR gen<int> lines() { co_yield fd; }
  // CHECK-NEXT: list-generators.cpp:[[@LINE+1]]:34: net::Reader::make
  AGEN_GENERATOR static gen<int> make(int x) { co_yield x; }
  // Annotated in the class, defined below: listed at the definition.
  AGEN_GENERATOR gen<int> chunks();
  int fd = 0;
};

// CHECK-NEXT: list-generators.cpp:[[@LINE+1]]:18: net::Reader::chunks
gen<int> Reader::chunks() { co_yield fd + 1; }
} // namespace net

// CHECK-NEXT: list-generators.cpp:[[@LINE+2]]:23: repeat
template <class T>
AGEN_GENERATOR gen<T> repeat(T v, int n) {
  while (n-- > 0)
    co_yield v;
}

// An explicit specialization is a definition of its own.
// CHECK-NEXT: list-generators.cpp:[[@LINE+1]]:38: repeat<char>
template <> AGEN_GENERATOR gen<char> repeat<char>(char v, int) {
  co_yield v;
}

template <class T> struct Box {
  // CHECK-NEXT: list-generators.cpp:[[@LINE+1]]:25: Box::items
  AGEN_GENERATOR gen<T> items() { co_yield value; }
  T value{};
};

// Instantiations (implicit and explicit) add nothing to the list.
template struct Box<long>;
void use() {
  (void)repeat(1, 2);
  (void)repeat(2.0, 2);
  (void)Box<int>{}.items();
}

// CHECK-NOT: {{.}}

#ifdef WITH_LINE
// Locations are presumed locations: #line is honoured.
#line 500 "renamed.cpp"
// LINE:      renamed.cpp:501:25: after_line
AGEN_GENERATOR gen<int> after_line() { co_yield 1; }
#endif
