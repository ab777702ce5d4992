#!/usr/bin/env python3
"""Differential random-program tester for agen (see docs/testing-fuzz.md).

Generates programs with gen_program.py, many per translation unit, builds each
unit natively (clang++ -fsanitize=address,undefined) and, through agen-rewrite,
lowered with the same flags, runs both and compares the traces program by
program. Both traces must also satisfy the programs' own invariants (every
"+x" matched by a "-x" in reverse order, nothing alive at the end, states
consistent with results). On a failure the batch is split: each program is
re-run alone and every failing one is rebuilt alone and kept, with its
lowered source, both traces and their diff, as a reproducer in --keep.

Exit status: 0 when every program passed, 1 on any mismatch, invariant
violation, sanitizer report, crash, rewrite or compile error, 2 on bad usage.
The last line of output is always "N passed, N failed".
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shutil
import subprocess
import sys
import signal
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_program  # noqa: E402

SANITIZER_ENV = {
    "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:halt_on_error=1",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
}


def log(msg):
    print(msg, flush=True)


class Toolchain:
    def __init__(self, args):
        self.cxx = args.cxx
        self.include = os.path.abspath(args.include)
        self.rewrite = args.rewrite
        self.flags = ["-std=c++20", "-fsanitize=address,undefined",
                      "-fno-sanitize-recover=undefined", "-fno-omit-frame-pointer",
                      "-ferror-limit=0",
                      "-I", self.include] + args.cxxflags.split()
        self.compile_timeout = args.compile_timeout
        self.run_timeout = args.run_timeout

    def compile_cmd(self, src, exe, syntax_only=False):
        if syntax_only:
            return [self.cxx, "-fsyntax-only"] + self.flags + [src]
        return [self.cxx] + self.flags + [src, "-o", exe]

    def rewrite_cmd(self, src, out):
        return [self.rewrite, src, "-o", out, "--",
                "-std=c++20", "-I", self.include]

    def call(self, cmd, timeout, env=None):
        """(returncode, stdout, stderr); returncode None on timeout."""
        return spawn(cmd, timeout, env)

    def compile(self, src, exe, syntax_only=False):
        rc, out, err = self.call(self.compile_cmd(src, exe, syntax_only),
                                 self.compile_timeout)
        return rc == 0, out + err

    def lower(self, src, out):
        if os.path.exists(out):
            os.unlink(out)
        rc, o, err = self.call(self.rewrite_cmd(src, out), self.compile_timeout)
        return rc == 0 and os.path.exists(out), o + err

    def run(self, exe, ids=()):
        env = dict(os.environ)
        env.update(SANITIZER_ENV)
        return spawn([exe] + list(ids), self.run_timeout, env)


# Children alive now, so that a SIGTERM (ctest's timeout) or ^C ends them too.
_children = set()
_children_lock = threading.Lock()


def spawn(cmd, timeout, env=None):
    """Runs `cmd`: (returncode, stdout, stderr); returncode None on timeout."""
    # Its own process group: a kill reaches the compiler's own children.
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, start_new_session=True)
    with _children_lock:
        _children.add(p)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        kill_group(p)
        out, err = p.communicate()
        rc = None
        err += b"\n[timed out after %ds]\n" % timeout
    finally:
        with _children_lock:
            _children.discard(p)
    return rc, out.decode(errors="replace"), err.decode(errors="replace")


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass


def kill_children(signum, frame):
    with _children_lock:
        for p in list(_children):
            kill_group(p)
    os._exit(128 + signum)


# ---- traces -----------------------------------------------------------------

def split_trace(stdout):
    """{program name: [lines]} in order; lines without the name dropped."""
    traces = {}
    for line in stdout.splitlines():
        name, _, rest = line.partition(" ")
        if re.fullmatch(r"P\d{4}", name):
            traces.setdefault(name, []).append(rest)
    return traces


def run_programs(tc, exe, names):
    """Runs `names` with `exe`, restarting after a crash. Returns
    {name: (lines, problem or None, stderr)}. A program's problem is a crash,
    a non-zero exit, sanitizer output or a missing 'done'."""
    results = {}
    todo = list(names)
    while todo:
        rc, out, err = tc.run(exe, todo)
        traces = split_trace(out)
        finished = [n for n in todo if traces.get(n) and traces[n][-1] == "done"]
        if rc == 0 and not err.strip() and len(finished) == len(todo):
            for n in todo:
                results[n] = (traces[n], None, "")
            break
        if len(finished) == len(todo):
            # Every program finished but the process failed (a leak report at
            # exit, stderr output): find who, one by one.
            for n in todo:
                rc1, out1, err1 = tc.run(exe, [n])
                t = split_trace(out1).get(n, [])
                problem = None
                if rc1 != 0 or err1.strip():
                    problem = describe_exit(rc1, err1)
                results[n] = (t, problem, err1)
            break
        # The first unfinished program crashed (or hung); the ones before it
        # are fine, the ones after it did not run: run them again.
        first_bad = next(i for i, n in enumerate(todo) if n not in finished)
        for n in todo[:first_bad]:
            results[n] = (traces[n], None, "")
        bad = todo[first_bad]
        results[bad] = (traces.get(bad, []), describe_exit(rc, err), err)
        todo = todo[first_bad + 1:]
    return results


def describe_exit(rc, err):
    if rc is None:
        return "timed out"
    m = re.search(r"(ERROR: \w+Sanitizer: [^\n]*|runtime error: [^\n]*"
                  r"|ERROR: LeakSanitizer[^\n]*)", err)
    if m:
        return "sanitizer: " + re.sub(r" on (unknown )?address 0x[0-9a-f]+.*",
                                      "", m.group(1).strip())
    if rc < 0:
        return "killed by signal %d" % -rc
    if rc != 0:
        return "exit status %d" % rc
    return "unexpected stderr: " + err.strip().splitlines()[0][:200]


OP_RE = re.compile(r"op(\d+) (\S+) -> (.*) state=(\w+)$")


def check_invariants(lines):
    """Problems with one program's trace that need no second mode: the
    lifetime and state rules of SPEC §3 the driver can observe."""
    problems = []
    if not lines or lines[-1] != "done":
        problems.append("the program did not finish")
    if not any(l.startswith("finish live=0 pending=0") for l in lines):
        problems.append("objects alive or awaits pending at the end: %s"
                        % next((l for l in lines if l.startswith("finish")),
                               "no finish line"))
    for l in lines:
        if l.startswith("STUCK"):
            problems.append("settle gave up: " + l)
    stacks = {}           # instance -> live Spy names, innermost last
    created = set()       # instances announced by "new gN"
    started = set()       # instances an operation has been applied to
    closed = set()        # instances in state closed
    current = None
    for l in lines:
        m = re.match(r"new (g\d+)$", l)
        if m:
            current = m.group(1)
            created.add(current)
            continue
        m = re.match(r"(g\d+) ([+-])(\S+)$", l)
        if m:
            inst, sign, name = m.groups()
            if inst not in created:
                problems.append("%s: body ran when the generator function "
                                "was called (calling must run nothing): %s"
                                % (inst, l))
            st = stacks.setdefault(inst, [])
            if sign == "+":
                st.append(name)
            elif not st or st[-1] != name:
                problems.append("%s: -%s destroyed out of order (live: %s)"
                                % (inst, name, " ".join(st) or "none"))
                if name in st:
                    st.remove(name)
            else:
                st.pop()
            continue
        m = re.match(r"(g\d+) L\d+", l)
        if m and m.group(1) not in created:
            problems.append("%s: body ran when the generator function was "
                            "called (calling must run nothing): %s"
                            % (m.group(1), l))
            continue
        if re.match(r"op\d+ (drop|abandon in flight)$", l):
            continue
        m = OP_RE.match(l)
        if not m:
            continue
        _, op, result, state = m.groups()
        was_started = current in started
        was_closed = current in closed
        if op == "drop" or (op == "abandon" and "dropped in flight" in result):
            current = None
            continue
        if current is None:
            continue
        if not was_started and op.startswith("asend"):
            if result != "threw logic_error" or state != "created":
                problems.append("asend on a created generator must throw "
                                "logic_error and leave it created: " + l)
            continue
        started.add(current)
        if state == "closed":
            closed.add(current)
        if was_closed and op in ("next",) and result != "end":
            problems.append("next on a closed generator must give end: " + l)
        if was_closed and op.startswith("athrow") and result != "end":
            problems.append("athrow on a closed generator must give end: " + l)
        if was_closed and op == "aclose" and result != "closed":
            problems.append("aclose on a closed generator must be a no-op: "
                            + l)
        if result.startswith("yield") and state != "suspended":
            problems.append("a yield must leave the generator suspended: " + l)
        if (result == "end" or result.startswith("threw")) and \
                state != "closed":
            problems.append("end or an exception must leave the generator "
                            "closed: " + l)
        if op == "aclose" and result == "closed" and state != "closed":
            problems.append("aclose must leave the generator closed: " + l)
        if op == "overlap" and ", in flight" in result and not re.search(
                r", in flight running, second threw already_running$", result):
            problems.append("a next() while another is in flight must throw "
                            "already_running, the generator running: " + l)
        if not was_started and op.startswith("athrow"):
            code = re.search(r"Err\((\d+)\)", op).group(1)
            if result != "threw Err(%s)" % code:
                problems.append("athrow on a created generator must rethrow "
                                "its error: " + l)
        if not was_started and op == "aclose" and result != "closed":
            problems.append("aclose on a created generator must be a no-op: "
                            + l)
    for inst, st in sorted(stacks.items()):
        if st:
            problems.append("%s: never destroyed: %s" % (inst, " ".join(st)))
    return problems


# ---- batches ----------------------------------------------------------------

class Failure:
    def __init__(self, pid, kind, detail):
        self.pid = pid
        self.kind = kind        # short reason
        self.detail = detail    # longer text


DIAG_RE = re.compile(r"^(\S[^\n]*?):(\d+):(?:\d+:)? (fatal error|error|warning|note):")


def diagnostics_for(text, src, first, last, limit=80):
    """The diagnostics of `text` (with their notes and snippets) whose
    location is a line of `src` in [first, last]."""
    base = os.path.basename(src)
    out, keep = [], False
    for line in text.splitlines():
        m = DIAG_RE.match(line)
        if m and m.group(3) != "note":
            keep = (os.path.basename(m.group(1)) == base and
                    first <= int(m.group(2)) <= last)
        elif not m and not line.startswith(" ") and not line[:1].isdigit() \
                and "|" not in line[:8]:
            keep = False
        if keep:
            out.append(line)
    if len(out) > limit:
        out = out[:limit] + ["[... %d more lines]" % (len(out) - limit)]
    return "\n".join(out) if out else text


def attribute_lines(text, src, ranges):
    """Program ids whose lines of `src` the diagnostics in `text` point at."""
    base = re.escape(os.path.basename(src))
    hits = set()
    for m in re.finditer(r"(?:^|[\s/])%s:(\d+):" % base, text, re.M):
        line = int(m.group(1))
        for pid, (first, last) in ranges.items():
            if first <= line <= last:
                hits.add(pid)
    return hits


class Runner:
    def __init__(self, args):
        self.args = args
        self.tc = Toolchain(args)
        self.seed = args.seed
        self.native_only = args.native_only
        self.work = args.work
        self.keep = args.keep
        self.failures = []
        self.passed = 0
        self.counter = 0
        self.rebuilt = 0
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)

    def paths(self, tag):
        d = os.path.join(self.work, tag)
        os.makedirs(d, exist_ok=True)
        return (os.path.join(d, "fuzz.cpp"), os.path.join(d, "fuzz.lowered.cpp"),
                os.path.join(d, "native"), os.path.join(d, "lowered"))

    def write(self, pids, tag):
        src, low, nexe, lexe = self.paths(tag)
        text, ranges = gen_program.emit_tu(self.seed, pids)
        with open(src, "w") as f:
            f.write(text)
        return src, low, nexe, lexe, ranges

    def fail(self, pid, kind, detail):
        self.failures.append(Failure(pid, kind, detail))
        log("  FAIL %s: %s" % (gen_program.program_name(pid), kind))

    def batch(self, pids):
        """Builds and runs `pids` as one unit; records passes and failures."""
        if not pids:
            return
        self.counter += 1
        tag = "batch%03d" % self.counter
        src, low, nexe, lexe, ranges = self.write(pids, tag)
        t0 = time.time()
        native_f = self.pool.submit(self.tc.compile, src, nexe)
        lowered_ok, lowered_log = True, ""
        if not self.native_only:
            lowered_ok, lowered_log = self.tc.lower(src, low)
            stage = "rewrite"
            if lowered_ok:
                lowered_ok, lowered_log = self.tc.compile(low, lexe)
                stage = "lowered compile"
        native_ok, native_log = native_f.result()
        log("  %s: %d programs built in %.0fs" % (tag, len(pids),
                                                  time.time() - t0))
        if not native_ok:
            # A generator bug (or the runtime does not compile): find who.
            self.split_build_failure(pids, "native compile", native_log, src,
                                     ranges, native=True)
            return
        if not lowered_ok:
            self.split_build_failure(pids, stage, lowered_log, src, ranges,
                                     native=False)
            return
        names = [gen_program.program_name(p) for p in pids]
        nres = run_programs(self.tc, nexe, names)
        lres = None if self.native_only else run_programs(self.tc, lexe, names)
        for pid, name in zip(pids, names):
            problem = self.judge(nres[name], lres and lres[name])
            if problem is None:
                self.passed += 1
            else:
                self.reproduce(pid, problem,
                               (nexe, None if self.native_only else lexe))

    def judge(self, nat, low):
        """None when a program passed, else (kind, detail)."""
        ntrace, nproblem, nerr = nat
        if nproblem:
            return ("native: " + nproblem, nerr)
        inv = check_invariants(ntrace)
        if inv:
            return ("native invariant: " + inv[0], "\n".join(inv))
        if low is None:
            return None
        ltrace, lproblem, lerr = low
        if lproblem:
            return ("lowered: " + lproblem, lerr)
        if ltrace != ntrace:
            d = list(difflib.unified_diff(ntrace, ltrace, "native", "lowered",
                                          lineterm="", n=2))
            first = next((x for x in d[2:] if x[:1] in "+-"), "")
            return ("traces differ: " + first.strip()[:120], "\n".join(d))
        inv = check_invariants(ltrace)
        if inv:
            return ("lowered invariant: " + inv[0], "\n".join(inv))
        return None

    def split_build_failure(self, pids, stage, text, src, ranges, native):
        bad = attribute_lines(text, src, ranges)
        if not bad and len(pids) > 1:
            # Not attributable by line: split in halves.
            log("  %s failed for %d programs and names no line of theirs; "
                "splitting" % (stage, len(pids)))
            half = len(pids) // 2
            self.batch(pids[:half])
            self.batch(pids[half:])
            return
        if not bad:
            bad = set(pids)
        log("  %s failed; programs named by its errors: %s" % (
            stage, ", ".join(gen_program.program_name(p) for p in sorted(bad))))
        for pid in sorted(bad):
            first, last = ranges[pid]
            detail = diagnostics_for(text, src, first, last)
            m = re.search(r"error: (.*)", detail)
            self.reproduce(pid, ("%s error%s" % (
                stage, ": " + m.group(1)[:100] if m else ""), detail),
                build_stage=stage)
        self.batch([p for p in pids if p not in bad])

    # ---- reproducers ---------------------------------------------------------
    def reproduce(self, pid, problem, batch_bins=None, build_stage=None):
        """Keeps program `pid` as a reproducer and records one failure.

        Failed at run time (`batch_bins`): the program is re-run alone with
        its batch's binaries, rewritten alone and, for the first
        --rebuild-limit failures, rebuilt and run alone. Failed to build
        (`build_stage`): it is rewritten and syntax-checked alone."""
        kind, detail = problem
        name = gen_program.program_name(pid)
        shutil.rmtree(os.path.join(self.work, name), ignore_errors=True)
        src, low, nexe, lexe, _ = self.write([pid], name)
        d = os.path.dirname(src)
        files = {}
        verdicts = []
        if build_stage:
            self.check_build_alone(src, low, build_stage, files, verdicts)
        else:
            self.rerun_alone(name, src, low, nexe, lexe, batch_bins, files,
                             verdicts)
        alone = "; ".join(verdicts)
        files["failure.txt"] = "%s\n%s\n\n%s\n" % (kind, alone, detail)
        files["README"] = self.readme(pid, kind, alone)
        for fname, text in files.items():
            with open(os.path.join(d, fname), "w") as f:
                f.write(text)
        kept = d
        if self.keep:
            kept = os.path.join(self.keep, "seed%d-%s" % (self.seed, name))
            if os.path.exists(kept):
                shutil.rmtree(kept)
            shutil.copytree(d, kept, ignore=shutil.ignore_patterns(
                "native", "lowered"))
        self.fail(pid, kind, detail)
        log("       %s; kept in %s" % (alone, kept))

    def check_build_alone(self, src, low, stage, files, verdicts):
        if stage == "native compile":
            ok, files["native.compile.log"] = self.tc.compile(
                src, None, syntax_only=True)
            verdicts.append("alone: native compile %s" % (
                "passes" if ok else "fails"))
            return
        ok, files["rewrite.log"] = self.tc.lower(src, low)
        if not ok:
            verdicts.append("alone: the rewrite fails")
            return
        ok, files["lowered.compile.log"] = self.tc.compile(low, None,
                                                           syntax_only=True)
        verdicts.append("alone: rewrite passes, lowered code %s" % (
            "compiles" if ok else "does not compile"))

    def rerun_alone(self, name, src, low, nexe, lexe, batch_bins, files,
                    verdicts):
        # Alone, with the binaries of its batch: no compile needed.
        bn, bl = batch_bins
        nres = run_programs(self.tc, bn, [name])[name]
        lres = run_programs(self.tc, bl, [name])[name] if bl else None
        self.save_runs(files, nres, lres)
        again = self.judge(nres, lres)
        verdicts.append("run alone with the batch's binaries: " + (
            "passes (fails only among the other programs)"
            if again is None else "fails: " + again[0]))
        if not self.native_only:
            built, files["rewrite.log"] = self.tc.lower(src, low)
            if not built:
                verdicts.append("rewritten alone: the rewrite fails")
                return
        if self.rebuilt >= self.args.rebuild_limit:
            verdicts.append("not rebuilt alone (--rebuild-limit %d reached; "
                            "README has the commands)"
                            % self.args.rebuild_limit)
            return
        self.rebuilt += 1
        native_f = self.pool.submit(self.tc.compile, src, nexe)
        built = None
        if not self.native_only:
            built, files["lowered.compile.log"] = self.tc.compile(low, lexe)
        nat_ok, files["native.compile.log"] = native_f.result()
        if not nat_ok or built is False:
            verdicts.append("rebuilt alone: %s compile fails" % (
                "native" if not nat_ok else "lowered"))
            return
        nres = run_programs(self.tc, nexe, [name])[name]
        lres = run_programs(self.tc, lexe, [name])[name] if built else None
        for k, v in list(files.items()):  # the rebuilt runs' files
            if k.endswith((".trace", ".stderr", ".diff")):
                files["batch-binaries." + k] = files.pop(k)
        self.save_runs(files, nres, lres)
        again = self.judge(nres, lres)
        verdicts.append("rebuilt alone: " + (
            "passes" if again is None else "fails: " + again[0]))

    @staticmethod
    def save_runs(files, nres, lres):
        files["native.trace"] = "\n".join(nres[0]) + "\n"
        files["native.stderr"] = nres[2]
        if lres:
            files["lowered.trace"] = "\n".join(lres[0]) + "\n"
            files["lowered.stderr"] = lres[2]
            files["trace.diff"] = "\n".join(difflib.unified_diff(
                nres[0], lres[0], "native.trace", "lowered.trace",
                lineterm="")) + "\n"

    def readme(self, pid, kind, alone):
        tc = self.tc
        q = lambda cmd: " ".join(cmd)  # noqa: E731
        return "\n".join([
            "Program %s of seed %d: %s" % (gen_program.program_name(pid),
                                           self.seed, kind),
            alone,
            "",
            "Regenerate:  python3 %s/gen_program.py --seed %d --id %d -o fuzz.cpp"
            % (HERE, self.seed, pid),
            "Native:      " + q(tc.compile_cmd("fuzz.cpp", "native")) +
            " && ./native > native.trace",
            "Rewrite:     " + q(tc.rewrite_cmd("fuzz.cpp", "fuzz.lowered.cpp")),
            "Lowered:     " + q(tc.compile_cmd("fuzz.lowered.cpp", "lowered")) +
            " && ./lowered > lowered.trace",
            "Compare:     diff native.trace lowered.trace",
            "Sanitizers:  " + " ".join("%s=%s" % kv
                                       for kv in SANITIZER_ENV.items()),
            "",
        ])


def main(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--count", type=int, default=200,
                   help="number of programs (default 200)")
    p.add_argument("--first", type=int, default=0,
                   help="id of the first program (default 0)")
    p.add_argument("--ids", help="comma-separated program ids instead of "
                                 "--first/--count")
    p.add_argument("--batch", type=int, default=200,
                   help="programs per translation unit (default 200)")
    p.add_argument("--keep", help="directory for reproducers of failures")
    p.add_argument("--work", help="build directory (default: a temporary "
                                  "one, removed afterwards)")
    p.add_argument("--native-only", action="store_true",
                   help="no lowering: build natively and check the "
                        "programs' own invariants")
    p.add_argument("--rewrite", default=os.path.join(
        SOURCE_ROOT, "build", "bin", "agen-rewrite"), help="agen-rewrite")
    p.add_argument("--cxx", default="clang++-19")
    p.add_argument("--include", default=os.path.join(
        SOURCE_ROOT, "runtime", "include"), help="agen's runtime headers")
    p.add_argument("--cxxflags", default="",
                   help="extra compile flags (both modes)")
    p.add_argument("--rebuild-limit", type=int, default=10,
                   help="rebuild at most this many failing programs alone "
                        "(each costs two compiles; default 10)")
    p.add_argument("--compile-timeout", type=int, default=1200)
    p.add_argument("--run-timeout", type=int, default=120)
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, kill_children)
    signal.signal(signal.SIGINT, kill_children)

    if args.batch < 1 or args.count < 0:
        p.error("--batch must be >= 1 and --count >= 0")
    if not args.native_only and not os.access(args.rewrite, os.X_OK):
        p.error("agen-rewrite not found at %s (build it, pass --rewrite, or "
                "use --native-only)" % args.rewrite)
    if shutil.which(args.cxx) is None:
        p.error("compiler %s not found" % args.cxx)
    pids = ([int(x) for x in args.ids.split(",")] if args.ids else
            list(range(args.first, args.first + args.count)))
    if args.keep:
        args.keep = os.path.abspath(args.keep)
        os.makedirs(args.keep, exist_ok=True)
        for pid in pids:  # reproducers of an earlier run of these programs
            old = os.path.join(args.keep, "seed%d-%s" % (
                args.seed, gen_program.program_name(pid)))
            if os.path.isdir(old):
                shutil.rmtree(old)
    temp = None
    if args.work:
        args.work = os.path.abspath(args.work)
        os.makedirs(args.work, exist_ok=True)
    else:
        temp = tempfile.mkdtemp(prefix="agen-fuzz-")
        args.work = temp

    mode = "native only" if args.native_only else "native vs lowered"
    log("agen fuzz: seed %d, %d programs, batches of %d, %s" % (
        args.seed, len(pids), args.batch, mode))
    t0 = time.time()
    runner = Runner(args)
    try:
        for i in range(0, len(pids), args.batch):
            runner.batch(pids[i:i + args.batch])
    finally:
        runner.pool.shutdown()
        if temp and not runner.failures:
            shutil.rmtree(temp, ignore_errors=True)
        elif temp:
            log("build directory kept: %s" % temp)
    log("time: %.0fs" % (time.time() - t0))
    failed = len(runner.failures)
    log("%d passed, %d failed" % (runner.passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
