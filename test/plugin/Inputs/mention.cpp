// Input of the plugin tests: mentions AGEN_GENERATOR (and the runtime's
// agen::generator_exit) without defining a generator, so the plugin parses
// it a second time and must then leave it exactly as it is.
#include <agen/agen.hpp>

#include <cstdio>

static int twice(int x) { return 2 * x; }

agen::task<int> answer() { co_return twice(21); }

int main() {
  [[maybe_unused]] agen::generator_exit e;
  std::printf("answer %d line %d\n", agen::sync_wait(answer()), __LINE__);
  return 0;
}
