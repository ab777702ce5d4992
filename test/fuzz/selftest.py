#!/usr/bin/env python3
"""Self-test of run.py: a tester that never fails proves nothing.

Runs run.py on a dozen programs with a sabotaging stand-in for agen-rewrite
(this script, invoked as `selftest.py --as-rewriter SRC -o OUT -- ...`), which
copies the source and breaks four programs in four ways. run.py must exit 1,
report exactly those four, and keep a reproducer for each; the other programs
must pass (the copy is a correct "lowering").

  python3 test/fuzz/selftest.py [--cxx clang++-19] [--include runtime/include]
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))

# program -> what the stand-in rewriter does to it, and what run.py must say.
SABOTAGE = {
    "p0003": ("yield", "traces differ"),
    "p0005": ("use-after-free", "lowered: sanitizer: ERROR: AddressSanitizer: "
                                "heap-use-after-free"),
    "p0007": ("rewrite error", "rewrite error: stand-in rewriter refuses"),
    "p0009": ("leak", "lowered: sanitizer: ERROR: LeakSanitizer"),
}
COUNT = 12


def as_rewriter(argv):
    src = argv[0]
    out = argv[argv.index("-o") + 1]
    with open(src) as f:
        lines = f.read().split("\n")

    def first_line(ns, needle):
        start = lines.index("namespace %s {" % ns) if \
            "namespace %s {" % ns in lines else None
        if start is None:
            return None
        for i in range(start, len(lines)):
            if needle in lines[i]:
                return i
        return None

    i = first_line("p0007", "fuzz::Spy root")
    if i is not None:
        sys.stderr.write("%s:%d:3: error: stand-in rewriter refuses this "
                         "program\n" % (src, i + 1))
        return 1
    # Sabotage in each program's run(), which always runs (a generator body
    # may not, depending on the operations).
    i = first_line("p0003", "fuzz::Env env{")
    if i is not None:
        lines[i] += ' env.line("sabotaged");'
    i = first_line("p0005", "fuzz::Env env{")
    if i is not None:
        lines[i] += " { int *p = new int(1); delete p; env.log(0, *p); }"
    i = first_line("p0009", "fuzz::Env env{")
    if i is not None:
        lines[i] += " { static int *volatile p; p = new int(1); p = nullptr; }"
    with open(out, "w") as f:
        f.write("\n".join(lines))
    return 0


def main(argv):
    if argv[:1] == ["--as-rewriter"]:
        return as_rewriter(argv[1:])
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--cxx", default="clang++-19")
    p.add_argument("--include", default=os.path.join(SOURCE_ROOT, "runtime",
                                                     "include"))
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="agen-fuzz-selftest-") as tmp:
        rewriter = os.path.join(tmp, "stand-in-rewrite")
        with open(rewriter, "w") as f:
            f.write("#!/bin/sh\nexec %s %s --as-rewriter \"$@\"\n" % (
                shlex.quote(sys.executable),
                shlex.quote(os.path.abspath(__file__))))
        os.chmod(rewriter, 0o755)
        keep = os.path.join(tmp, "keep")
        cmd = [sys.executable, os.path.join(HERE, "run.py"), "--seed", "1",
               "--count", str(COUNT), "--rewrite", rewriter, "--cxx", args.cxx,
               "--include", args.include, "--keep", keep,
               "--work", os.path.join(tmp, "work"), "--rebuild-limit", "1"]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        out = proc.stdout
        print(out, end="")
        problems = []
        if proc.returncode != 1:
            problems.append("run.py exited %d, not 1" % proc.returncode)
        want = "%d passed, %d failed" % (COUNT - len(SABOTAGE), len(SABOTAGE))
        if out.rstrip().splitlines()[-1:] != [want]:
            problems.append("last line is not '%s'" % want)
        failed = set(re.findall(r"FAIL (P\d{4}):", out))
        expected = {ns.upper() for ns in SABOTAGE}
        if failed != expected:
            problems.append("failed programs %s, expected %s" % (
                sorted(failed), sorted(expected)))
        for ns, (what, message) in SABOTAGE.items():
            name = ns.upper()
            if not re.search(r"FAIL %s: %s" % (name, re.escape(message)), out):
                problems.append("%s (%s) not reported as '%s'" % (
                    name, what, message))
            d = os.path.join(keep, "seed1-%s" % name)
            for fname in ("fuzz.cpp", "failure.txt", "README"):
                if not os.path.isfile(os.path.join(d, fname)):
                    problems.append("no %s kept for %s" % (fname, name))
        d = os.path.join(keep, "seed1-P0003")
        if not os.path.isfile(os.path.join(d, "trace.diff")) or \
                "+sabotaged" not in open(os.path.join(d, "trace.diff")).read():
            problems.append("P0003's reproducer has no trace.diff showing "
                            "the extra line")
    for prob in problems:
        print("selftest: FAIL: " + prob)
    print("selftest: %s" % ("FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
