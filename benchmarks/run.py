"""govsm's start-up beside its anchor, bare Python, measured in the same run.

    nox -s bench            (or: python benchmarks/run.py --runs 40)

Each command is started cold as a new process, interleaved with the anchor so that machine noise
hits both alike; the table gives medians and the 90th percentile in milliseconds, and govsm's
cost over the anchor. Goal (issue 4): ``govsm --version`` at most 100 ms over ``python -c pass``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def command_line(name: str) -> list[str]:
    govsm = shutil.which("govsm", path=str(BIN)) or shutil.which("govsm")
    if govsm is None:
        sys.exit("govsm is not installed in this environment")
    return {
        "python -c pass (anchor)": [sys.executable, "-c", "pass"],
        "govsm --version": [govsm, "--version"],
        "python -c 'import govsm'": [sys.executable, "-c", "import govsm"],
        "import govsm + Workspace (full API)": [
            sys.executable,
            "-c",
            "import govsm; govsm.Workspace; govsm.PluginHost",
        ],
        "govsm plugins --json": [govsm, "plugins", "--json"],
        "import govsm.spec (the plugin API)": [sys.executable, "-c", "import govsm.spec"],
        "measure('hola', 'x')": [
            sys.executable,
            "-c",
            "import govsm.text; govsm.text.measure('hola', 'x')",
        ],
    }[name]


def time_once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    names = [
        "python -c pass (anchor)",
        "govsm --version",
        "python -c 'import govsm'",
        "import govsm + Workspace (full API)",
        "govsm plugins --json",
        "import govsm.spec (the plugin API)",
        "measure('hola', 'x')",
    ]
    argvs = {n: command_line(n) for n in names}
    for argv in argvs.values():  # warm the OS file cache; the interpreter still starts cold
        time_once(argv)
    samples: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(args.runs):
        for name in names:
            samples[name].append(time_once(argvs[name]))
    anchor = statistics.median(samples[names[0]])
    print(f"{'command':40} {'median ms':>10} {'p90 ms':>8} {'over anchor':>12} {'ratio':>6}")
    for name in names:
        data = sorted(samples[name])
        median = statistics.median(data)
        p90 = data[int(0.9 * (len(data) - 1))]
        print(
            f"{name:40} {median:10.1f} {p90:8.1f} {median - anchor:+11.1f} {median / anchor:6.2f}"
        )
    over = statistics.median(samples["govsm --version"]) - anchor
    verdict = "meets" if over <= 100 else "MISSES"
    print(
        f"\ngovsm --version costs {over:.1f} ms over bare Python ({verdict} the 100 ms goal); "
        f"{args.runs} interleaved runs each, Python {sys.version.split()[0]}"
    )


if __name__ == "__main__":
    main()
