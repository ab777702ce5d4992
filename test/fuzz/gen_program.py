#!/usr/bin/env python3
"""Random generator programs for agen's differential tester (test/fuzz/).

A *program* is one AGEN_GENERATOR free function plus a sequence of operations
(next, asend, athrow, aclose, drop, a
next() tried while another is in flight, and a drop while one is in flight) that a driver applies to it, all in its own
namespace `pNNNN`. Program `N` of seed `S` depends only on (S, N), never on the
batch it is emitted in, so any program can be re-emitted alone as a reproducer.

Constructs (see docs/testing-fuzz.md): nested scopes; for/while/do loops with
constant bounds and break/continue; if/else; switch; try/catch of fuzz::Err
and catch (...) (with suspensions in try blocks, never in handlers); throw and
rethrow; RAII Spy objects that trace "+name"/"-name"; `co_yield e;`, and with a
Send type `int v = co_yield e;` / `v = co_yield e;`; `co_await` on an awaiter
that does not suspend (env.ready) or that suspends until the event loop resumes
it (env.post, env.sleep, loop.sleep_for), as `co_await x;`, `int v = co_await
x;` and `v = co_await x;`; a `co_await` in the right operand of `&&`/`||` or an
arm of `?:`, or after a call with a side effect or a read of state the awaiters
change (`env.tick(...) + co_await x`, `env.clock * 100 + co_await x`); a task
given a temporary Spy by reference (`co_await fuzz::with_spy(fuzz::Spy(...))`), and
the same in a yield (`co_yield fuzz::spied(fuzz::Spy(...), e)`); range-for over a braced list and over a local C array (by
reference); `co_return`. About a quarter of the programs are generator lambdas
inside `run()` that capture a local by reference and one by copy (some
`mutable`) instead of free functions.

Usage:
  gen_program.py --seed S --id N              one program alone, to stdout
  gen_program.py --seed S --first K --count N  programs K..K+N-1 in one TU
"""

import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PRELUDE_PATH = os.path.join(HERE, "prelude.hpp")


def program_name(pid):
    return "P%04d" % pid


class Ctx:
    """What the statement being generated may do, given where it is."""

    def __init__(self, vars_, mutable, in_loop=False, in_switch=False,
                 in_try=False, in_catch=False, depth=0, catch_var=None):
        self.vars = vars_            # every int in scope
        self.mutable = mutable       # the ints that may be assigned
        self.in_loop = in_loop
        self.in_switch = in_switch
        self.in_try = in_try
        self.in_catch = in_catch
        self.depth = depth
        self.catch_var = catch_var   # name of the Err in the innermost handler

    def child(self, **kw):
        c = Ctx(list(self.vars), list(self.mutable), self.in_loop,
                self.in_switch, self.in_try, self.in_catch, self.depth + 1,
                self.catch_var)
        for k, v in kw.items():
            setattr(c, k, v)
        return c


