// Member generators whose class has no name outside itself that spells the
// template's arguments: a class nested in a class template (defined inline
// or out of line, in a namespace) and a partial specialization. The frame
// takes `this`'s type from the function (`decltype(this)`) instead of
// spelling it.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=nested -fplugin-arg-agen-print-lowered=outside -fplugin-arg-agen-print-lowered=pointee %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// CHECK-LABEL: nested()
// CHECK: using agen_self_type = decltype(this);
// CHECK: agen_self_type agen_self;
// CHECK-LABEL: outside()
// CHECK: using agen_self_type = decltype(this);
// CHECK: agen_self_type agen_self;
// CHECK-LABEL: pointee()
// CHECK: using agen_self_type = decltype(this);
// CHECK: agen_self_type agen_self;

// TRACE: got 7
// TRACE-NEXT: got 14
// TRACE-NEXT: end
// TRACE-NEXT: got 8
// TRACE-NEXT: end
// TRACE-NEXT: got 3
// TRACE-NEXT: end

#include "trace.hpp"

namespace ns {
template <class T> struct Outer {
  struct Nested {
    T z;
    AGEN_GENERATOR agen::async_generator<int> nested() {
      co_yield static_cast<int>(z);
      co_yield static_cast<int>(z * 2);
    }
    agen::async_generator<int> outside() const;
  };
};

template <class T>
AGEN_GENERATOR agen::async_generator<int> Outer<T>::Nested::outside() const {
  co_yield static_cast<int>(z) + 1;
}
} // namespace ns

template <class T> struct Holder {};
template <class T> struct Holder<T *> {
  T v{};
  AGEN_GENERATOR agen::async_generator<T> pointee() { co_yield v; }
};

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    ns::Outer<double>::Nested n{7};
    auto a = n.nested();
    co_await drain(a);
    auto b = n.outside();
    co_await drain(b);
    Holder<int *> h{3};
    auto c = h.pointee();
    co_await drain(c);
  });
}
