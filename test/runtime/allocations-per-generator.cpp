// One heap allocation per generator (its frame) and none per item, whether
// the generator finishes, is closed early, or is abandoned to the event
// loop's finalizer.
//
// RUN: %clangxx %cxxflags -O2 %s -o %t && %t | FileCheck %s
// CHECK: run-to-end: 1 allocation(s), 1000 items
// CHECK: closed-early: 1 allocation(s), 10 items
// CHECK: sent-and-thrown: 1 allocation(s), 3 items

#include <agen/agen.hpp>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>

namespace {
long allocations = 0;
}

void *operator new(std::size_t size) {
  ++allocations;
  if (void *p = std::malloc(size))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

namespace {

AGEN_GENERATOR agen::async_generator<int> numbers(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

AGEN_GENERATOR agen::async_generator<int, int> echo() {
  int v = co_yield 0;
  for (;;) {
    try {
      v = co_yield v;
    } catch (const std::exception &) {
      v = -1;
    }
  }
}

template <class Body> void measure(const char *name, Body body) {
  // The consumer task and sync_wait allocate their own frames: count around
  // the generator only, from inside the consumer.
  long items = 0;
  long counted = 0;
  agen::sync_wait(body(items, counted));
  std::printf("%s: %ld allocation(s), %ld items\n", name, counted, items);
}

} // namespace

int main() {
  measure("run-to-end", [](long &items, long &counted) -> agen::task<void> {
    const long before = allocations;
    {
      auto g = numbers(1000);
      while (auto r = co_await g.next())
        ++items;
    }
    counted = allocations - before;
  });
  measure("closed-early", [](long &items, long &counted) -> agen::task<void> {
    const long before = allocations;
    {
      auto g = numbers(1000);
      for (int k = 0; k < 10; ++k)
        if (co_await g.next())
          ++items;
      co_await g.aclose();
    }
    counted = allocations - before;
  });
  // athrow allocates its own exception object, outside the generator's
  // machinery: make it before counting.
  auto error = std::make_exception_ptr(std::runtime_error("x"));
  measure("sent-and-thrown",
          [&error](long &items, long &counted) -> agen::task<void> {
            const long before = allocations;
            {
              auto g = echo();
              if (co_await g.next())
                ++items;
              if (co_await g.asend(5))
                ++items;
              if (co_await g.athrow(error))
                ++items;
            }
            counted = allocations - before;
          });
  return 0;
}
