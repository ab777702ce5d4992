#!/usr/bin/env bash
# example.sh: sets the machine up (setup.sh), builds agen with clang++-19 in build/ and
# runs the examples end to end: the flagship example (agen-example-flagship, from
# examples/flagship/), then the JSON-lines example over real TCP
# (agen-example-json-lines, from examples/json-lines/), then the context-guard
# examples (examples/rounding-mode/, examples/tracing-span/). The flagship and
# the context-guard examples run as written, lowered by agen-rewrite and through
# the plugin. Fails if any fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
export CXX=clang++-19
cmake -S . -B build -G Ninja

examples=(agen-example-flagship agen-example-flagship-lowered agen-example-flagship-plugin agen-example-json-lines)
for name in rounding-mode tracing-span; do
  examples+=("agen-example-$name" "agen-example-$name-lowered" "agen-example-$name-plugin")
done
targets=$(ninja -C build -t targets all)
for target in "${examples[@]}"; do
  if ! grep -q "^$target:" <<<"$targets"; then
    echo "example.sh: no $target target (see the CMake configure output above)" >&2
    exit 1
  fi
done
cmake --build build -j2 --target "${examples[@]}"

for target in "${examples[@]}"; do
  exe=build/bin/$target
  if [[ ! -x $exe ]]; then
    exe=$(find build -type f -name "$target" -perm -u+x | head -n1)
  fi
  if [[ -z $exe ]]; then
    echo "example.sh: $target was built but no executable of that name exists" >&2
    exit 1
  fi
  echo
  echo "===== $target"
  "$exe"
done
