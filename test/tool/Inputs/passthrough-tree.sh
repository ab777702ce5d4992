#!/usr/bin/env bash
# passthrough-tree.sh <agen-rewrite> <out-dir> <file>... -- <compiler flags>
# Rewrites each file (every mode that writes: stdout) and fails unless the
# output is byte-identical to the input. Prints one line per file checked.
set -euo pipefail
rewrite=$1 out=$2
shift 2
files=()
while [[ $# -gt 0 && $1 != -- ]]; do files+=("$1"); shift; done
shift
mkdir -p "$out"
for f in "${files[@]}"; do
  "$rewrite" "$f" -- -x c++ "$@" > "$out/$(basename "$f")"
  cmp "$f" "$out/$(basename "$f")"
  echo "identical: $(basename "$f")"
done
