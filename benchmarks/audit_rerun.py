"""A second `govsm audit` of an unchanged workspace beside the first, measured in one run.

    python benchmarks/audit_rerun.py --messages 100000
    python benchmarks/audit_rerun.py --messages 10000 --store-url postgresql://postgres@127.0.0.1/test

Generates a workspace of ``--messages`` messages in a temporary folder: the example council's
``govsm.toml``, drafts and governance journal, and its 480 archived messages copied over and over
(each copy with ids, remote ids and reply links of its own) into ``history/*.jsonl``. Then runs
``govsm audit WORKSPACE --as-of 2026-11-20``, each time in a fresh process:

1. the first audit: it loads the archives into an empty store, checks every message and keeps
   the check results in the store (:mod:`govsm.store.check_cache`);
2. the same audit again, nothing changed, ``--repeats`` times (3 by default): the archive files,
   unchanged since the first load into this store, are not read again
   (:mod:`govsm.workspace.load_skips`), and unchanged messages are not checked again;
3. with ``--no-cache`` (skip it with ``--no-control``): every file read and every message
   checked again, the control for the output.

govsm and its plugins are byte-compiled first, beside their sources (an installed package has its
bytecode; this machine may set ``PYTHONDONTWRITEBYTECODE``), so no run compiles sources.
For each it prints wall and CPU seconds (user + system, of that process alone) and its peak RSS,
and the ratio of the second audits' median to the first (goal, issue 16: at most 0.15 in CPU and
wall, memory flat): this machine's speed changes from one minute to the next, and one short run
measures that as much as govsm. It then checks that every run recorded the same findings:
``findings.jsonl`` of each, the lines of the ``audit-log`` step aside (that step reports the
audit log's head, which each run's load moves), must be equal line for line, and so must the
severity totals.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "soldeneu"
AS_OF = "2026-11-20"
#: the goal of issue 16: the second run costs at most this share of the first
GOAL = 0.15


def _copies(history: list[tuple[str, dict[str, Any]]], count: int) -> Iterator[tuple[str, str]]:
    """``count`` archive lines (file name, JSON line): the example's messages, copied over."""
    made = 0
    round_ = 0
    while made < count:
        for name, original in history:
            if made == count:
                return
            record = dict(original)
            if round_:
                tag = f"r{round_:05d}"
                record["id"] = f"{original['id']}-{tag}"
                for key in ("reply_to", "idempotency_key"):
                    if record.get(key):
                        record[key] = f"{record[key]}-{tag}"
                for key in ("remote_id", "reply_to_remote"):
                    if record.get(key):
                        record[key] = f"{record[key]}{round_:05d}"
                record.pop("url", None)
            yield name, json.dumps(record, ensure_ascii=False)
            made += 1
        round_ += 1


