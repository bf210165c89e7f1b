"""A 10 MB message in the archives: what it costs ``govsm audit``, beside the audit without it.

    python benchmarks/large_message.py

The anchor is the same audit of the example council without the message. Under the default
``[limits]`` the message is refused by its size (one finding), so time and memory stay those of
the anchor; with ``text_bytes`` raised past it, it is checked in full. Each audit runs in its own
process; memory is that process's peak resident size (``ru_maxrss``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "soldeneu"
SIZE = 10 * 1024 * 1024


def _workspace(root: Path, name: str, *, message: bool, raise_limit: bool) -> Path:
    folder = root / name
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    if message:
        history = folder / "history" / "blog-soldeneu.jsonl"
        first = json.loads(history.read_text(encoding="utf-8").splitlines()[0])
        words = "paraula " * (SIZE // 8)
        with history.open("a", encoding="utf-8") as out:
            out.write(json.dumps(first | {"id": "blog-huge", "text": words}) + "\n")
    if raise_limit:
        with (folder / "govsm.toml").open("a", encoding="utf-8") as out:
            out.write(f"\n[limits]\ntext_bytes = {2 * SIZE}\n")
    return folder


_CHILD = (
    "import atexit, resource, runpy, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "f'MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
    "sys.argv = ['govsm', *sys.argv[1:]]\n"
    "runpy.run_module('govsm.cli.main', run_name='__main__')\n"
)


def _audit(folder: Path) -> tuple[float, float]:
    """Seconds and peak megabytes of one ``govsm audit`` in a child process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "audit", str(folder), "--exit-zero"],
        check=True,
        capture_output=True,
        text=True,
        env={"GOVSM_DISABLE_PLUGINS": "example,test-plugin", "PATH": "/usr/bin:/bin"},
    )
    spent = time.perf_counter() - start
    peak = int(done.stderr.rsplit("MAXRSS ", 1)[1].split()[0])
    return spent, peak / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases = {
            "anchor: the example as it is": _workspace(root, "a", message=False, raise_limit=False),
            "10 MB message, default [limits] (refused)": _workspace(
                root, "b", message=True, raise_limit=False
            ),
            "10 MB message, text_bytes = 20 MiB (checked)": _workspace(
                root, "c", message=True, raise_limit=True
            ),
        }
        anchor: tuple[float, float] | None = None
        print(f"{'case':46} {'seconds':>8} {'peak MB':>8} {'time ratio':>11}")
        for name, folder in cases.items():
            spent, peak = _audit(folder)
            anchor = anchor or (spent, peak)
            print(f"{name:46} {spent:8.2f} {peak:8.0f} {spent / anchor[0]:11.2f}")


if __name__ == "__main__":
    main()
