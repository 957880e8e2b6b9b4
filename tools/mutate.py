#!/usr/bin/env python3
"""Mutation testing for treaty: does the suite notice when the code is subtly wrong?

Standard library only. Run it from the repository root with the project's virtualenv::

    .venv/bin/python tools/mutate.py                        # the three default targets
    .venv/bin/python tools/mutate.py --module src/treatycli/law.py \\
        --tests tests/test_status_engine.py tests/test_rules_engine.py
    .venv/bin/python tools/mutate.py --module src/treatycli/law.py --max 20 --sample
    .venv/bin/python tools/mutate.py --module src/treatycli/law.py --list   # mutants, no run
    .venv/bin/python tools/mutate.py --module src/treatycli/law.py --only 12 40
    .venv/bin/python tools/mutate.py --module src/treatycli/law.py --json before.json
    .venv/bin/python tools/mutate.py --module src/treatycli/law.py --rerun before.json  # survivors only

How it works:

1. The repository is copied to a temporary directory (``git ls-files --cached --others
   --exclude-standard`` as they are in the working tree, symlinks kept), once per parallel job. The
   checkout itself is never written to.
2. The target module is parsed with :mod:`ast` and every mutation point is listed (below). Each
   mutant changes exactly one point: the source text of that node is replaced in place (the rest of
   the file, its formatting and line numbers, is unchanged) and must compile.
3. For each mutant, ``python -m pytest -x -q -p no:cacheprovider <tests>`` runs in the copy with
   ``PYTHONPATH=<copy>/src`` and ``PYTHONDONTWRITEBYTECODE=1`` (no stale ``.pyc`` of an earlier
   mutant of the same size), under a timeout. A failing run kills the mutant; a timeout counts as
   killed too (it is reported apart); a passing run means the mutant survived.
4. Before the mutants: a baseline run (tests that already fail on the unmutated code are reported
   and deselected, so they neither kill nor hide anything), and a sanity mutant that makes the
   module raise on import; if that one is not killed, the copy is not what runs and the harness
   stops.

Mutation operators:

* comparisons ``<``/``<=``, ``>``/``>=``, ``==``/``!=``, ``is``/``is not``, ``in``/``not in``
  flipped, one operator of a chain at a time;
* integer constants +1 and -1 (a subscript ``[0]`` becomes ``[1]`` and ``[-1]``; ``[-1]`` becomes
  ``[0]``);
* ``and``/``or`` swapped; ``True``/``False`` swapped; a ``not`` removed;
* ``return X`` replaced by ``return None`` in a function whose return annotation admits None;
* a few string constants emptied: operands of a comparison and arguments of ``startswith``/
  ``endswith``; in SQL text, ``DESC`` turned ``ASC``.

Not mutated: docstrings, annotations, decorators, asserts, imports, f-string parts, ``__all__``,
and any line carrying the comment ``# pragma: no mutate``.

Report: killed / survived / timed out (and invalid, if any) per module with the kill rate
``(killed + timed out) / mutants run``, then every survivor as ``path:line: operator: old -> new``.
Ctrl-C or SIGTERM stops the run (exit 130) and removes the copies. ``--json FILE`` writes every
result; ``--rerun FILE`` runs again only that file's survivors (after new tests: a mutant once
killed stays killed while the old tests stay) and reports the merged totals.
``--lines START-END`` keeps the mutants of part of a module; mutant numbers are the same as in a
full listing, so ``--only`` and ``--rerun`` agree with ``--list``. Exit status: 0, or 1 if the
baseline or the sanity check fails, 2 on bad arguments.

The default targets and their tests are in ``TARGETS`` below. The run is not part of the normal
test suite: a full run of the three targets takes over an hour on two CPUs (see the README's
development section for the last measured figures); ``--rerun`` of the survivors takes minutes.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import queue
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The default targets and the tests that exercise each, fastest files first (with -x, a kill is found
# sooner).
TARGETS: dict[str, tuple[str, ...]] = {
    "src/treatycli/law.py": (
        "tests/test_status_engine.py",
        "tests/test_rules_engine.py",
        "tests/test_dates.py",
        "tests/test_facts.py",
        "tests/test_mutants.py",
    ),
    "src/treatycli/resolve.py": (
        "tests/test_cases.py",
        "tests/test_exit_codes.py",
        "tests/test_mutants.py",
        "tests/test_names.py",
    ),
    "src/treatycli/sources/untc_page.py": (
        "tests/test_untc_parser.py",
        "tests/test_mutants.py",
        "tests/test_untc_pages.py",
        "tests/test_untc_declarations.py",  # the declarations part of the module
    ),
}

NO_MUTATE = "pragma: no mutate"
_COMPARE_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_STRING_METHODS = frozenset({"startswith", "endswith"})
_SQL_DESC = re.compile(r"\bDESC\b")


@dataclass(frozen=True, slots=True)
class Mutant:
    """One change: bytes ``start``..``end`` of the file (as (line, byte column) pairs) become ``new``."""

    ident: int
    path: str  # relative to the repository root
    line: int
    col: int
    end_line: int
    end_col: int
    operator: str
    old: str
    new: str

    def describe(self) -> str:
        return f"{self.path}:{self.line}: {self.operator}: {self.old} -> {self.new}"


@dataclass(slots=True)
class Result:
    mutant: Mutant
    outcome: str  # killed | survived | timeout | invalid
    seconds: float


# --------------------------------------------------------------------------------------------
# Finding mutation points
# --------------------------------------------------------------------------------------------


Located = ast.expr | ast.stmt  # nodes with a position


def _end(node: Located) -> tuple[int, int]:
    assert node.end_lineno is not None and node.end_col_offset is not None
    return node.end_lineno, node.end_col_offset


def _segment(lines: list[bytes], node: Located) -> str:
    """The source text of ``node`` (ast columns are UTF-8 byte offsets)."""
    (end, end_col), start, col = _end(node), node.lineno - 1, node.col_offset
    end -= 1
    if start == end:
        return lines[start][col:end_col].decode()
    parts = [lines[start][col:], *lines[start + 1 : end], lines[end][:end_col]]
    return b"".join(parts).decode()


def _admits_none(returns: ast.expr | None) -> bool:
    """Whether a return annotation is ``X | None`` or ``Optional[X]`` (not a tuple holding None)."""
    if returns is None:
        return False
    if isinstance(returns, ast.Constant):
        if isinstance(returns.value, str):  # a quoted annotation
            return _admits_none(ast.parse(returns.value, mode="eval").body)
        return returns.value is None
    if isinstance(returns, ast.BinOp) and isinstance(returns.op, ast.BitOr):
        return _admits_none(returns.left) or _admits_none(returns.right)
    if isinstance(returns, ast.Subscript):
        return ast.unparse(returns.value).split(".")[-1] == "Optional"
    return isinstance(returns, ast.Name) and returns.id == "None"


class _Finder:
    """Walks a module and lists (node, operator name, replacement text) for every mutation point."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.encode().splitlines(keepends=True)
        self.text_lines = source.splitlines()
        self.points: list[tuple[Located, str, str]] = []

    def skipped(self, node: Located) -> bool:
        first, last = node.lineno, _end(node)[0]
        return any(NO_MUTATE in self.text_lines[n - 1] for n in range(first, last + 1))

    def add(self, node: Located, operator: str, new: str) -> None:
        if not self.skipped(node):
            self.points.append((node, operator, new))

    def run(self) -> list[tuple[Located, str, str]]:
        tree = ast.parse(self.source)
        self.visit_body(tree.body, returns=None)
        return self.points

    # -- traversal: statements keep track of the enclosing function's return annotation ---------
    def visit_body(self, body: Sequence[ast.stmt], returns: ast.expr | None) -> None:
        for i, stmt in enumerate(body):
            if i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                if isinstance(stmt.value.value, str):
                    continue  # a docstring
            self.visit_stmt(stmt, returns)

    def visit_stmt(self, stmt: ast.stmt, returns: ast.expr | None) -> None:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            for default in [*stmt.args.defaults, *(d for d in stmt.args.kw_defaults if d is not None)]:
                self.visit_expr(default)
            self.visit_body(stmt.body, stmt.returns)
            return
        if isinstance(stmt, ast.ClassDef):
            self.visit_body(stmt.body, None)  # decorators (dataclass options) are not mutated
            return
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and any(
            isinstance(t, ast.Name) and t.id == "__all__"
            for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
        ):
            return
        if isinstance(stmt, ast.Import | ast.ImportFrom | ast.Assert):
            return  # an assert states what the code assumes; mutating it tests nothing
        if isinstance(stmt, ast.Return) and stmt.value is not None and _admits_none(returns):
            if not (isinstance(stmt.value, ast.Constant) and stmt.value.value is None):
                self.add(stmt, "return None", "return None")
        for name, value in ast.iter_fields(stmt):
            if name == "annotation":
                continue
            if isinstance(value, list):
                for item in value:
                    self._visit_any(item, returns)
            else:
                self._visit_any(value, returns)

    def _visit_any(self, value: object, returns: ast.expr | None) -> None:
        if isinstance(value, ast.stmt):
            self.visit_stmt(value, returns)
        elif isinstance(value, ast.expr):
            self.visit_expr(value)
        elif isinstance(value, ast.AST):  # handlers, comprehensions, keywords, match cases ...
            for name, child in ast.iter_fields(value):
                if name == "annotation":
                    continue
                if isinstance(child, list):
                    for item in child:
                        self._visit_any(item, returns)
                else:
                    self._visit_any(child, returns)

    def visit_expr(self, node: ast.expr) -> None:
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    self.visit_expr(part.value)
            return
        self.mutate_expr(node)
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
        ):
            return  # -1 is one constant: mutated as a whole above
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.visit_expr(child)
            elif isinstance(child, ast.comprehension | ast.keyword | ast.arguments):
                self._visit_any(child, None)

    # -- the operators ------------------------------------------------------------------------
    def mutate_expr(self, node: ast.expr) -> None:
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                flip = _COMPARE_FLIPS.get(type(op))
                if flip is None:
                    continue
                changed = copy.deepcopy(node)
                changed.ops[i] = flip()
                self.add(node, "comparison", f"({ast.unparse(changed)})")
            for operand in [node.left, *node.comparators]:
                self._empty_string(operand)
        elif isinstance(node, ast.BoolOp):
            swapped = copy.deepcopy(node)
            swapped.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            self.add(node, "and/or", f"({ast.unparse(swapped)})")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.add(node, "not removed", f"({ast.unparse(node.operand)})")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            if isinstance(node.operand, ast.Constant) and type(node.operand.value) is int:
                value = -node.operand.value
                for new in (value + 1, value - 1):
                    self.add(node, "integer", repr(new))
        elif isinstance(node, ast.Constant):
            if node.value is True or node.value is False:
                self.add(node, "boolean", repr(not node.value))
            elif type(node.value) is int:
                for new in (node.value + 1, node.value - 1):
                    self.add(node, "integer", f"({new})" if new < 0 else repr(new))
            elif isinstance(node.value, str) and _SQL_DESC.search(node.value):
                self.add(node, "SQL DESC->ASC", repr(_SQL_DESC.sub("ASC", node.value)))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in _STRING_METHODS:
                for arg in node.args:
                    self._empty_string(arg)

    def _empty_string(self, node: ast.expr) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
            self.add(node, "string emptied", '""')


