"""`govsm check` throughput on a 20,000-post corpus, beside govsm as it was before issue 16.

    python benchmarks/check_throughput.py [--posts 20000] [--baseline 4ce1f0f] [--jobs N]

The corpus is generated (seeded): posts in Spanish, Catalan, Galician and Basque for X,
Mastodon, Bluesky, Facebook and Instagram, with links, shortened links, mentions, hashtags,
emoji, phone numbers, capitals, and some over-long — checked with the example council's
workspace, as an organisation checks its own posts — the workspace as it was at ``--baseline``,
in all three runs, since the baseline cannot read keys added to ``govsm.toml`` after it (its
policy is the one of today's example). Three runs, each in a fresh process:

- ``baseline``: the source tree of ``--baseline`` (default ``4ce1f0f``, the last commit before
  issue 16's work), extracted with ``git archive`` and run from it — the anchor;
- ``--jobs 1``: this tree, one process;
- ``--jobs N``: this tree, one process per core (the default of ``govsm check``).

For each, posts per second (wall) and CPU seconds (the process and its workers); then each
ratio to the baseline. The goal (issue 16): the default at least 5× the baseline on this
2-core machine. The two runs of this tree must write the same JSON, which is checked.
Third-party plugins (the ``govsm`` entry points) are disabled in every run, so the three compare
govsm's own rules.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import random
import resource
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


def run(argv: list[str], pythonpath: Path | None, output: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the process and its children) of one ``govsm check``."""
    env = os.environ.copy()
    plugins = {ep.name for ep in importlib.metadata.entry_points(group="govsm")}
    env["GOVSM_DISABLE_PLUGINS"] = ",".join(sorted(plugins))
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "govsm.cli.main", "check", *argv, "-o", str(output)]
    done = subprocess.run(command, env=env, check=False, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: findings at --fail-on; anything else: it did not run
        where = f" (PYTHONPATH={pythonpath})" if pythonpath is not None else ""
        raise SystemExit(f"govsm check{where} exited {done.returncode}:\n{done.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, run the three checks, print throughput and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--baseline", default="4ce1f0f")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = tmp / "corpus.jsonl"
        make_corpus(corpus, args.posts)
        rows: list[tuple[str, float, float]] = []
        baseline_src = extract(args.baseline, tmp / "baseline")
        workspace = EXAMPLE
        if baseline_src is not None:
            workspace = baseline_src.parent / EXAMPLE.relative_to(ROOT)
        common = ["-w", str(workspace), str(corpus), "--format", "json"]
        if baseline_src is not None:
            wall, cpu = run(common, baseline_src, tmp / "baseline.json")
            rows.append((f"baseline {args.baseline}", wall, cpu))
        wall, cpu = run([*common, "--jobs", "1"], None, tmp / "one.json")
        rows.append(("--jobs 1", wall, cpu))
        wall, cpu = run([*common, "--jobs", str(args.jobs)], None, tmp / "many.json")
        rows.append((f"--jobs {args.jobs}", wall, cpu))
        same = (tmp / "one.json").read_bytes() == (tmp / "many.json").read_bytes()
    print(f"{args.posts} posts, workspace {EXAMPLE.name}, {os.cpu_count()} cores")
    header = ("wall s", 8), ("CPU s", 8), ("CPU µs/post", 12), ("posts/s", 9), ("vs baseline", 12)
    print(f"{'run':22}" + "".join(f" {title:>{width}}" for title, width in header))
    anchor = rows[0][1] if baseline_src is not None else None
    for name, wall, cpu in rows:
        ratio = f"{anchor / wall:.2f}×" if anchor else "—"
        per_post = cpu / args.posts * 1e6
        rate = args.posts / wall
        print(f"{name:22} {wall:8.2f} {cpu:8.2f} {per_post:12.0f} {rate:9.0f} {ratio:>12}")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average after the runs: {load} (other processes slow every figure)")
    print(f"\n--jobs 1 and --jobs {args.jobs} wrote the same JSON: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
