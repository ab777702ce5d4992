// Replacement global operator new/delete for the agen-bench binary: every form
// counts, then forwards to malloc/aligned_alloc/free. A replacement in the
// executable applies process-wide (coroutine frames, libstdc++, the benchmark
// library), which is what "allocations per generator" needs.
#include "alloc_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> g_allocs{0};
std::atomic<std::size_t> g_frees{0};

void *allocate(std::size_t size) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (size == 0)
    size = 1;
  if (void *p = std::malloc(size))
    return p;
  throw std::bad_alloc();
}

void *allocate_aligned(std::size_t size, std::align_val_t align) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  std::size_t a = static_cast<std::size_t>(align);
  if (a < sizeof(void *))
    a = sizeof(void *);
  std::size_t rounded =
      (size + a - 1) / a * a; // aligned_alloc wants a multiple
  if (rounded == 0)
    rounded = a;
  if (void *p = std::aligned_alloc(a, rounded))
    return p;
  throw std::bad_alloc();
}

void release(void *p) noexcept {
  if (p == nullptr)
    return;
  g_frees.fetch_add(1, std::memory_order_relaxed);
  std::free(p);
}
} // namespace

std::size_t agen_bench::allocation_count() noexcept {
  return g_allocs.load(std::memory_order_relaxed);
}
std::size_t agen_bench::deallocation_count() noexcept {
  return g_frees.load(std::memory_order_relaxed);
}

void *operator new(std::size_t n) { return allocate(n); }
void *operator new[](std::size_t n) { return allocate(n); }
void *operator new(std::size_t n, const std::nothrow_t &) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void *operator new[](std::size_t n, const std::nothrow_t &) noexcept {
  try {
    return allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void *operator new(std::size_t n, std::align_val_t a) {
  return allocate_aligned(n, a);
}
void *operator new[](std::size_t n, std::align_val_t a) {
  return allocate_aligned(n, a);
}
void *operator new(std::size_t n, std::align_val_t a,
                   const std::nothrow_t &) noexcept {
  try {
    return allocate_aligned(n, a);
  } catch (...) {
    return nullptr;
  }
}
void *operator new[](std::size_t n, std::align_val_t a,
                     const std::nothrow_t &) noexcept {
  try {
    return allocate_aligned(n, a);
  } catch (...) {
    return nullptr;
  }
}

void operator delete(void *p) noexcept { release(p); }
void operator delete[](void *p) noexcept { release(p); }
void operator delete(void *p, std::size_t) noexcept { release(p); }
void operator delete[](void *p, std::size_t) noexcept { release(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { release(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { release(p); }
void operator delete(void *p, std::align_val_t) noexcept { release(p); }
void operator delete[](void *p, std::align_val_t) noexcept { release(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void operator delete(void *p, std::align_val_t,
                     const std::nothrow_t &) noexcept {
  release(p);
}
void operator delete[](void *p, std::align_val_t,
                       const std::nothrow_t &) noexcept {
  release(p);
}
