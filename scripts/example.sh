#!/usr/bin/env bash
# example.sh: sets the machine up (setup.sh), builds agen with clang++-19 in build/ and
# runs the flagship example (CMake target agen-example-flagship, from examples/flagship/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
export CXX=clang++-19
cmake -S . -B build -G Ninja
if ! ninja -C build -t targets all | grep -q '^agen-example-flagship:'; then
  echo "example.sh: no agen-example-flagship target (examples/flagship/ is not in this checkout yet)" >&2
  exit 1
fi
cmake --build build -j2 --target agen-example-flagship
exe=build/bin/agen-example-flagship
if [[ ! -x $exe ]]; then
  exe=$(find build -type f -name agen-example-flagship -perm -u+x | head -n1)
fi
if [[ -z $exe ]]; then
  echo "example.sh: agen-example-flagship was built but no executable of that name exists" >&2
  exit 1
fi
exec "$exe"