class BodyGen:
    MAX_DEPTH = 4

    def __init__(self, rng, send):
        self.rng = rng
        self.send = send
        self.budget = rng.randint(8, 36)
        self.site = 0
        self.names = 0
        self.out = []
        self.is_coroutine = False  # a co_yield/co_await/co_return emitted

    # ---- small pieces --------------------------------------------------------
    def new_site(self):
        self.site += 1
        return self.site

    def new_name(self, prefix):
        self.names += 1
        return "%s%d" % (prefix, self.names)

    def emit(self, indent, text):
        if "co_" in text:
            self.is_coroutine = True
        self.out.append("  " * indent + text)

    def expr(self, ctx, depth=0):
        r = self.rng
        v = r.choice(ctx.vars)
        k = r.randint(0, 9 if depth else 6)
        if k == 0 or depth >= 2:
            return str(r.randint(-9, 40)) if r.random() < 0.3 else v
        if k == 1:
            return "%s + %d" % (v, r.randint(1, 50))
        if k == 2:
            return "%s * %d" % (v, r.randint(2, 9))
        if k == 3:
            return "%s - %s" % (v, r.choice(ctx.vars))
        if k == 4:
            return "(%s + %s) %% %d" % (v, self.expr(ctx, depth + 1),
                                        r.randint(2, 11))
        if k == 5:
            return "%s + %s" % (self.expr(ctx, depth + 1), r.choice(ctx.vars))
        return v

    def cond(self, ctx):
        r = self.rng
        k = r.randint(0, 3)
        if k == 0:
            return "%s < %d" % (r.choice(ctx.vars), r.randint(-5, 60))
        m = r.randint(2, 5)
        return "(%s) %% %d == %d" % (self.expr(ctx), m, r.randint(0, m - 1))

    def awaitable(self, ctx):
        kind = self.rng.choice(["ready", "ready", "post", "post", "sleep"])
        return "env.%s((%s) %% 1000)" % (kind, self.expr(ctx))

    # ---- statements ----------------------------------------------------------
    def block(self, ctx, indent, n=None):
        if n is None:
            n = self.rng.randint(1, 4)
        for _ in range(n):
            if self.budget <= 0:
                break
            self.statement(ctx, indent)

    def statement(self, ctx, indent):
        r = self.rng
        self.budget -= 1
        can_suspend = not ctx.in_catch
        can_nest = ctx.depth < self.MAX_DEPTH and self.budget > 1
        choices = [("log", 3), ("assign", 2), ("decl", 2), ("spy", 3),
                   ("throw", 1.2 if ctx.in_try else 0.25), ("return", 0.25)]
        if ctx.in_catch:
            choices.append(("rethrow", 1.0))
        if can_suspend:
            choices += [("yield", 8), ("await", 4), ("await_in_expr", 1.5)]
        if can_nest:
            choices += [("if", 2.5), ("scope", 1), ("for", 1.5),
                        ("while", 1), ("do", 1), ("switch", 1),
                        ("range_for", 1.2),
                        ("try", 3 if not ctx.in_catch else 0.5)]
        if ctx.in_loop:
            choices += [("break", 1), ("continue", 1)]
        elif ctx.in_switch:
            choices += [("break", 0.5)]
        getattr(self, "s_" + pick(r, choices))(ctx, indent)

    def s_log(self, ctx, indent):
        self.emit(indent, "env.log(%d, %s);" % (self.new_site(),
                                                self.expr(ctx)))

    def s_assign(self, ctx, indent):
        self.emit(indent, "%s = (%s) %% 1000;" % (
            self.rng.choice(ctx.mutable), self.expr(ctx)))

    def s_decl(self, ctx, indent):
        name = self.new_name("x")
        self.emit(indent, "int %s = (%s) %% 1000;" % (name, self.expr(ctx)))
        ctx.vars.append(name)
        ctx.mutable.append(name)

    def s_spy(self, ctx, indent):
        name = self.new_name("s")
        self.emit(indent, 'fuzz::Spy %s{env, "%s"};' % (name, name))

    def s_throw(self, ctx, indent):
        self.emit(indent, "if (%s) throw fuzz::Err{%d};" % (
            self.cond(ctx), self.new_site()))

    def s_rethrow(self, ctx, indent):
        self.emit(indent, "if (%s) throw;" % self.cond(ctx))

    def s_return(self, ctx, indent):
        self.emit(indent, "if (%s) {" % self.cond(ctx))
        self.emit(indent + 1, "env.log(%d, 0);" % self.new_site())
        self.emit(indent + 1, "co_return;")
        self.emit(indent, "}")

    def s_break(self, ctx, indent):
        self.emit(indent, "if (%s) break;" % self.cond(ctx))

    def s_continue(self, ctx, indent):
        self.emit(indent, "if (%s) continue;" % self.cond(ctx))

    def s_yield(self, ctx, indent):
        r = self.rng
        value = "%d + %s" % (1000 * self.new_site(), self.expr(ctx))
        if r.random() < 0.2:
            # A temporary of the operand: native mode destroys it after the
            # generator resumes, so its "-t" follows the consumer's trace.
            value = "fuzz::spied(fuzz::Spy(env, \"%s\"), %s)" % (
                self.new_name("t"), value)
        form = r.randint(0, 2) if self.send else 0
        if form == 0:
            self.emit(indent, "co_yield %s;" % value)
        elif form == 1:
            name = self.new_name("x")
            self.emit(indent, "int %s = co_yield %s;" % (name, value))
            ctx.vars.append(name)
            ctx.mutable.append(name)
        else:
            self.emit(indent, "%s = co_yield %s;" % (r.choice(ctx.mutable),
                                                     value))

    def s_await(self, ctx, indent):
        r = self.rng
        form = r.randint(0, 3)
        if form == 3:
            self.emit(indent, "co_await env.loop.sleep_for("
                              "std::chrono::milliseconds(0));")
            return
        a = self.awaitable(ctx)
        if form == 0:
            self.emit(indent, "co_await %s;" % a)
        elif form == 1:
            name = self.new_name("x")
            self.emit(indent, "int %s = co_await %s;" % (name, a))
            ctx.vars.append(name)
            ctx.mutable.append(name)
        else:
            self.emit(indent, "%s = co_await %s;" % (r.choice(ctx.mutable), a))

    def s_await_in_expr(self, ctx, indent):
        r = self.rng
        a = "(co_await %s)" % self.awaitable(ctx)
        form = r.randint(0, 5)
        if form >= 3:
            # Evaluated before the suspension: a call with a side effect, a
            # read of state the awaiters change, or a temporary a task reads
            # after the co_await started it.
            name = self.new_name("x")
            if form == 3:
                value = "env.tick(%d, (%s) %% 1000) + %s" % (
                    self.new_site(), self.expr(ctx), a)
            elif form == 4:
                value = "env.clock * 100 + %s" % a
            else:
                value = ("co_await fuzz::with_spy(fuzz::Spy(env, \"%s\"), "
                         "(%s) %% 1000)" % (self.new_name("t"),
                                            self.expr(ctx)))
            self.emit(indent, "int %s = (%s) %% 1000;" % (name, value))
            ctx.vars.append(name)
            ctx.mutable.append(name)
            return
        if form == 2:
            name = self.new_name("x")
            arms = [a, "(%s) %% 1000" % self.expr(ctx)]
            r.shuffle(arms)
            self.emit(indent, "int %s = %s ? %s : %s;" % (
                name, self.cond(ctx), arms[0], arms[1]))
            ctx.vars.append(name)
            ctx.mutable.append(name)
            return
        op = "&&" if form == 0 else "||"
        self.emit(indent, "if (%s %s %s %% %d == 0) {" % (
            self.cond(ctx), op, a, r.randint(2, 4)))
        self.block(ctx.child(), indent + 1)
        self.emit(indent, "}")

    def s_range_for(self, ctx, indent):
        r = self.rng
        v = self.new_name("v")
        c = ctx.child(in_loop=True, in_switch=False)
        values = ", ".join("(%s) %% 1000" % self.expr(ctx)
                           for _ in range(r.randint(1, 3)))
        if r.random() < 0.5:
            self.emit(indent, "for (int %s : {%s}) {" % (v, values))
            c.vars.append(v)
        else:
            arr = self.new_name("arr")
            n = values.count(",") + 1
            self.emit(indent, "int %s[%d] = {%s};" % (arr, n, values))
            self.emit(indent, "for (int &%s : %s) {" % (v, arr))
            c.vars.append(v)
            c.mutable.append(v)  # writes the array's element
            ctx.vars.append("%s[%d]" % (arr, n - 1))
            ctx.mutable.append("%s[%d]" % (arr, n - 1))
        self.block(c, indent + 1)
        self.emit(indent, "}")

    def s_if(self, ctx, indent):
        self.emit(indent, "if (%s) {" % self.cond(ctx))
        self.block(ctx.child(), indent + 1)
        if self.rng.random() < 0.5:
            self.emit(indent, "} else {")
            self.block(ctx.child(), indent + 1)
        self.emit(indent, "}")

    def s_scope(self, ctx, indent):
        self.emit(indent, "{")
        self.block(ctx.child(), indent + 1)
        self.emit(indent, "}")

    def loop_bound(self):
        return self.rng.choice([0, 1, 2, 2, 3, 3, 4, 5])

    def s_for(self, ctx, indent):
        i = self.new_name("i")
        self.emit(indent, "for (int %s = 0; %s < %d; ++%s) {" % (
            i, i, self.loop_bound(), i))
        c = ctx.child(in_loop=True, in_switch=False)
        c.vars.append(i)
        self.block(c, indent + 1)
        self.emit(indent, "}")

    def s_while(self, ctx, indent):
        w = self.new_name("w")
        self.emit(indent, "int %s = 0;" % w)
        ctx.vars.append(w)
        self.emit(indent, "while (%s < %d) {" % (w, self.loop_bound()))
        self.emit(indent + 1, "++%s;" % w)
        self.block(ctx.child(in_loop=True, in_switch=False), indent + 1)
        self.emit(indent, "}")

    def s_do(self, ctx, indent):
        d = self.new_name("d")
        self.emit(indent, "int %s = 0;" % d)
        ctx.vars.append(d)
        self.emit(indent, "do {")
        self.emit(indent + 1, "++%s;" % d)
        self.block(ctx.child(in_loop=True, in_switch=False), indent + 1)
        self.emit(indent, "} while (%s < %d);" % (d, self.loop_bound()))

    def s_switch(self, ctx, indent):
        r = self.rng
        self.emit(indent, "switch ((%s + %s) %% 3) {" % (r.choice(ctx.vars),
                                                          self.expr(ctx)))
        labels = r.sample(["case 0:", "case 1:", "case -1:", "case 2:",
                           "default:"], r.randint(1, 3))
        for label in labels:
            self.emit(indent, "%s {" % label)
            self.block(ctx.child(in_switch=True), indent + 1)
            self.emit(indent, "}")
            if r.random() < 0.85:  # else it falls through to the next label
                self.emit(indent + 1, "break;")
        self.emit(indent, "}")

    def handler(self, ctx, indent, what, always_rethrow):
        site = self.new_site()
        self.emit(indent + 1, 'env.caught(%d, "%s");' % (site, what))
        c = ctx.child(in_catch=True)
        if ctx.in_catch:  # a handler nested in a handler stays handler code
            pass
        self.block(c, indent + 1, self.rng.randint(0, 2))
        if always_rethrow:
            self.emit(indent + 1, "throw;")

    def s_try(self, ctx, indent):
        r = self.rng
        self.emit(indent, "try {")
        self.block(ctx.child(in_try=True), indent + 1, r.randint(1, 5))
        e = self.new_name("e")
        self.emit(indent, "} catch (const fuzz::Err &%s) {" % e)
        hc = ctx.child()
        hc.vars.append("%s.code" % e)
        self.handler(hc, indent, "Err", r.random() < 0.2)
        if r.random() < 0.15:
            self.emit(indent, "} catch (const agen::generator_exit &) {")
            self.handler(ctx.child(), indent, "generator_exit", True)
        if r.random() < 0.4:
            self.emit(indent, "} catch (...) {")
            self.handler(ctx.child(), indent, "...", r.random() < 0.5)
        self.emit(indent, "}")

    # ---- the function --------------------------------------------------------
    def function(self, name, captures=None):
        """A free generator function, or with `captures` (the lambda's
        capture list, its by-reference capture `k` and by-copy capture `m`)
        a generator lambda assigned to a local `name`."""
        sig = "agen::async_generator<int, int>" if self.send else \
            "agen::async_generator<int>"
        if captures is None:
            self.out.append("AGEN_GENERATOR %s %s(fuzz::Env &env, int a, int b) {"
                            % (sig, name))
            ctx = Ctx(["a", "b"], ["a", "b"], depth=0)
        else:
            mutable = "mutable " if "m" in captures[1] else ""
            self.out.append("auto %s = %s AGEN_GENERATOR(fuzz::Env &env, int a, "
                            "int b) %s-> %s {" % (name, captures[0], mutable, sig))
            ctx = Ctx(["a", "b"] + captures[1], ["a", "b"] + captures[2],
                      depth=0)
        self.emit(1, 'fuzz::Spy root{env, "root"};')
        if self.rng.random() < 0.5:
            # Most bodies yield a few values; an outer loop gives the driver's
            # later operations something to work on.
            while self.budget > 0 and self.rng.random() < 0.3:
                self.statement(ctx, 1)
            r = self.new_name("r")
            self.emit(1, "for (int %s = 0; %s < %d; ++%s) {" % (
                r, r, self.rng.randint(2, 6), r))
            c = ctx.child(in_loop=True)
            c.vars.append(r)
            while self.budget > 0:
                self.statement(c, 2)
            self.emit(1, "}")
        while self.budget > 0:
            self.statement(ctx, 1)
        if self.rng.random() < 0.3 or not self.is_coroutine:
            self.emit(1, "co_return;")
        self.out.append("}" if captures is None else "};")
        return self.out


