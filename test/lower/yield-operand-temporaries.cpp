// A co_yield yields what native mode's yield_value() yields, and the
// temporaries its operand makes live until the generator resumes, as in
// native mode: the operand itself where the consumer's reference binds to it
// (a `const T &` generator yields a non-const lvalue, a const lvalue or a
// prvalue without copying; a derived object is not sliced), else a copy
// converted to the yield type. Temporaries the operand makes (a Spy bound to
// a parameter) are held in the yield's slot and destroyed after the value,
// last made first, when the statement ends, at aclose, at athrow and when the
// operand's evaluation throws.
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
// RUN: %clangxx -fplugin=%agen-plugin -fplugin-arg-agen-print-lowered=names -fplugin-arg-agen-print-lowered=spies -fplugin-arg-agen-print-lowered=shapes -fplugin-arg-agen-print-lowered=braced %cxxflags %sanitize -Wall -Wextra -Werror -I%S/Inputs %s -o %t.plugin 2> %t.plugin.lowered
// RUN: FileCheck %s --input-file=%t.plugin.lowered
// RUN: %t.plugin > %t.plugin.txt
// RUN: diff %t.native.txt %t.plugin.txt

// names: a converted copy; a temporary held while the value is read.
// CHECK-LABEL: struct agen_frame { // names,
// CHECK: agen::detail::slot<std::string> agen_yield_1;
// CHECK: agen::detail::yielding<std::string, Spy> agen_yield_2;
// CHECK: agen::detail::yielding<{{.*}}, std::string> agen_yield_3;
// CHECK: agen::detail::yielding<std::string, Spy, Spy> agen_yield_4;
// CHECK: agen_yield_2.construct_from([&]() -> std::string { return label(agen_yield_2.hold<0>([&]() -> Spy { return Spy("a"); })); });
// CHECK: return pass(agen_yield_3.hold<0>([&]() -> std::string { return std::string("copied"); })); });
// CHECK: agen_yield_4.construct_from([&]() -> std::string { return both(agen_yield_4.hold<0>([&]() -> Spy { return Spy("b"); }), agen_yield_4.hold<1>([&]() -> Spy { return Spy("c"); })); });

// spies: a `const Spy &` generator copies nothing.
// CHECK-LABEL: struct agen_frame { // spies,
// CHECK-NOT: agen_yield_1;
// CHECK-NOT: agen_yield_2;
// CHECK: agen::detail::slot<Spy> agen_yield_3;
// CHECK-NOT: agen_yield_4;
// CHECK: agen::detail::temporaries<Spy> agen_yield_5;
// CHECK: return agen_cx.yield_value(agen::detail::address_of((*mine)));
// CHECK: return agen_cx.yield_value(agen::detail::address_of((*fixed)));
// CHECK: agen_yield_3.construct_from([&]() -> Spy { return Spy("prvalue"); });
// CHECK: return agen_cx.yield_value(agen::detail::address_of(std::move((*mine))));
// CHECK: return agen_cx.yield_value(agen::detail::address_of(pick(agen_yield_5.hold<0>([&]() -> Spy { return Spy("held"); }))));

// shapes: a `Shape` generator yields a Circle lvalue in place, copies a
// const one, and materializes a Circle prvalue as a Circle.
// CHECK-LABEL: struct agen_frame { // shapes,
// CHECK-NOT: agen_yield_1;
// CHECK: agen::detail::slot<Shape> agen_yield_2;
// CHECK: agen::detail::slot<Circle> agen_yield_3;

// braced: the yield type as written.
// CHECK-LABEL: struct agen_frame { // braced,
// CHECK: agen::detail::yielding<std::pair<std::string, int>, int> agen_yield_1;
// CHECK: agen_yield_1.construct_from([&]() -> std::pair<std::string, int> { return {"braced", agen_yield_1.hold<0>([&]() -> int { return 1; })}; });

// TRACE-LABEL: names
// TRACE-NEXT: got literal
// TRACE-NEXT: +a
// TRACE-NEXT: got label a
// TRACE-NEXT: -a
// TRACE-NEXT: got copied
// TRACE-NEXT: +b
// TRACE-NEXT: +c
// TRACE-NEXT: got b and c
// TRACE-NEXT: -c
// TRACE-NEXT: -b
// TRACE-NEXT: end
// TRACE-LABEL: spies
// TRACE-NEXT: +mine
// TRACE-NEXT: +fixed
// TRACE-NEXT: got mine
// TRACE-NEXT: got fixed
// TRACE-NEXT: +prvalue
// TRACE-NEXT: got prvalue
// TRACE-NEXT: -prvalue
// TRACE-NEXT: got mine
// TRACE-NEXT: +held
// TRACE-NEXT: got held
// TRACE-NEXT: -held
// TRACE-NEXT: -fixed
// TRACE-NEXT: -mine
// TRACE-NEXT: end
// TRACE-LABEL: shapes
// TRACE-NEXT: got circle 1
// TRACE-NEXT: got shape 2
// TRACE-NEXT: got circle 3
// TRACE-NEXT: end
// TRACE-LABEL: braced
// TRACE-NEXT: got braced 1
// TRACE-NEXT: end
// TRACE-LABEL: refs
// TRACE-NEXT: +kept
// TRACE-NEXT: +kept~
// TRACE-NEXT: got kept~
// TRACE-NEXT: got kept~
// TRACE-NEXT: +kept~'
// TRACE-NEXT: got kept~'
// TRACE-NEXT: -kept~'
// TRACE-NEXT: end
// TRACE-NEXT: -kept~
// TRACE-NEXT: -kept
// TRACE-LABEL: plain
// TRACE-NEXT: +plain
// TRACE-NEXT: got plain
// TRACE-NEXT: +made
// TRACE-NEXT: got made
// TRACE-NEXT: -made
// TRACE-NEXT: -plain
// TRACE-NEXT: end
// TRACE-LABEL: closed
// TRACE-NEXT: +local
// TRACE-NEXT: +held
// TRACE-NEXT: got label held
// TRACE-NEXT: -held
// TRACE-NEXT: -local
// TRACE-NEXT: closed
// TRACE-LABEL: thrown
// TRACE-NEXT: +held
// TRACE-NEXT: got label held
// TRACE-NEXT: -held
// TRACE-NEXT: caught boom
// TRACE-LABEL: broken
// TRACE-NEXT: +first
// TRACE-NEXT: -first
// TRACE-NEXT: caught operand
// TRACE-NEXT: done

