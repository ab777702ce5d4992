// The rounding-mode example: a generator that must compute in its own
// floating-point rounding mode (charges are rounded up to the cent), consumed
// by code that rounds in its own mode.
//
// Without agen's context protocol, a plain RAII setter around the loop is not
// enough: its scope spans the co_yields, so while the generator is suspended
// the consumer runs in the generator's mode, the generator later computes in
// whatever mode the consumer left behind, and the setter's destructor finally
// overwrites the consumer's mode. With a guard (the same setter plus
// on_suspend()/on_resume()) the two modes never meet. The program shows both
// and exits non-zero unless the setter leaks and the guard does not.
#include <agen/agen.hpp>

#include <cfenv>
#include <cmath>
#include <cstdio>
#include <vector>

// This program changes the rounding mode and relies on it: tell the compiler,
// so that it neither folds nor moves floating-point operations across
// fesetround().
#if defined(__clang__)
#pragma STDC FENV_ACCESS ON
#endif

namespace {

const char *mode_name(int mode) {
  switch (mode) {
  case FE_TONEAREST:
    return "to-nearest";
  case FE_UPWARD:
    return "upward";
  case FE_DOWNWARD:
    return "downward";
  case FE_TOWARDZERO:
    return "toward-zero";
  default:
    return "unknown";
  }
}

/// Sets the rounding mode for its scope and restores the previous one at the
/// end: correct in ordinary code, a leak across a co_yield.
class rounding_setter {
public:
  explicit rounding_setter(int mode) : outer_(std::fegetround()) {
    std::fesetround(mode);
  }
  rounding_setter(const rounding_setter &) = delete;
  rounding_setter &operator=(const rounding_setter &) = delete;
  ~rounding_setter() { std::fesetround(outer_); }

private:
  int outer_;
};

/// The same setter as a context guard: on_suspend() hands the consumer its
/// own mode back, on_resume() reinstalls the generator's. Deriving from
/// agen::context_guard makes the natively compiled build call them too;
/// lowered builds call them statically.
class rounding_guard final : public agen::context_guard {
public:
  explicit rounding_guard(int mode) : outer_(std::fegetround()), mine_(mode) {
    std::fesetround(mode);
  }
  ~rounding_guard() override { std::fesetround(outer_); }

  void on_suspend() noexcept override {
    mine_ = std::fegetround();
    std::fesetround(outer_);
  }
  void on_resume() noexcept override {
    outer_ = std::fegetround();
    std::fesetround(mine_);
  }

private:
  int outer_;
  int mine_;
};

/// Rounds to whole cents in the current rounding mode.
double to_cents(double amount) { return std::nearbyint(amount * 100) / 100; }

/// Charges are billed rounded up to the cent: the loop runs in FE_UPWARD.
AGEN_GENERATOR agen::async_generator<double>
charges_with_setter(std::vector<double> amounts) {
  rounding_setter upward(FE_UPWARD);
  for (double a : amounts)
    co_yield to_cents(a);
}

AGEN_GENERATOR agen::async_generator<double>
charges_with_guard(std::vector<double> amounts) {
  rounding_guard upward(FE_UPWARD);
  for (double a : amounts)
    co_yield to_cents(a);
}

/// A charge as a whole number of cents. lround() rounds halfway cases away
/// from zero in every rounding mode, and a charge is within an ulp of a
/// whole cent, so this is exact whatever mode the caller runs in.
long cents(double charge) { return std::lround(charge * 100); }

/// Prints cents without printf's floating-point conversion, which rounds in
/// the current mode.
void print_cents(long c) { std::printf("%ld.%02ld", c / 100, c % 100); }

/// What the consumer observed: the mode it ran in between items, the charges
/// it received and the mode it was left in.
struct observation {
  int leaks_into_consumer = 0; // items after which the consumer's mode changed
  int wrongly_rounded = 0;     // charges not rounded up to the cent
  bool consumer_mode_kept = true;
};

/// Consumes the charges, switching its own mode to FE_DOWNWARD after the
/// first one (its totals round down), and checks everything it sees against
/// \p expected (the amounts rounded up to the cent, computed beforehand).
template <class Generator>
agen::task<observation> consume(Generator charges,
                                const std::vector<long> &expected) {
  observation seen;
  int mine = FE_TONEAREST;
  std::fesetround(mine);
  std::size_t i = 0;
  while (auto charge = co_await charges.next()) {
    long got = cents(*charge);
    int now = std::fegetround();
    std::printf("  charge ");
    print_cents(got);
    std::printf(" (expected ");
    print_cents(expected[i]);
    std::printf("); consumer runs %s%s\n", mode_name(now),
                now == mine ? "" : "  <- the generator's mode leaked");
    if (got != expected[i])
      ++seen.wrongly_rounded;
    if (now != mine)
      ++seen.leaks_into_consumer;
    if (i++ == 0) {
      mine = FE_DOWNWARD;
      std::fesetround(mine);
      std::printf("  consumer switches its own mode to %s\n", mode_name(mine));
    }
  }
  int after = std::fegetround();
  seen.consumer_mode_kept = after == mine;
  std::printf("  after the generator: consumer runs %s%s\n", mode_name(after),
              seen.consumer_mode_kept ? "" : "  <- overwritten");
  std::fesetround(FE_TONEAREST);
  co_return seen;
}

} // namespace

int main() {
  const std::vector<double> amounts = {0.123, 1.001, 2.345, 7.777};
  std::vector<long> expected; // rounded up to the cent, in the default mode
  for (double a : amounts)
    expected.push_back(static_cast<long>(std::ceil(a * 100)));

  std::puts("without agen (a plain RAII setter in the generator):");
  observation setter =
      agen::sync_wait(consume(charges_with_setter(amounts), expected));
  std::puts("with a rounding_guard (on_suspend/on_resume):");
  observation guard =
      agen::sync_wait(consume(charges_with_guard(amounts), expected));

  bool leak_shown = setter.leaks_into_consumer > 0 &&
                    setter.wrongly_rounded > 0 && !setter.consumer_mode_kept;
  bool guard_correct = guard.leaks_into_consumer == 0 &&
                       guard.wrongly_rounded == 0 && guard.consumer_mode_kept;
  std::printf("setter: %d leaks into the consumer, %d charges wrongly "
              "rounded, consumer's mode %s\n",
              setter.leaks_into_consumer, setter.wrongly_rounded,
              setter.consumer_mode_kept ? "kept" : "overwritten");
  std::printf("guard:  %d leaks into the consumer, %d charges wrongly "
              "rounded, consumer's mode %s\n",
              guard.leaks_into_consumer, guard.wrongly_rounded,
              guard.consumer_mode_kept ? "kept" : "overwritten");
  if (!leak_shown)
    std::puts("FAILED: the plain setter was expected to leak");
  if (!guard_correct)
    std::puts("FAILED: the guard let the rounding mode leak");
  return leak_shown && guard_correct ? 0 : 1;
}