def find_mutants(path: str, source: str) -> list[Mutant]:
    finder = _Finder(source)
    points = finder.run()
    points.sort(key=lambda p: (p[0].lineno, p[0].col_offset, p[1], p[2]))
    out: list[Mutant] = []
    for node, operator, new in points:
        old = _segment(finder.lines, node)
        if new.strip("()") == old or new == old:
            continue
        end_line, end_col = _end(node)
        mutant = Mutant(
            len(out) + 1,
            path,
            node.lineno,
            node.col_offset,
            end_line,
            end_col,
            operator,
            " ".join(old.split()),
            new,
        )
        out.append(mutant)
    return out


def apply(source: str, mutant: Mutant) -> str:
    """The module's source with one mutant applied (the rest byte for byte as it was)."""
    lines = source.encode().splitlines(keepends=True)
    head = b"".join(lines[: mutant.line - 1]) + lines[mutant.line - 1][: mutant.col]
    tail = lines[mutant.end_line - 1][mutant.end_col :] + b"".join(lines[mutant.end_line :])
    return (head + mutant.new.encode() + tail).decode()


# --------------------------------------------------------------------------------------------
# The copy and the runs
# --------------------------------------------------------------------------------------------


def repo_files(root: Path) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout
    names = {n for n in out.decode().split("\0") if n}
    # the data the tests read, whatever git says about it
    names.add("data/treaties.sqlite")
    names.update(str(p.relative_to(root)) for p in (root / "data" / "sources").rglob("*") if p.is_file())
    return sorted(names)


