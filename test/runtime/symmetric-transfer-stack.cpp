// Ten million values through a native generator on a 256 KiB stack, at -O0
// and -O2: symmetric transfer between consumer and generator must not grow
// the stack (each item would otherwise nest two frames and overflow it).
//
// RUN: %clangxx %cxxflags -O0 %s -o %t.O0 -lpthread && %t.O0 | FileCheck %s
// RUN: %clangxx %cxxflags -O2 %s -o %t.O2 -lpthread && %t.O2 | FileCheck %s
// CHECK: items 10000000 sum 49999995000000 stack-ok

#include <agen/agen.hpp>

#include <pthread.h>

#include <cstdint>
#include <cstdio>

namespace {

constexpr std::uint32_t kItems = 10'000'000;

AGEN_GENERATOR agen::async_generator<std::uint32_t> count_up() {
  for (std::uint32_t i = 0; i < kItems; ++i)
    co_yield i;
}

agen::task<std::uint64_t> consume(std::uint64_t &items) {
  auto g = count_up();
  std::uint64_t sum = 0;
  while (auto r = co_await g.next()) {
    sum += *r;
    ++items;
  }
  co_return sum;
}

void *run(void *) {
  std::uint64_t items = 0;
  const std::uint64_t sum = agen::sync_wait(consume(items));
  std::printf("items %llu sum %llu stack-ok\n",
              static_cast<unsigned long long>(items),
              static_cast<unsigned long long>(sum));
  return nullptr;
}

} // namespace

int main() {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_t thread;
  if (pthread_create(&thread, &attr, run, nullptr) != 0)
    return 1;
  pthread_join(thread, nullptr);
  return 0;
}