def pick(rng, weights):
    total = sum(w for _, w in weights)
    x = rng.random() * total
    for kind, w in weights:
        x -= w
        if x <= 0:
            return kind
    return weights[-1][0]


def generate_ops(rng, send):
    """The driver's operations. The first one on each instance is mostly
    next(): athrow/aclose/asend/drop on a created generator are tested, but
    a program that closes its generator before it ran tests little else."""
    first = [("next", 85), ("send", 4 if send else 0), ("raise", 4),
             ("close", 4), ("drop", 3)]
    later = [("next", 50), ("send", 22 if send else 0), ("raise", 14),
             ("close", 8), ("drop", 7), ("overlap", 5), ("abandon", 2)]
    ops = []
    fresh = True
    for _ in range(rng.randint(2, rng.choice([5, 9, 14]))):
        kind = pick(rng, first if fresh else later)
        fresh = kind in ("drop", "abandon")
        value = 0
        if kind == "send":
            value = rng.randint(-20, 99)
        elif kind == "raise":
            value = rng.randint(900, 999)
        ops.append((kind, value))
    return ops


def generate_program(seed, pid):
    """The C++ text (a namespace) of program `pid` of `seed`, as lines."""
    rng = random.Random("agen-fuzz:%d:%d" % (seed, pid))
    send = rng.random() < 0.5
    # A second stream for the program's shape, so that the body is the same
    # whichever shape it gets.
    shape = random.Random("agen-fuzz-shape:%d:%d" % (seed, pid))
    captures = None
    if shape.random() < 0.25:
        k, m = shape.randint(-5, 20), shape.randint(0, 30)
        mutable = shape.random() < 0.5
        captures = ("[&k, m = %d]" % m, ["k", "m"],
                    ["k", "m"] if mutable else ["k"], k)
    body = BodyGen(rng, send).function("gen", captures)
    ops = generate_ops(rng, send)
    finalizer = rng.random() < 0.35
    a, b = rng.randint(-5, 20), rng.randint(0, 30)
    name = program_name(pid)
    lines = ["// ---- %s (seed %d) ----" % (name, seed),
             "namespace %s {" % name.lower(), ""]
    if captures is None:
        lines += body + [""]
    lines += ["constexpr fuzz::Op ops[] = {"]
    for kind, value in ops:
        lines.append("    {fuzz::op_kind::%s, %d}," % (kind, value))
    lines += ["};",
              "",
              "agen::task<void> run(agen::event_loop &loop) {",
              '  fuzz::Env env{loop, "%s"};' % name]
    if captures is None:
        make = "+[](fuzz::Env &e) { return gen(e, %d, %d); }" % (a, b)
    else:
        lines.append("  int k = %d;" % captures[3])
        lines += ["  " + line for line in body]
        make = "[&gen](fuzz::Env &e) { return gen(e, %d, %d); }" % (a, b)
    lines += ["  co_await fuzz::drive(",
              "      env, %s, ops, %s);" % (make, "true" if finalizer else "false"),
              "}",
              "",
              "} // namespace %s" % name.lower(),
              ""]
    return lines


