// agen-context-call-leak is silent when every path restores the state before
// the suspension: a value saved from the family (fegetround, the previous
// locale uselocale or std::locale::global returned, a copy of setlocale's
// name, an environment from fegetenv/feholdexcept) passed back, restores on
// every path, including paths that changed nothing; a second call of the
// same setter restores the first; queries (uselocale(0), setlocale(c,
// nullptr)) change nothing; calls inside a lambda are not the generator's.
//
// RUN: %agen-rewrite %s -o %t.lowered.cpp -- %cxxflags 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fsyntax-only %s 2>&1 | count 0
// RUN: %clangxx %cxxflags -fplugin=%agen-plugin -fplugin-arg-agen-no-lower -fsyntax-only %s 2>&1 | count 0
// RUN: %agen-clang-tidy %s -- %cxxflags 2>&1 | count 0

#include <agen/agen.hpp>

#include <cfenv>
#include <clocale>
#include <locale>
#include <string>

int compute();

AGEN_GENERATOR agen::async_generator<int> rounding(bool precise) {
  int old = fegetround();
  if (precise)
    fesetround(FE_UPWARD);
  int v = compute();
  fesetround(old);
  co_yield v;
  fesetround(FE_UPWARD);
  v = compute();
  fesetround(FE_TONEAREST);
  co_yield v;
  auto later = [] { fesetround(FE_DOWNWARD); };
  later();
  co_yield 0;
}

AGEN_GENERATOR agen::async_generator<int> environment() {
  fenv_t env;
  feholdexcept(&env);
  int v = compute();
  feupdateenv(&env);
  co_yield v;
  fenv_t saved;
  fegetenv(&saved);
  fesetenv(FE_DFL_ENV);
  v = compute();
  fesetenv(&saved);
  co_yield v;
}

AGEN_GENERATOR agen::async_generator<int> locales(locale_t c_locale) {
  locale_t old = uselocale(c_locale);
  int v = compute();
  uselocale(old);
  co_yield v;
  std::string name = setlocale(LC_ALL, nullptr);
  setlocale(LC_ALL, "C");
  v = compute();
  setlocale(LC_ALL, name.c_str());
  co_yield v;
  std::locale previous = std::locale::global(std::locale::classic());
  v = compute();
  std::locale::global(previous);
  co_yield v;
  std::locale current;
  std::locale::global(std::locale::classic());
  std::locale::global(current);
  (void)uselocale((locale_t)0);
  (void)setlocale(LC_NUMERIC, nullptr);
  co_yield v;
}