def make_workspace(folder: Path, messages: int) -> None:
    """The example workspace with ``messages`` archived messages in ``history/``."""
    shutil.copytree(
        EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm", "history", "*.py")
    )
    history: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((EXAMPLE / "history").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                history.append((path.name, json.loads(line)))
    (folder / "history").mkdir()
    files: dict[str, Any] = {}
    try:
        for name, line in _copies(history, messages):
            if name not in files:
                files[name] = (folder / "history" / name).open("w", encoding="utf-8")
            files[name].write(line + "\n")
    finally:
        for handle in files.values():
            handle.close()


def audit(workspace: Path, extra: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``govsm audit`` in a process of its own: wall and CPU seconds, peak RSS in MiB."""
    argv = [sys.executable, "-m", "govsm.cli.main", "--lang", "en", "audit", str(workspace)]
    argv += ["--as-of", AS_OF, "--exit-zero", *extra]
    began = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0:
        sys.exit(f"govsm audit failed ({process.returncode}):\n{errors.decode(errors='replace')}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss": usage.ru_maxrss / 1024,
    }


def recorded(workspace: Path) -> tuple[str, int, dict[str, int]]:
    """The run's findings.jsonl (the audit-log step's lines aside) as a SHA-256 and a count, and
    its severity totals.

    Read line by line and kept as a digest: this process stays small, so the peak RSS of the
    next audit, which starts as a copy of it, is the audit's own.
    """
    report = workspace / "report"
    digest = hashlib.sha256()
    count = 0
    with (report / "findings.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if json.loads(line)["step"] != "audit-log":
                digest.update(line.encode("utf-8"))
                count += 1
    totals = json.loads((report / "summary.json").read_text(encoding="utf-8"))["severity_counts"]
    return digest.hexdigest(), count, totals


def step_summary(workspace: Path, name: str) -> dict[str, Any]:
    """The summary of the step ``name`` in the run's summary.json."""
    data = json.loads((workspace / "report" / "summary.json").read_text(encoding="utf-8"))
    return next(step["summary"] for step in data["steps"] if step["name"] == name)


def _package_folders() -> list[str]:
    """govsm's folder and those of the plugins installed for it."""
    names = {"govsm"} | {
        point.module.split(".")[0] for point in importlib.metadata.entry_points(group="govsm")
    }
    folders = []
    for name in sorted(names):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin is not None:
            folders.append(str(Path(spec.origin).parent))
    return folders


def main() -> None:
    """Generate the workspace, audit it twice (and once more without the cache), compare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument(
        "--store-url", default=None, help="a store instead of the workspace's SQLite file"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="how many times the second audit runs (the median is compared with the first)",
    )
    parser.add_argument("--no-control", action="store_true", help="skip the --no-cache run")
    parser.add_argument("--keep", type=Path, default=None, help="build the workspace here")
    args = parser.parse_args()
    env = {**os.environ, "GOVSM_DISABLE_PLUGINS": "test-plugin,example"}
    if args.store_url:
        env["GOVSM_STORE_URL"] = args.store_url
    with tempfile.TemporaryDirectory() as tmp:
        # an installed package has its bytecode: govsm's and its plugins' are compiled once
        # here, beside the sources as Python keeps it (whatever PYTHONDONTWRITEBYTECODE says),
        # so that no timed run compiles them; the libraries keep the bytecode they installed
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        sources = _package_folders()
        subprocess.run([sys.executable, "-m", "compileall", "-q", *sources], env=env, check=True)
        workspace = (args.keep or Path(tmp)) / "workspace"
        if workspace.exists():
            shutil.rmtree(workspace)
        began = time.perf_counter()
        make_workspace(workspace, args.messages)
        print(
            f"workspace: {args.messages} messages, written in {time.perf_counter() - began:.1f} s"
        )
        print(f"store: {args.store_url or 'SQLite in the workspace'}")
        runs: list[tuple[str, dict[str, float]]] = []
        outputs = []
        seconds = ["second"] + [f"second #{n}" for n in range(2, max(1, args.repeats) + 1)]
        plan: list[tuple[str, list[str]]] = [("first", []), *((name, []) for name in seconds)]
        if not args.no_control:
            plan.append(("--no-cache", ["--no-cache"]))
        for name, extra in plan:
            runs.append((name, audit(workspace, extra, env)))
            outputs.append(recorded(workspace))
            summary = step_summary(workspace, "checks")
            loaded = step_summary(workspace, "load")
            print(
                f"  {name:<11} files read {len(loaded['files'])}, "
                f"unchanged and not read {loaded.get('unchanged_files', 0)}; "
                f"checked {summary['checked']}, from the cache {summary.get('cached', 0)}"
            )
    print(f"{'run':<11} {'wall s':>8} {'CPU s':>8} {'peak RSS MiB':>13}")
    for name, figures in runs:
        print(f"{name:<11} {figures['wall']:>8.2f} {figures['cpu']:>8.2f} {figures['rss']:>13.1f}")
    first = runs[0][1]
    again = [figures for name, figures in runs if name.startswith("second")]
    wall = statistics.median(figures["wall"] for figures in again)
    cpu = statistics.median(figures["cpu"] for figures in again)
    peak = max(figures["rss"] for figures in again)
    print(
        f"second / first (the median of {len(again)} second audits): wall "
        f"{wall / first['wall']:.3f}, CPU {cpu / first['cpu']:.3f}, peak RSS (the largest) "
        f"{peak / first['rss']:.2f} (goal: at most {GOAL} in wall and CPU)"
    )
    same = all(output == outputs[0] for output in outputs[1:])
    print(
        f"findings: {outputs[0][1]} lines, totals {outputs[0][2]}; "
        f"identical in every run: {'yes' if same else 'NO'}"
    )
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
