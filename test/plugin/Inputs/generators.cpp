// Input of the plugin tests: annotated generators, standard headers and a
// driver. The tests check line numbers in this file: keep lines in place.
#include <agen/agen.hpp>

#include <cstdio>

int twice(int x) { return 2 * x; }

AGEN_GENERATOR agen::async_generator<int> counter(int n) {
  for (int i = 0; i < n; ++i)
    co_yield twice(i);
}

AGEN_GENERATOR agen::async_generator<int> single(int v) { co_yield v; }

agen::task<int> consume() {
  int sum = 0;
  auto g = counter(4);
  while (auto r = co_await g.next())
    sum += *r;
  auto s = single(30);
  if (auto r = co_await s.next())
    sum += *r;
  co_return sum;
}

int main() {
  std::printf("sum %d line %d\n", agen::sync_wait(consume()), __LINE__);
  return 0;
}