def make_copy(root: Path, dest: Path, files: Sequence[str]) -> None:
    for name in files:
        src = root / name
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working tree
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            if not target.is_symlink():
                os.symlink(os.readlink(src), target)
        elif src.is_file():
            shutil.copy2(src, target)


def _env(copy_root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy_root / "src"), str(copy_root)])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env.pop("TREATY_DB", None)
    return env


def run_tests(
    copy_root: Path, tests: Sequence[str], timeout: float, deselect: Sequence[str] = ()
) -> tuple[str, float, str]:
    """('passed' | 'failed' | 'timeout', seconds, output)."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-rf", *tests]
    for node in deselect:
        cmd += ["--deselect", node]
    begun = time.monotonic()
    try:
        proc = subprocess.run(
            cmd, cwd=copy_root, env=_env(copy_root), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout if isinstance(exc.stdout, str) else (exc.stdout or b"").decode("utf-8", "replace")
        return "timeout", time.monotonic() - begun, out
    return (
        ("passed" if proc.returncode == 0 else "failed"),
        time.monotonic() - begun,
        proc.stdout + proc.stderr,
    )


def baseline_failures(copy_root: Path, tests: Sequence[str]) -> tuple[list[str], float]:
    """Tests failing on the unmutated code (run without -x), and the time a clean run takes."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", *tests]
    begun = time.monotonic()
    proc = subprocess.run(cmd, cwd=copy_root, env=_env(copy_root), capture_output=True, text=True)
    seconds = time.monotonic() - begun
    failing = re.findall(r"^(?:FAILED|ERROR) (\S+)", proc.stdout, re.MULTILINE)
    if proc.returncode not in (0, 1):
        raise SystemExit(
            f"baseline run could not run the tests (exit {proc.returncode}):\n{proc.stdout[-3000:]}"
        )
    return [f.split(" - ")[0] for f in failing], seconds


