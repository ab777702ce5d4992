#!/usr/bin/env bash
# run-install-test.sh: installs an agen build into a scratch prefix, checks the pinned
# installed layout, then configures, builds and runs the outside project in
# test/install/consumer/ against that prefix (find_package(agen CONFIG REQUIRED)).
#
# usage: run-install-test.sh <build-dir> <src-dir> <work-dir>
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <build-dir> <src-dir> <work-dir>" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$3

cache_var() { # cache_var NAME -> value from the build's CMakeCache.txt ("" if unset)
  sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" | head -n1
}

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
prefix=$work/prefix

echo "== install $build -> $prefix"
cmake --install "$build" --prefix "$prefix"

fail=0
expect() { # expect <test-op> <path>
  if ! test "$1" "$2"; then
    echo "install-consumer: missing from the installed layout: $2" >&2
    fail=1
  fi
}
expect -f "$prefix/include/agen/agen.hpp"
expect -f "$prefix/lib/cmake/agen/agenConfig.cmake"
expect -f "$prefix/lib/cmake/agen/agenConfigVersion.cmake"

tools=OFF
case "$(cache_var AGEN_BUILD_TOOLS)" in ON|on|TRUE|true|1|YES|yes) tools=ON ;; esac
if [[ $tools == ON ]]; then
  expect -x "$prefix/bin/agen-rewrite"
  expect -f "$prefix/lib/agen-plugin.so"
  expect -f "$prefix/lib/cmake/agen/agenPlugin.cmake"
  expect -f "$prefix/lib/agen-tidy-module.so"
  expect -x "$prefix/bin/agen-clang-tidy"
fi
[[ $fail == 0 ]] || exit 1

if [[ $tools == ON ]]; then
  echo "== installed agen-clang-tidy loads the installed module"
  "$prefix/bin/agen-clang-tidy" --list-checks | grep -q "agen-context-leak" || {
    echo "install-consumer: installed agen-clang-tidy does not list agen-context-leak" >&2
    exit 1
  }
fi

generator=$(cache_var CMAKE_GENERATOR)
cxx=$(cache_var CMAKE_CXX_COMPILER)

echo "== configure consumer (tools=$tools, CXX=$cxx)"
cmake -S "$src/test/install/consumer" -B "$work/consumer-build" \
  ${generator:+-G "$generator"} \
  ${cxx:+-DCMAKE_CXX_COMPILER="$cxx"} \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DAGEN_CONSUMER_EXPECT_TOOLS=$tools

echo "== build consumer"
cmake --build "$work/consumer-build"

run_expect_ok() {
  local exe=$1 out
  out=$("$exe")
  if [[ $out != ok ]]; then
    echo "install-consumer: $exe printed '$out', expected 'ok'" >&2
    exit 1
  fi
  echo "$exe: $out"
}

echo "== run consumer"
run_expect_ok "$work/consumer-build/agen-consumer"
if [[ $tools == ON ]]; then
  run_expect_ok "$work/consumer-build/agen-consumer-plugin"
fi
echo "install-consumer: PASS"
