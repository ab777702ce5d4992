// main.cpp: the install test's consumer; compiles against the installed
// <agen/agen.hpp> and prints "ok".
#include <agen/agen.hpp>

#include <cstdio>

int main() {
  std::puts("ok");
  return 0;
}