def run_module(
    module: str,
    tests: Sequence[str],
    mutants: Sequence[Mutant],
    copies: Sequence[Path],
    timeout: float | None,
    verbose: bool,
) -> list[Result]:
    original = (copies[0] / module).read_text(encoding="utf-8")
    failing, base_seconds = baseline_failures(copies[0], tests)
    if failing:
        print(f"  baseline: {len(failing)} test(s) already fail and are deselected:", flush=True)
        for f in failing:
            print(f"    {f}", flush=True)
    status, clean_seconds, out = run_tests(
        copies[0], tests, timeout=max(600.0, 3 * base_seconds), deselect=failing
    )
    if status != "passed":
        raise SystemExit(f"the unmutated suite does not pass in the copy:\n{out[-3000:]}")
    limit = timeout if timeout is not None else 3 * clean_seconds + 15
    print(f"  baseline: {clean_seconds:.1f} s; timeout per mutant {limit:.0f} s", flush=True)

    # the sanity mutant: the module raises on import; the tests must notice, or the copy is not what runs
    target = copies[0] / module
    target.write_text(original + '\nraise RuntimeError("tools/mutate.py sanity check")\n', encoding="utf-8")
    try:
        status, _, out = run_tests(copies[0], tests, timeout=limit, deselect=failing)
    finally:
        target.write_text(original, encoding="utf-8")
    if status != "failed" or "sanity check" not in out:
        raise SystemExit(
            "sanity check failed: a module that raises on import was not noticed, so the tests do not "
            f"import the copy's {module}\n{out[-2000:]}"
        )

    free: queue.Queue[Path] = queue.Queue()
    for c in copies:
        free.put(c)
    lock = threading.Lock()
    done: list[Result] = []

    def one(mutant: Mutant) -> Result:
        text = apply(original, mutant)
        try:
            compile(text, module, "exec")
        except SyntaxError:
            return Result(mutant, "invalid", 0.0)
        where = free.get()
        path = where / module
        try:
            path.write_text(text, encoding="utf-8")
            status, seconds, _ = run_tests(where, tests, timeout=limit, deselect=failing)
        finally:
            path.write_text(original, encoding="utf-8")
            free.put(where)
        outcome = {"failed": "killed", "passed": "survived", "timeout": "timeout"}[status]
        result = Result(mutant, outcome, seconds)
        with lock:
            done.append(result)
            if verbose or outcome == "survived":
                print(f"  [{len(done)}/{len(mutants)}] {outcome:8} {mutant.describe()}", flush=True)
        return result

    pool = ThreadPoolExecutor(max_workers=len(copies))
    try:
        results = list(pool.map(one, mutants))
    finally:  # on Ctrl-C: no new mutant starts, the running ones finish, the copies are removed
        pool.shutdown(wait=True, cancel_futures=True)
    return results


