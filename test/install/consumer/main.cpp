// main.cpp: the install test's consumer. Built against the installed
// <agen/agen.hpp> only; runs a generator that is closed early and checks that
// its cleanup ran before aclose() returned. Prints "ok" on success.
#include <agen/agen.hpp>

#include <cstdio>

namespace {

bool cleaned_up = false;

AGEN_GENERATOR agen::async_generator<int> naturals() {
  struct cleanup {
    ~cleanup() { cleaned_up = true; }
  } on_exit;
  for (int i = 0;; ++i)
    co_yield i;
}

agen::task<int> sum_first(int n) {
  auto g = naturals();
  int sum = 0;
  for (int i = 0; i < n; ++i)
    if (auto r = co_await g.next())
      sum += *r;
  co_await g.aclose();
  co_return cleaned_up ? sum : -1;
}

} // namespace

int main() {
  const int sum = agen::sync_wait(sum_first(4));
  if (sum != 0 + 1 + 2 + 3) {
    std::printf("FAIL: sum %d\n", sum);
    return 1;
  }
  std::puts("ok");
  return 0;
}
