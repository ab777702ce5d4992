#!/usr/bin/env bash
# setup.sh: installs the Debian 12 packages agen needs to build and test. Idempotent:
# packages that are already installed are skipped, and apt-get update/install only run
# when something is missing, so on a prepared machine this takes a moment.
set -euo pipefail

packages=(
  cmake ninja-build python3
  clang-19 clang-tools-19 libclang-19-dev libclang-rt-19-dev
  llvm-19-dev llvm-19-tools
  clang-format-19 clang-tidy-19
  libgtest-dev libgmock-dev libbenchmark-dev
  libasio-dev nlohmann-json3-dev
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  [[ $status == ii* ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