def summarise(module: str, results: Sequence[Result]) -> dict[str, object]:
    counts = {
        k: sum(1 for r in results if r.outcome == k) for k in ("killed", "survived", "timeout", "invalid")
    }
    ran = counts["killed"] + counts["survived"] + counts["timeout"]
    rate = (counts["killed"] + counts["timeout"]) / ran if ran else 0.0
    return {"module": module, **counts, "mutants": ran, "kill_rate": round(100 * rate, 1)}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="tools/mutate.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    p.add_argument("--module", help="the module to mutate (default: the three targets)")
    p.add_argument("--tests", nargs="+", help="test files to run per mutant (default: the module's own)")
    p.add_argument("--max", type=int, help="run at most N mutants per module")
    p.add_argument("--sample", action="store_true", help="with --max: a random sample, not the first N")
    p.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    p.add_argument("--only", type=int, nargs="+", help="run only these mutant numbers (see --list)")
    p.add_argument("--lines", help="only mutants starting on these lines of the module: START-END")
    p.add_argument("--list", action="store_true", help="list the mutants and stop")
    p.add_argument(
        "--rerun",
        type=Path,
        help="a --json file of an earlier run: run only its survivors, report the merged totals",
    )
    p.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)), help="parallel copies")
    p.add_argument("--timeout", type=float, help="seconds per mutant (default: 3 x baseline + 15)")
    p.add_argument("--json", type=Path, help="write every result to this file")
    p.add_argument("-v", "--verbose", action="store_true", help="print every mutant, not only survivors")
    return p.parse_args(argv)


def _earlier(path: Path) -> list[Result]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in data["results"]:
        outcome, seconds = r.pop("outcome"), r.pop("seconds")
        out.append(Result(Mutant(**r), outcome, seconds))
    return out


def _survivor_keys(path: Path) -> list[tuple[tuple[str, int], Result]]:
    return [((r.mutant.path, r.mutant.ident), r) for r in _earlier(path) if r.outcome == "survived"]


