"""What ``govsm plugins --json`` costs beyond starting Python, beside eager loading, in one run.

    python benchmarks/plugins_startup.py [--runs 15] [--pycache DIR]

Three commands run in fresh interpreters, interleaved, ``--runs`` times each:

- ``python -c pass``: the floor, what any Python command costs;
- ``govsm plugins --json``: the built-in plugins are registered from their manifest
  (:mod:`govsm.lazy_plugins`) and none of their modules is imported;
- ``eager``: the same command after importing every built-in plugin module first — what it cost
  when the host imported each module to register it.

For each, the median CPU time (user + system, of the child process) and wall time; then govsm's
cost over the floor. The goal (issue 16): at most 150 ms of CPU over ``python -c pass``.
Installed third-party plugins (entry points) are imported by both; run it in an environment with
the plugins you care about.

Each command runs once, untimed, before the timed runs. The children inherit the environment:
with ``PYTHONDONTWRITEBYTECODE`` set (and for an editable install nothing else compiles govsm),
every govsm module is compiled from source on every run, which an installed govsm never does.
``--pycache DIR`` lets the children keep their bytecode in ``DIR`` (``PYTHONPYCACHEPREFIX``),
as an installed package has it. The load average is printed before and after: CPU times grow on
a busy machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

EAGER = (
    "import importlib, sys\n"
    "from govsm.plugins import DEFAULT_PLUGINS\n"
    "for name in DEFAULT_PLUGINS:\n"
    "    importlib.import_module(name)\n"
    "from govsm.cli.main import cli\n"
    "sys.argv = ['govsm', 'plugins', '--json']\n"
    "cli()\n"
)

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "govsm plugins --json": [sys.executable, "-m", "govsm.cli.main", "plugins", "--json"],
    "eager": [sys.executable, "-c", EAGER],
}


def _once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    """Time the three commands and print medians and govsm's cost over the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--pycache",
        metavar="DIR",
        help="keep the children's compiled bytecode in DIR, as an installed govsm has it",
    )
    args = parser.parse_args(argv)
    env = os.environ.copy()
    if args.pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = args.pycache
    bytecode = (
        f"cached in {args.pycache}"
        if args.pycache
        else "not cached (PYTHONDONTWRITEBYTECODE)"
        if env.get("PYTHONDONTWRITEBYTECODE")
        else "as the environment has it"
    )
    print(f"bytecode: {bytecode}; load average before: {_load()}")
    for command in COMMANDS.values():
        _once(command, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            times[name].append(_once(command, env))
    medians = {
        name: (
            statistics.median(cpu for cpu, _ in runs),
            statistics.median(wall for _, wall in runs),
        )
        for name, runs in times.items()
    }
    print(f"{'command':24} {'CPU ms':>8} {'wall ms':>8}   (median of {args.runs})")
    for name, (cpu, wall) in medians.items():
        print(f"{name:24} {cpu * 1000:8.0f} {wall * 1000:8.0f}")
    floor = medians["python -c pass"][0]
    govsm = medians["govsm plugins --json"][0] - floor
    eager = medians["eager"][0] - floor
    verdict = "ok" if govsm <= 0.150 else "MISSED"
    print(
        f"\ngovsm plugins --json over the floor: {govsm * 1000:.0f} ms CPU "
        f"(goal ≤ 150: {verdict}); eager loading: {eager * 1000:.0f} ms; "
        f"lazy/eager: {govsm / eager:.2f}"
    )
    print(f"load average after: {_load()}")
    return 0


def _load() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` shows them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
