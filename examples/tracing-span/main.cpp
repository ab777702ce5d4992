// The tracing-span example: a tracer keeps the "current span" of each thread
// on a thread-local stack; code logs events against the innermost span, and
// a span must be closed while it is the innermost one.
//
// A generator that opens a span with a plain RAII object (push in the
// constructor, pop in the destructor) breaks both rules: while it is
// suspended its span stays on the consumer's stack, so the consumer's events
// are attributed to the generator, and the consumer's spans then close out of
// order. A span guard (the same object plus on_suspend()/on_resume()) takes
// the generator's span off the stack at each suspension and puts it back on
// top of the consumer's current span at each resumption: every event lands in
// the right span and spans always close innermost first. The program shows
// both and exits non-zero unless the plain span leaks and the guard does not.
#include <agen/agen.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

/// The tracer: this thread's open spans, outermost first.
thread_local std::vector<std::string> open_spans;
/// What went wrong, as the tracer and the event log see it.
thread_local int out_of_order_closes = 0;
thread_local int misplaced_events = 0;

std::string current_path() {
  std::string path;
  for (const std::string &s : open_spans)
    path += (path.empty() ? "" : "/") + s;
  return path.empty() ? "(none)" : path;
}

/// Opens \p name as the innermost span.
void open_span(const std::string &name) { open_spans.push_back(name); }

/// Closes \p name, which must be the innermost span (tracers report anything
/// else: OpenTelemetry's "context detach mismatch").
void close_span(const std::string &name) {
  if (open_spans.empty() || open_spans.back() != name) {
    ++out_of_order_closes;
    std::printf("    tracer: closing '%s' but the innermost span is '%s'\n",
                name.c_str(),
                open_spans.empty() ? "(none)" : open_spans.back().c_str());
  }
  for (auto it = open_spans.end(); it != open_spans.begin();)
    if (*--it == name) {
      open_spans.erase(it);
      break;
    }
}

/// A span for a scope: correct in ordinary code, a leak across a co_yield.
class span {
public:
  explicit span(std::string name) : name_(std::move(name)) { open_span(name_); }
  span(const span &) = delete;
  span &operator=(const span &) = delete;
  ~span() { close_span(name_); }

private:
  std::string name_;
};

/// The same span as a context guard: suspended, it leaves the consumer's
/// stack; resumed, it nests under whatever span the consumer is in. Deriving
/// from agen::context_guard makes the natively compiled build call it too;
/// lowered builds call it statically.
class span_guard final : public agen::context_guard {
public:
  explicit span_guard(std::string name) : name_(std::move(name)) {
    open_span(name_);
  }
  ~span_guard() override { close_span(name_); }

  void on_suspend() noexcept override { close_span(name_); }
  void on_resume() noexcept override { open_span(name_); }

private:
  std::string name_;
};

/// Logs an event against the current span, which should be \p expected.
void event(const char *who, const char *what, const std::string &expected) {
  std::string path = current_path();
  bool right = path == expected;
  std::printf("    %-9s %-22s in %s%s\n", who, what, path.c_str(),
              right ? "" : "  <- wrong span");
  if (!right)
    ++misplaced_events;
}

AGEN_GENERATOR agen::async_generator<int> records_with_span(int n) {
  span parse("parse");
  for (int i = 1; i <= n; ++i) {
    // The consumer asked from inside "request/batch-<i>".
    std::string batch = "request/batch-" + std::to_string(i);
    event("generator", "parsing a record", batch + "/parse");
    co_yield i;
  }
}

AGEN_GENERATOR agen::async_generator<int> records_with_guard(int n) {
  span_guard parse("parse");
  for (int i = 1; i <= n; ++i) {
    std::string batch = "request/batch-" + std::to_string(i);
    event("generator", "parsing a record", batch + "/parse");
    co_yield i;
  }
}

/// Handles a request: pulls each record from inside a span of its own
/// ("batch-<i>") and logs what it does with it.
template <class Generator> agen::task<void> handle_request(Generator records) {
  span request("request");
  for (int i = 1;; ++i) {
    span batch("batch-" + std::to_string(i));
    std::string here = "request/batch-" + std::to_string(i);
    auto record = co_await records.next();
    if (!record)
      break;
    event("consumer", "storing the record", here);
  }
  event("consumer", "responding", "request");
}

struct observation {
  int misplaced_events = 0;
  int out_of_order_closes = 0;
};

template <class Generator> observation run(Generator records) {
  misplaced_events = out_of_order_closes = 0;
  agen::sync_wait(handle_request(std::move(records)));
  if (!open_spans.empty()) {
    std::printf("    spans left open: %s\n", current_path().c_str());
    ++out_of_order_closes;
    open_spans.clear();
  }
  return {misplaced_events, out_of_order_closes};
}

} // namespace

int main() {
  std::puts("without agen (a plain RAII span in the generator):");
  observation plain = run(records_with_span(2));
  std::puts("with a span_guard (on_suspend/on_resume):");
  observation guarded = run(records_with_guard(2));

  std::printf("plain span: %d events in the wrong span, %d spans closed out "
              "of order\n",
              plain.misplaced_events, plain.out_of_order_closes);
  std::printf("span_guard: %d events in the wrong span, %d spans closed out "
              "of order\n",
              guarded.misplaced_events, guarded.out_of_order_closes);
  bool leak_shown = plain.misplaced_events > 0 && plain.out_of_order_closes > 0;
  bool guard_correct =
      guarded.misplaced_events == 0 && guarded.out_of_order_closes == 0;
  if (!leak_shown)
    std::puts("FAILED: the plain span was expected to leak");
  if (!guard_correct)
    std::puts("FAILED: the span guard let the span leak");
  return leak_shown && guard_correct ? 0 : 1;
}