def _select(mutants: list[Mutant], args: argparse.Namespace) -> list[Mutant]:
    if args.rerun:
        # the same module text gives the same numbering: check the mutant is still the one recorded
        earlier = {(r.mutant.path, r.mutant.ident): r.mutant for r in _earlier(args.rerun)}
        stale = [m for m in mutants if (m.path, m.ident) in earlier and earlier[(m.path, m.ident)] != m]
        if stale:
            raise SystemExit(
                f"{args.rerun}: the module changed since that run (mutant #{stale[0].ident}); run all"
            )
        survivors = {key for key, _ in _survivor_keys(args.rerun)}
        mutants = [m for m in mutants if (m.path, m.ident) in survivors]
    if args.lines:
        first, _, last = args.lines.partition("-")
        low, high = int(first or 1), int(last or 10**9)
        mutants = [m for m in mutants if low <= m.line <= high]
    if args.only:
        wanted = set(args.only)
        mutants = [m for m in mutants if m.ident in wanted]
    if args.max is not None and args.max < len(mutants):
        if args.sample:
            rng = random.Random(args.seed)
            mutants = sorted(rng.sample(mutants, args.max), key=lambda m: m.ident)
        else:
            mutants = mutants[: args.max]
    return mutants


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops as Ctrl-C does: no new mutant, the copies removed


def main(argv: Sequence[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a background shell starts us ignoring it
    args = _parse(argv)
    if args.module:
        module = args.module.removeprefix("./")
        tests = tuple(args.tests or TARGETS.get(module, ()))
        if not tests:
            print(f"no default tests for {module}; pass --tests", file=sys.stderr)
            return 2
        targets = {module: tests}
    else:
        targets = dict(TARGETS)
    for module, tests in list(targets.items()):
        missing = [p for p in (module, *tests) if not (ROOT / p).exists()]
        if missing and (args.tests or module in missing):
            print(f"not found: {', '.join(missing)}", file=sys.stderr)
            return 2
        if missing:  # a default test file not (or no longer) there: run the others
            print(f"{module}: skipping missing test file(s) {', '.join(missing)}", file=sys.stderr)
            targets[module] = tuple(t for t in tests if t not in missing)

    plans = {m: _select(find_mutants(m, (ROOT / m).read_text(encoding="utf-8")), args) for m in targets}
    if args.list:
        for mutants in plans.values():
            for mu in mutants:
                print(f"{mu.ident:4} {mu.describe()}")
        return 0

    begun = time.monotonic()
    summaries: list[dict[str, object]] = []
    every: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="treaty-mutate-") as tmp:
        files = repo_files(ROOT)
        copies = [Path(tmp) / f"copy{i}" for i in range(max(1, args.jobs))]
        for c in copies:
            make_copy(ROOT, c, files)
        for module, tests in targets.items():
            mutants = plans[module]
            print(f"{module}: {len(mutants)} mutants; tests: {' '.join(tests)}", flush=True)
            started = time.monotonic()
            results = run_module(module, tests, mutants, copies, args.timeout, args.verbose)
            if args.rerun:  # the earlier run's verdicts on every mutant not run again
                rerun = {r.mutant.ident for r in results}
                results = [
                    r for r in _earlier(args.rerun) if r.mutant.path == module and r.mutant.ident not in rerun
                ] + results
                results.sort(key=lambda r: r.mutant.ident)
            every.extend(results)
            summary = summarise(module, results)
            summary["seconds"] = round(time.monotonic() - started, 1)
            summaries.append(summary)

    header = ("module", "mutants", "killed", "timeout", "survived", "invalid", "kill rate", "time")
    print("\n" + f"{header[0]:40}" + "".join(f"{h:>10}" for h in header[1:]))
    for s in summaries:
        cells = [s[k] for k in ("mutants", "killed", "timeout", "survived", "invalid")]
        cells += [f"{s['kill_rate']}%", f"{s['seconds']}s"]
        print(f"{s['module']!s:40}" + "".join(f"{c!s:>10}" for c in cells))
    survivors = [r for r in every if r.outcome == "survived"]
    if survivors:
        print("\nsurvivors:")
        for r in survivors:
            print(f"  #{r.mutant.ident} {r.mutant.describe()}")
    print(f"\ntotal {time.monotonic() - begun:.0f} s with {len(copies)} job(s)")
    if args.json:
        payload = {
            "summaries": summaries,
            "results": [
                {**asdict(r.mutant), "outcome": r.outcome, "seconds": round(r.seconds, 2)} for r in every
            ],
        }
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted: the temporary copies are removed", file=sys.stderr)
        sys.exit(130)
