"""A small mutation tester: does the suite notice when the scoring core is subtly wrong?

Each mutant changes ONE thing in one module (a comparison flipped, `and`/`or` swapped, a
constant moved by one, `not` dropped, a condition negated, a return value replaced by None,
`+`/`-` or `*`/`/` swapped) and the chosen tests run against it in a copy of the repository.
A mutant is killed when a test fails (or the run exceeds the time limit); the survival rate is
survivors / (mutants run). mutmut does the same at scale; this keeps the run bounded and
dependency-free by sampling mutants with a fixed seed, so two runs (e.g. before and after new
tests) see the same mutants.

Every mutant's test run gets an empty catalog cache of its own: code that runs while a catalog
loads (parameter and rule checks in `keino_cli.rules`) is exercised, never served from a pickle
an earlier run wrote. Mutants that cannot change behaviour (`EQUIVALENT`, each with its reason)
are reported and not run; they are left out of the rate.

    .venv/bin/python benchmarks/mutate.py --per-module 12 -- tests/test_engine.py tests/test_rules.py
    .venv/bin/python benchmarks/mutate.py --list            # every mutation site, no runs
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("keino_cli/engine.py", "keino_cli/rules/__init__.py", "keino_cli/facts.py", "keino_cli/gate.py")
# The tests that exercise those modules, fastest killers first (`pytest -x` stops at the first
# failure); the check tests that start subprocesses (pre-commit hook, CI snippets) are left out.
DEFAULT_TESTS = (
    "tests/test_cases.py",
    "tests/test_engine.py",
    "tests/test_rules.py",
    "tests/test_scoring.py",
    "tests/test_check.py",
    "--deselect=tests/test_check.py::test_pre_commit_hook_runs_the_real_entry",
    "--deselect=tests/test_check.py::test_ci_snippets_in_the_docs_run",
)
# Mutants that cannot change what the code does, keyed by (module, the mutated line's text, kind):
# a mutant whose site matches is reported as `equivalent` and not run. Only truly equivalent
# mutants belong here, never a gap in the tests.
EQUIVALENT: dict[tuple[str, str, str], str] = {}
for _module in MODULES:
    EQUIVALENT[(_module, "if TYPE_CHECKING:", "negate-condition")] = (
        "imports for the type checker only: the names appear in annotations alone, which "
        "`from __future__ import annotations` never evaluates"
    )
    EQUIVALENT[(_module, "@dataclass(slots=True)", "constant")] = (
        "slots=False keeps every field and method; slots only save memory (no code adds an "
        "undeclared attribute, which slots would refuse)"
    )
# The engine's lookup caches are cleared when they reach a bound: the bound (10 000 or 10 001
# entries, cleared before every insert or never before the bound) changes memory, never a result.
for _cache in ("_applicable", "_groups", "_plans", "_group_hits"):
    for _kind in ("constant", "compare0", "negate-condition"):
        EQUIVALENT[("keino_cli/engine.py", f"if len(self.{_cache}) >= 10_000:", _kind)] = (
            "the bound of a lookup cache: when it is cleared changes memory, never a result"
        )

SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.And: ast.Or, ast.Or: ast.And, ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div,
    ast.Div: ast.Mult,
}  # fmt: skip


def _docstring_ids(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def sites(tree: ast.Module) -> list[tuple[int, str, int]]:
    """Every mutation site: (index of the node in walk order, kind, line)."""
    skip = _docstring_ids(tree)
    annotations = {
        id(sub)
        for node in ast.walk(tree)
        for ann in [getattr(node, "annotation", None), getattr(node, "returns", None)]
        if ann is not None
        for sub in ast.walk(ann)
    }
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip or id(node) in annotations:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            found += [(index, f"compare{i}", line) for i, op in enumerate(node.ops) if type(op) in SWAPS]
        elif isinstance(node, ast.BoolOp | ast.BinOp) and type(node.op) in SWAPS:
            if not (isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant)
                    and isinstance(node.left.value, str)):  # fmt: skip
                found.append((index, "operator", line))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((index, "drop-not", line))
        elif isinstance(node, ast.Constant) and type(node.value) in (bool, int, float):
            found.append((index, "constant", line))
        elif isinstance(node, ast.If | ast.While):
            found.append((index, "negate-condition", line))
        elif isinstance(node, ast.Return) and node.value is not None and not _is_none(node.value):
            found.append((index, "return-none", line))
    return found


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def mutate(tree: ast.Module, target: int, kind: str) -> ast.Module:
    """A copy of `tree` with the site `target` (walk index) changed as `kind` says."""
    mutant = copy.deepcopy(tree)
    node = list(ast.walk(mutant))[target]
    if kind.startswith("compare"):
        position = int(kind.removeprefix("compare"))
        node.ops[position] = SWAPS[type(node.ops[position])]()  # type: ignore[attr-defined]
    elif kind == "operator":
        node.op = SWAPS[type(node.op)]()  # type: ignore[attr-defined]
    elif kind == "drop-not":
        _replace(mutant, node, node.operand)  # type: ignore[attr-defined]
    elif kind == "constant":
        value = node.value  # type: ignore[attr-defined]
        node.value = (not value) if isinstance(value, bool) else value + 1  # type: ignore[attr-defined]
    elif kind == "negate-condition":
        node.test = ast.UnaryOp(ast.Not(), node.test)  # type: ignore[attr-defined]
    elif kind == "return-none":
        node.value = ast.Constant(None)  # type: ignore[attr-defined]
    return ast.fix_missing_locations(mutant)


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new


def copy_repository() -> Path:
    """The tracked files (and the working changes) in a temporary folder the mutants may spoil."""
    target = Path(tempfile.mkdtemp(prefix="keino-mutants-"))
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()  # fmt: skip
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target  # tests that read ../shared/data skip in the copy


def run_tests(copy_root: Path, tests: list[str], timeout: float) -> tuple[str, str]:
    """(outcome, the first failing test) of one test run in the copy, with an empty cache."""
    with tempfile.TemporaryDirectory(prefix="keino-mutant-cache-") as cache:
        env = {
            **os.environ,
            "XDG_CACHE_HOME": cache,
            "KEINO_CACHE_DIR": cache,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        env.pop("KEINO_NO_CACHE", None)
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
        try:
            done = subprocess.run(
                command, cwd=copy_root, env=env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return "killed (timeout)", ""
    if done.returncode == 0:
        return "survived", ""
    failed = next(
        (
            line.split(" ", 1)[1].split(" - ")[0]
            for line in done.stdout.splitlines()
            if line.startswith(("FAILED ", "ERROR "))
        ),
        "",
    )
    return "killed", failed


def _line_text(source: list[str], line: int) -> str:
    return source[line - 1].strip() if 0 < line <= len(source) else ""


def _load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg()) + f", {os.cpu_count()} cores"


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "?"


def run_plan(copy_root: Path, plan: list[tuple[str, ast.Module, tuple[int, str, int]]], tests: list[str],
             timeout: float | None) -> list[dict[str, Any]]:  # fmt: skip
    """Run the tests once clean (their time sets the default timeout), then against each mutant."""
    clean_started = time.monotonic()
    baseline, failing = run_tests(copy_root, tests, timeout or 1200)
    if baseline != "survived":
        sys.exit(f"the tests fail without any mutant ({baseline} {failing}); fix them first")
    clean = time.monotonic() - clean_started
    limit = timeout or 3 * clean
    print(f"clean run {clean:.0f} s; timeout per mutant {limit:.0f} s", flush=True)
    rows: list[dict[str, Any]] = []
    for module, tree, (target, kind, line) in plan:
        path = copy_root / module
        original = path.read_text(encoding="utf-8")
        text = _line_text(original.splitlines(), line)
        reason = EQUIVALENT.get((module, text, kind))
        began = time.monotonic()
        if reason is not None:
            outcome, failing = "equivalent", reason
        else:
            path.write_text(ast.unparse(mutate(tree, target, kind)) + "\n", encoding="utf-8")
            try:
                outcome, failing = run_tests(copy_root, tests, limit)
            finally:
                path.write_text(original, encoding="utf-8")
        seconds = round(time.monotonic() - began, 1)
        rows.append({"module": module, "line": line, "kind": kind, "code": text, "outcome": outcome,
                     "by": failing, "seconds": seconds})  # fmt: skip
        print(f"{module}:{line} {kind}: {outcome} {failing}  [{text[:70]}]", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-module", type=int, default=12, help="mutants sampled per module")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--timeout", type=float, help="seconds per mutant (default: 3 x the clean run)")
    parser.add_argument("--list", action="store_true", help="list the mutation sites only")
    parser.add_argument("--json", type=Path, help="write every mutant's outcome here")
    parser.add_argument("tests", nargs="*", default=list(DEFAULT_TESTS))
    args = parser.parse_args()
    plan = []
    for module in MODULES:
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        found = sites(tree)
        if args.list:
            print(f"{module}: {len(found)} sites")
            continue
        chosen = random.Random(f"{args.seed}:{module}").sample(found, min(args.per_module, len(found)))
        plan += [(module, tree, site) for site in sorted(chosen, key=lambda s: s[2])]
    if args.list:
        return
    print(f"start: commit {_commit()} (copied now), {_load()}", flush=True)
    # A stopped run (Ctrl-C, kill) still removes its copy of the repository.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    copy_root = copy_repository()
    try:
        rows = run_plan(copy_root, plan, args.tests, args.timeout)
    finally:
        shutil.rmtree(copy_root, ignore_errors=True)
    run = [r for r in rows if r["outcome"] != "equivalent"]
    survived = [r for r in run if r["outcome"] == "survived"]
    rate = 100 * len(survived) / max(len(run), 1)
    took = sum(r["seconds"] for r in rows)
    equivalent = len(rows) - len(run)
    killed = len(run) - len(survived)
    print(
        f"\n{len(rows)} mutants sampled, {equivalent} equivalent, {len(run)} run: {killed} killed, ", end=""
    )
    print(f"{len(survived)} survived ({rate:.1f} %), {took:.0f} s")
    print(f"end: {_load()}")
    print(f"seed {args.seed}, {args.per_module} per module; tests: {' '.join(args.tests)}")
    for module in MODULES:
        mine = [r for r in run if r["module"] == module]
        alive = sum(r["outcome"] == "survived" for r in mine)
        print(f"  {module}: {len(mine) - alive} of {len(mine)} killed")
    for r in survived:
        print(f"  survivor {r['module']}:{r['line']} {r['kind']}: {r['code']}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
