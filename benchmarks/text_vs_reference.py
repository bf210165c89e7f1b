"""govsm.text.measure beside the reference implementations, in one run.

    python benchmarks/text_vs_reference.py [--posts 5000] [--rounds 7]

The anchors are the networks' own libraries measuring the same posts in-process on Node:
twitter-text 3.1.0 (parseTweet + extractEntitiesWithIndices) for X, and @atproto/api
(RichText: grapheme length, byte length, detectFacetsWithoutResolution) for Bluesky. govsm's
figure is the full ``measure()`` (length, limit, entities with three kinds of offsets). Needs
``npm ci --prefix tests/text/reference`` (``nox -s tests`` does it).

Each side measures every post once to warm up (caches, lazy imports, Node's compiler), then
``--rounds`` times, and the fastest round counts: the machine's other work slows some rounds
down, and the fastest is the one it disturbed least, on either side alike. The ratio is govsm's
rate over the reference's (above 1, govsm is the faster).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

WORDS = [
    "Obert",
    "el",
    "termini",
    "d'inscripció",
    "a",
    "les",
    "escoles",
    "esportives",
    "municipals",
    "Corte",
    "de",
    "tráfico",
    "en",
    "la",
    "calle",
    "Mayor",
    "mañana",
    "por",
    "obras",
    "Nou",
    "horari",
    "de",
    "la",
    "Biblioteca",
    "dilluns",
    "dissabte",
    "plaça",
    "Fires",
    "concert",
    "gratuït",
    "piscina",
    "cubierta",
    "alcaldesa",
    "Ple",
    "municipal",
    "pressupostos",
    "participatius",
]
EXTRAS = [
    "https://seu.soldeneu.es/tramits",
    "www.soldeneu.es/agenda",
    "#FiresSoldeneu2026",
    "#EsportSoldeneu",
    "@AjSoldeneu",
    "📚",
    "🧑\u200d🏫",
    "🎉🎉",
    "🏴\U000e0065\U000e0073\U000e0063\U000e0074\U000e007f",
    "¡Atención!",
    "l·l",
    "ç",
    "ñ",
    "@biblio.bsky.social",
]


def posts(count: int) -> list[str]:
    rng = random.Random(2026)
    out = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randint(8, 40))
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(EXTRAS))
        out.append(" ".join(words))
    return out


def rate(fn: object, texts: list[str], rounds: int) -> float:
    """Posts per second in the fastest of ``rounds`` rounds over ``texts``, after a warm-up."""
    for text in texts:  # warm-up (caches, lazy imports)
        fn(text)  # type: ignore[operator]
    fastest = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            fn(text)  # type: ignore[operator]
        fastest = min(fastest, time.perf_counter() - start)
    return len(texts) / fastest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    node = shutil.which("node")
    if node is None or not (HERE.parent / "tests/text/reference/node_modules").is_dir():
        sys.exit("needs Node.js and 'npm ci --prefix tests/text/reference'")
    from govsm.plugins import PluginHost
    from govsm.text import measure

    channels = PluginHost(entry_points=False).channels()
    texts = posts(args.posts)
    ours = {
        "x": rate(lambda t: measure(t, channels["x"]), texts, args.rounds),
        "bluesky": rate(lambda t: measure(t, channels["bluesky"]), texts, args.rounds),
    }
    done = subprocess.run(
        [node, str(HERE / "text_reference.js")],
        input=json.dumps({"texts": texts, "rounds": args.rounds}),
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(done.stdout)
    print(f"{args.posts} generated council posts, fastest of {args.rounds} rounds each, one run")
    print(
        f"{'network':8} {'govsm µs/post':>13} {'reference µs/post':>17} "
        f"{'ratio govsm/reference':>21}  reference"
    )
    names = {"x": "twitter-text 3.1.0 (Node)", "bluesky": "@atproto/api RichText (Node)"}
    for network in ("x", "bluesky"):
        print(
            f"{network:8} {1e6 / ours[network]:>13.1f} {1e6 / theirs[network]:>17.1f} "
            f"{ours[network] / theirs[network]:>21.2f}  {names[network]}"
        )


if __name__ == "__main__":
    main()