#include "trace.hpp"

std::string label(const Spy &s) { return "label " + s.name; }
std::string both(const Spy &a, const Spy &b) {
  return a.name + " and " + b.name;
}
const std::string &pass(const std::string &s) { return s; }
const Spy &pick(const Spy &s) { return s; }
std::string fail(const Spy &) { throw test_error("operand"); }

AGEN_GENERATOR agen::async_generator<std::string> names() {
  co_yield "literal";
  co_yield label(Spy("a"));
  co_yield pass(std::string("copied"));
  co_yield both(Spy("b"), Spy("c"));
}

AGEN_GENERATOR agen::async_generator<const Spy &> spies() {
  Spy mine("mine");
  const Spy fixed("fixed");
  co_yield mine;
  co_yield fixed;
  co_yield Spy("prvalue");
  co_yield std::move(mine);
  co_yield pick(Spy("held"));
}

struct Shape {
  int id;
  explicit Shape(int i) : id(i) {}
  Shape(const Shape &) = default;
  virtual ~Shape() = default;
  virtual std::string kind() const { return "shape"; }
};
struct Circle : Shape {
  explicit Circle(int i) : Shape(i) {}
  std::string kind() const override { return "circle"; }
};

AGEN_GENERATOR agen::async_generator<Shape> shapes() {
  Circle c(1);
  const Circle k(2);
  co_yield c;
  co_yield k;
  co_yield Circle(3);
}

/// A braced list initializes the yielded value; the int bound to the pair's
/// forwarding constructor is a held temporary.
AGEN_GENERATOR agen::async_generator<std::pair<std::string, int>> braced() {
  co_yield {"braced", 1};
}

/// A template decides per instantiation, as native mode does.
template <class T>
AGEN_GENERATOR agen::async_generator<const T &> refs(T kept) {
  co_yield kept;
  co_yield static_cast<const T &>(kept);
  co_yield T(kept);
}

/// A template whose yields do not depend on it: decided on their types.
template <class T>
AGEN_GENERATOR agen::async_generator<const Spy &> plain(T) {
  Spy s("plain");
  co_yield s;
  co_yield Spy("made");
}

AGEN_GENERATOR agen::async_generator<std::string> closed() {
  Spy local("local");
  co_yield label(Spy("held"));
  say("not reached");
}

AGEN_GENERATOR agen::async_generator<std::string> thrown() {
  co_yield label(Spy("held"));
  say("not reached");
}

AGEN_GENERATOR agen::async_generator<std::string> broken() {
  co_yield fail(Spy("first"));
}

template <class G> agen::task<void> print(G g) {
  try {
    while (auto r = co_await g.next()) {
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(*r)>, Shape>)
        say("got " + r->kind() + " " + std::to_string(r->id));
      else if constexpr (std::is_same_v<std::remove_cvref_t<decltype(*r)>,
                                        Spy>)
        say("got " + r->name);
      else if constexpr (requires { r->first; })
        say("got " + r->first + " " + std::to_string(r->second));
      else
        say("got " + *r);
    }
    say("end");
  } catch (const std::exception &e) {
    say(std::string("caught ") + e.what());
  }
}

int main() {
  run([](agen::event_loop &) -> agen::task<void> {
    say("names");
    co_await print(names());
    say("spies");
    co_await print(spies());
    say("shapes");
    co_await print(shapes());
    say("braced");
    co_await print(braced());
    say("refs");
    co_await print(refs(Spy("kept")));
    say("plain");
    co_await print(plain(0));
    say("closed");
    {
      auto g = closed();
      if (auto r = co_await g.next())
        say("got " + *r);
      co_await g.aclose();
      say("closed");
    }
    say("thrown");
    {
      auto g = thrown();
      if (auto r = co_await g.next())
        say("got " + *r);
      try {
        co_await g.athrow(std::make_exception_ptr(test_error("boom")));
      } catch (const test_error &e) {
        say(std::string("caught ") + e.what());
      }
    }
    say("broken");
    co_await print(broken());
    say("done");
  });
}
