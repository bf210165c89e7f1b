"""`govsm check` throughput on a 20,000-post corpus, beside govsm as it was before issue 16.

    python benchmarks/check_throughput.py [--posts 20000] [--baseline 4ce1f0f] [--jobs N]
                                          [--reference HEAD] [--small 5000] [--rounds 3]

The corpus is generated (seeded): posts in Spanish, Catalan, Galician and Basque for X,
Mastodon, Bluesky, Facebook and Instagram, with links, shortened links, mentions, hashtags,
emoji, phone numbers, capitals, and some over-long — checked with the example council's
workspace, as an organisation checks its own posts — the workspace as it was at ``--baseline``,
in every run, since the baseline cannot read keys added to ``govsm.toml`` after it (its
policy is the one of today's example). Each run is a fresh process:

- ``baseline``: the source tree of ``--baseline`` (default ``4ce1f0f``, the last commit before
  issue 16's work), extracted with ``git archive`` and run from it — the anchor;
- ``reference``: the source tree of ``--reference`` (default ``HEAD``, the last commit), one
  process, once: what this tree must still write, byte for byte (``--reference ''`` skips it);
- ``--jobs 1``: this tree, one process;
- ``--jobs N``: this tree, one process per core (the default of ``govsm check``);
- once, the same two on the first ``--small`` posts (default 5,000), to show memory is flat.

The baseline, ``--jobs 1`` and ``--jobs N`` run in ``--rounds`` rounds (default 3), one after
the other in each round: a machine shared with other work runs at different speeds from one
minute to the next, and a ratio of two runs far apart in time measures that as much as govsm.
Each round's ratios compare runs made within a minute of each other; the summary gives each
configuration's median and the median of the rounds' ratios, which is the figure to quote.

For each run, posts per second (wall), CPU seconds (the process and its workers) and the peak
resident memory of its largest process (the main one or a worker; ``wait4``'s ``ru_maxrss``);
then its ratio to the baseline of its round. The goal (issue 16): the default at least 5× the
baseline on this 2-core machine. The runs of this tree and the reference must write the same
JSON, which is checked. Third-party plugins (the ``govsm`` entry points) are disabled in every
run, so all compare govsm's own rules. Every tree runs once untimed on one post first, with its
bytecode kept in a folder of the run even where the machine says not to write it
(``PYTHONDONTWRITEBYTECODE``): an installed package has its bytecode, so no run pays for
compiling the sources. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "soldeneu"

_OPENINGS = (
    "Obrim inscripcions per a l'escola d'estiu municipal",
    "Abrimos el plazo de solicitud de las ayudas al alquiler joven",
    "Mañana corte de tráfico en la calle Mayor por obras",
    "Aberto o prazo de matrícula na escola de música",
    "Bihar itxita egongo da liburutegia jaiegunagatik",
    "La biblioteca amplía su horario en época de exámenes",
    "Avís: demà no hi haurà recollida de residus al nucli antic",
    "Hoxe celebramos o Día das Letras Galegas coa veciñanza",
    "La alcaldesa ha visitado las obras del nuevo centro de salud",
    "ATENCIÓN VECINOS ESTE SÁBADO NO HAY MERCADO",
    "Gràcies a tots els voluntaris de la cursa popular",
    "Udalak diru-laguntzak emango ditu etxebizitzak birgaitzeko",
)
_MIDDLES = (
    "de 9 a 14 h en el centro cívico",
    "fins al 30 de setembre a la seu electrònica",
    "con cita previa en el 010 o en el 900 123 456",
    "e máis información no concello",
    "informazio gehiago udaletxean",
    "si tenéis dudas llamad al 612 345 678",
    "👉 tota la informació al web",
    "📍 Plaza del Ayuntamiento, 1",
    "con la participación de más de 300 personas",
)
_ENDINGS = (
    "https://seu.soldeneu.example/tramits",
    "http://bit.ly/3xAmPle",
    "#Soldeneu #agendacultural #estiu",
    "@diputacio_example @cultura_example",
    "¡Os esperamos! 🎉🎉🎉",
    "Més info: https://www.soldeneu.example/agenda?utm_source=x",
    "",
)


def make_corpus(path: Path, posts: int) -> None:
    """Write ``posts`` JSON Lines records, seeded."""
    rng = random.Random(2026)
    networks = ("x", "mastodon", "bluesky", "facebook", "instagram")
    with path.open("w", encoding="utf-8") as out:
        for index in range(posts):
            parts = [rng.choice(_OPENINGS), rng.choice(_MIDDLES), rng.choice(_ENDINGS)]
            if rng.random() < 0.1:
                parts.insert(1, rng.choice(_MIDDLES) * rng.randint(3, 8))
            text = " ".join(p for p in parts if p) + f" ({index})"
            record = {"id": f"p{index}", "text": text, "network": rng.choice(networks)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def extract(revision: str, into: Path) -> Path | None:
    """The ``src`` tree of ``revision``, or ``None`` when this is not a git checkout.

    The example workspace of ``revision`` is extracted beside it, under ``examples/soldeneu``.
    """
    done = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "src", "examples/soldeneu"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        print(f"baseline {revision} unavailable: {done.stderr.decode().strip()}", file=sys.stderr)
        return None
    with tarfile.open(fileobj=BytesIO(done.stdout)) as archive:
        archive.extractall(into, filter="data")
    return into / "src"


def run(
    argv: list[str], pythonpath: Path | None, output: Path, pycache: Path
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one ``govsm check``.

    CPU counts the process and its workers; the peak is that of the largest of them
    (``wait4`` reports the child's own and its reaped children's maximum). Bytecode is kept in
    ``pycache``, whatever ``PYTHONDONTWRITEBYTECODE`` says: an installed package has its
    bytecode, and every tree is run once untimed first (:func:`warm`).
    """
    env = os.environ.copy()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    plugins = {ep.name for ep in importlib.metadata.entry_points(group="govsm")}
    env["GOVSM_DISABLE_PLUGINS"] = ",".join(sorted(plugins))
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    command = [sys.executable, "-m", "govsm.cli.main", "check", *argv, "-o", str(output)]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    if process.returncode not in (0, 1):  # 1: findings at --fail-on; anything else: it failed
        where = f" (PYTHONPATH={pythonpath})" if pythonpath is not None else ""
        raise SystemExit(f"govsm check{where} exited {process.returncode}:\n{stderr.strip()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def warm(common: list[str], pythonpath: Path | None, tmp: Path) -> None:
    """Run a tree once on one post, untimed: its bytecode is written, its files are cached."""
    one = tmp / "warm.jsonl"
    one.write_text(json.dumps({"id": "w", "text": "Bon dia"}) + "\n", encoding="utf-8")
    run([*common, str(one)], pythonpath, tmp / "warm.json", tmp / "pycache")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, run the checks in rounds, print throughput, memory and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--baseline", default="4ce1f0f")
    parser.add_argument("--reference", default="HEAD")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    load_before = _load()
    #: each run: its name, round (0: outside the rounds), posts, wall, CPU and peak memory
    rows: list[tuple[str, int, int, float, float, float]] = []
    same = same_as_reference = True
    many_name = f"--jobs {args.jobs}"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = tmp / "corpus.jsonl"
        make_corpus(corpus, args.posts)
        baseline_src = extract(args.baseline, tmp / "baseline")
        workspace = EXAMPLE
        if baseline_src is not None:
            workspace = baseline_src.parent / EXAMPLE.relative_to(ROOT)
        common = ["-w", str(workspace), "--format", "json"]

        def timed(
            name: str, round_: int, posts: Path, count: int, extra: list[str], src: Path | None
        ) -> Path:
            output = tmp / f"{len(rows)}.json"
            wall, cpu, peak = run([*common, str(posts), *extra], src, output, tmp / "pycache")
            rows.append((name, round_, count, wall, cpu, peak))
            return output

        reference_src = extract(args.reference, tmp / "reference") if args.reference else None
        for tree in {baseline_src, reference_src, None}:
            warm(common, tree, tmp)
        reference = None
        if reference_src is not None:
            reference = timed(
                f"reference {args.reference}",
                0,
                corpus,
                args.posts,
                ["--jobs", "1"],
                reference_src,
            )
        for round_ in range(1, max(1, args.rounds) + 1):
            if baseline_src is not None:
                timed(f"baseline {args.baseline}", round_, corpus, args.posts, [], baseline_src)
            one = timed("--jobs 1", round_, corpus, args.posts, ["--jobs", "1"], None)
            jobs = ["--jobs", str(args.jobs)]
            many = timed(many_name, round_, corpus, args.posts, jobs, None)
            same = same and one.read_bytes() == many.read_bytes()
            if reference is not None:
                same_as_reference = same_as_reference and (
                    reference.read_bytes() == one.read_bytes()
                )
        if 0 < args.small < args.posts:
            small = tmp / "small.jsonl"
            with corpus.open(encoding="utf-8") as whole:
                small.write_text("".join(itertools.islice(whole, args.small)), encoding="utf-8")
            timed("--jobs 1", 0, small, args.small, ["--jobs", "1"], None)
            timed(many_name, 0, small, args.small, ["--jobs", str(args.jobs)], None)
    print(f"{args.posts} posts, workspace {EXAMPLE.name}, {os.cpu_count()} cores")
    print(f"load average before the runs: {load_before}")
    _table(rows, baseline=baseline_src is not None)
    print(f"load average after the runs: {_load()} (other processes slow every figure)")
    if baseline_src is not None:
        _summary(rows, args.rounds, many_name)
    print(f"\n--jobs 1 and {many_name} wrote the same JSON: {'yes' if same else 'NO'}")
    if reference is not None:
        verdict = "yes" if same_as_reference else "NO"
        print(f"--jobs 1 wrote the same JSON as {args.reference}: {verdict}")
    return 0 if same and same_as_reference else 1


def _baseline_rate(
    rows: list[tuple[str, int, int, float, float, float]], round_: int
) -> float | None:
    """Seconds per post of the baseline in ``round_`` (the first round's for runs outside)."""
    for name, where, count, wall, _, _ in rows:
        if name.startswith("baseline") and where == max(round_, 1):
            return wall / count
    return None


def _table(rows: list[tuple[str, int, int, float, float, float]], baseline: bool) -> None:
    """Every run, with its ratio to the baseline of its round."""
    header = (
        ("round", 6),
        ("posts", 6),
        ("wall s", 8),
        ("CPU s", 8),
        ("CPU µs/post", 12),
        ("posts/s", 9),
        ("peak MiB", 9),
        ("vs baseline", 12),
    )
    print(f"{'run':22}" + "".join(f" {title:>{width}}" for title, width in header))
    for name, round_, count, wall, cpu, peak in rows:
        anchor = _baseline_rate(rows, round_) if baseline else None
        ratio = f"{anchor / (wall / count):.2f}×" if anchor else "—"
        where = str(round_) if round_ else "—"
        print(
            f"{name:22} {where:>6} {count:6} {wall:8.2f} {cpu:8.2f} {cpu / count * 1e6:12.0f} "
            f"{count / wall:9.0f} {peak:9.1f} {ratio:>12}"
        )


def _summary(
    rows: list[tuple[str, int, int, float, float, float]], rounds: int, many_name: str
) -> None:
    """Each configuration's median wall time over the rounds, and the rounds' median ratio."""
    print(f"\nover {max(1, rounds)} rounds (median):")
    for config in ("baseline", "--jobs 1", many_name):
        walls = [r[3] for r in rows if r[1] and r[0].startswith(config)]
        ratios = [
            anchor / (r[3] / r[2])
            for r in rows
            if r[1] and r[0].startswith(config)
            for anchor in [_baseline_rate(rows, r[1])]
            if anchor is not None
        ]
        listed = ", ".join(f"{x:.2f}×" for x in ratios)
        print(
            f"  {config:12} wall {statistics.median(walls):6.2f} s "
            f"(from {min(walls):.2f} to {max(walls):.2f}); vs baseline "
            f"{statistics.median(ratios):.2f}× (rounds: {listed})"
        )


if __name__ == "__main__":
    raise SystemExit(main())
