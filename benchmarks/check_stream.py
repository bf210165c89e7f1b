"""`govsm check` on large JSON Lines inputs: throughput and peak memory, beside an anchor.

    python benchmarks/check_stream.py --sizes 10 100 1024      (sizes in MB)

The anchor is the floor any checker pays: Python reading the same file and parsing each line
with ``json.loads``. govsm's peak RSS should not grow with the input (it streams); its
throughput is reported as records per second and as a ratio to the anchor.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TEXTS = [
    "Obert el termini d'inscripció a les escoles esportives municipals fins al 30 de setembre. "
    "Més informació a https://seu.soldeneu.example/esports #EsportSoldeneu",
    "Corte de tráfico en la calle Mayor mañana de 8:00 a 14:00 por obras de pavimentación. "
    "Disculpen las molestias.",
    "📚 Nou horari de la Biblioteca Municipal a partir del dilluns: de 9 a 21 h de dilluns a "
    "divendres i dissabtes de 10 a 14 h.",
    "¡¡ATENCIÓN!! Mañana se inaugura la nueva piscina cubierta con la alcaldesa. http://bit.ly/x1",
]


def make_input(path: Path, megabytes: int) -> int:
    rng = random.Random(2026)
    target = megabytes * 1024 * 1024
    written = records = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            record = {
                "id": f"m-{records}",
                "text": rng.choice(TEXTS),
                "network": rng.choice(["x", "mastodon", "bluesky", "facebook"]),
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            records += 1
    return records


def timed(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS (KiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 20])
    args = parser.parse_args()
    govsm = str(BIN / "govsm")
    print(
        f"{'input':>8} {'records':>9} {'anchor s':>9} {'govsm s':>9} {'ratio':>6} "
        f"{'rec/s':>8} {'peak RSS MiB':>13}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(args.sizes):
            path = Path(tmp) / f"posts-{size}.jsonl"
            records = make_input(path, size)
            anchor_code = (
                "import json,sys\nfor line in open(sys.argv[1], encoding='utf-8'): json.loads(line)"
            )
            anchor, _ = timed([sys.executable, "-c", anchor_code, str(path)])
            # each size in its own process so peak RSS is that run's alone
            code = (
                "import resource,subprocess,sys\n"
                "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
                " stderr=subprocess.DEVNULL)\n"
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
            )
            start = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    code,
                    govsm,
                    "check",
                    str(path),
                    "--format",
                    "json",
                    "-o",
                    os.devnull,
                ],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "GOVSM_DISABLE_PLUGINS": "test-plugin,example"},
            )
            elapsed = time.perf_counter() - start
            peak = int(done.stdout.strip()) / 1024
            print(
                f"{size:>6}MB {records:>9} {anchor:>9.2f} {elapsed:>9.2f} "
                f"{elapsed / anchor:>6.1f} {records / elapsed:>8.0f} {peak:>13.1f}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