def emit_tu(seed, pids):
    """One translation unit with programs `pids`. Returns (text, ranges)
    where ranges maps each program id to its (first, last) 1-based line."""
    with open(PRELUDE_PATH) as f:
        prelude = f.read()
    out = ["// Generated by test/fuzz/gen_program.py --seed %d: programs %s."
           % (seed, describe_ids(pids)),
           "// Regenerate: python3 test/fuzz/gen_program.py --seed %d %s"
           % (seed, ("--id %d" % pids[0]) if len(pids) == 1 else
              "--first %d --count %d" % (pids[0], len(pids))
              if pids == list(range(pids[0], pids[0] + len(pids))) else
              "--ids " + ",".join(map(str, pids))),
           ""]
    out += prelude.rstrip("\n").split("\n")
    out.append("")
    ranges = {}
    for pid in pids:
        first = len(out) + 1
        out += generate_program(seed, pid)
        ranges[pid] = (first, len(out))
    out += ["int main(int argc, char **argv) {",
            "  static constexpr fuzz::program_entry programs[] = {"]
    for pid in pids:
        out.append('      {"%s", &%s::run},' % (program_name(pid),
                                               program_name(pid).lower()))
    out += ["  };",
            "  return fuzz::main_driver(programs, argc, argv);",
            "}",
            ""]
    return "\n".join(out), ranges


def describe_ids(pids):
    if len(pids) == 1:
        return str(pids[0])
    if pids == list(range(pids[0], pids[0] + len(pids))):
        return "%d..%d" % (pids[0], pids[-1])
    return ",".join(map(str, pids))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--id", type=int, help="emit this one program alone")
    p.add_argument("--ids", help="comma-separated program ids")
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("-o", "--output", help="write here instead of stdout")
    args = p.parse_args(argv)
    if args.id is not None:
        pids = [args.id]
    elif args.ids:
        pids = [int(x) for x in args.ids.split(",")]
    else:
        pids = list(range(args.first, args.first + args.count))
    text, _ = emit_tu(args.seed, pids)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
