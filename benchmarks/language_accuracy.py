"""Accuracy of govsm's language detector on short posts, beside lingua alone, in one run.

    python benchmarks/language_accuracy.py [--corpus tests/rules/data/language-samples.toml]

The corpus is the labelled posts of ``tests/rules/data/language-samples.toml`` (ca, es, gl, eu
and a few en, fr, pt and Aranese oc). Links, mentions and hashtags are removed first, as the
rule does. Three detectors answer every post:

- ``lingua (all)``: lingua with all its 75 languages — the anchor a naive integration gets;
- ``lingua (candidates)``: lingua restricted to the candidates of a Valencian council
  (es, ca, gl, eu, en, fr, pt — lingua knows all of them but Galician);
- ``govsm``: what the rule uses by default: govsm's marker words decide the posts they leave no
  doubt about, lingua (restricted to the candidates, low-accuracy mode) reads the rest, and the
  Galician markers may overturn its Spanish, Portuguese or Catalan;
- ``govsm (accurate)``: the same with lingua's high-accuracy mode (the rule's
  ``accurate = true``).

Accuracy is given per language and per length band (letters after cleaning). A last table shows
the rule's own operating point: the share of posts it judges (``min_letters`` 20,
``min_confidence`` 0.6) and how often a judged post is wrong — a wrong judgement is what would
become a false finding. Times are per post, models loaded, on this machine.
"""

from __future__ import annotations

import argparse
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from lingua import LanguageDetectorBuilder

from govsm.language.cleaning import letter_count, strip_entities
from govsm.language.detection import DEFAULT_CANDIDATES, detect_language

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "rules" / "data" / "language-samples.toml"
BANDS = ((1, 19), (20, 49), (50, 99), (100, 10_000))
MAIN = ("ca", "es", "gl", "eu")


def band_of(letters: int) -> str:
    for low, high in BANDS:
        if low <= letters <= high:
            return f"{low}-{high}" if high < 10_000 else f"{low}+"
    return "0"


def load(path: Path) -> list[tuple[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["samples"]
    return [(lang, strip_entities(text)) for lang, texts in data.items() for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    samples = load(args.corpus)

    everything = LanguageDetectorBuilder.from_all_languages().build()

    def lingua_all(text: str) -> str | None:
        found = everything.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    from lingua import IsoCode639_1

    restricted_codes = []
    for code in DEFAULT_CANDIDATES:
        try:
            restricted_codes.append(IsoCode639_1.from_str(code))
        except ValueError:
            continue  # Galician: lingua has no model
    restricted = LanguageDetectorBuilder.from_iso_codes_639_1(*restricted_codes).build()

    def lingua_candidates(text: str) -> str | None:
        found = restricted.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    def govsm(text: str) -> str | None:
        return detect_language(text, DEFAULT_CANDIDATES).language

    def govsm_accurate(text: str) -> str | None:
        return detect_language(text, DEFAULT_CANDIDATES, accurate=True).language

    detectors: dict[str, Callable[[str], str | None]] = {
        "lingua (all)": lingua_all,
        "lingua (candidates)": lingua_candidates,
        "govsm": govsm,
        "govsm (accurate)": govsm_accurate,
    }
    answers: dict[str, list[str | None]] = {}
    timings: dict[str, float] = {}
    for name, detector in detectors.items():
        detector(samples[0][1])  # load the models before timing
        start = time.perf_counter()
        answers[name] = [detector(text) for _, text in samples]
        timings[name] = (time.perf_counter() - start) / len(samples) * 1e6

    languages = sorted({lang for lang, _ in samples}, key=lambda x: (x not in MAIN, x))
    print(f"corpus: {args.corpus.name}, {len(samples)} posts")
    print()
    header = f"{'language':<10}{'posts':>6}" + "".join(f"{n:>20}" for n in detectors)
    print("accuracy per language")
    print(header)
    for lang in languages:
        idx = [i for i, (label, _) in enumerate(samples) if label == lang]
        row = f"{lang:<10}{len(idx):>6}"
        for name in detectors:
            right = sum(answers[name][i] == lang for i in idx)
            row += f"{right / len(idx):>19.0%} "
        print(row)
    main_idx = [i for i, (label, _) in enumerate(samples) if label in MAIN]
    row = f"{'ca+es+gl+eu':<10}{len(main_idx):>6}"
    for name in detectors:
        right = sum(answers[name][i] == samples[i][0] for i in main_idx)
        row += f"{right / len(main_idx):>19.0%} "
    print(row)

    print()
    print("accuracy per length band (letters after cleaning; ca, es, gl, eu posts)")
    print(f"{'band':<10}{'posts':>6}" + "".join(f"{n:>20}" for n in detectors))
    by_band: dict[str, list[int]] = defaultdict(list)
    for i in main_idx:
        by_band[band_of(letter_count(samples[i][1]))].append(i)
    for low, high in BANDS:
        key = f"{low}-{high}" if high < 10_000 else f"{low}+"
        idx = by_band.get(key, [])
        if not idx:
            continue
        row = f"{key:<10}{len(idx):>6}"
        for name in detectors:
            right = sum(answers[name][i] == samples[i][0] for i in idx)
            row += f"{right / len(idx):>19.0%} "
        print(row)

    print()
    print("what the Aranese (oc) posts come out as (no detector here knows Occitan)")
    for name in detectors:
        outs = [answers[name][i] for i, (label, _) in enumerate(samples) if label == "oc"]
        print(f"  {name:<22}{', '.join(str(o) for o in outs)}")

    for accurate in (False, True):
        print()
        name = "govsm (accurate)" if accurate else "govsm"
        print(f"the rule's operating point ({name}, min_letters 20, min_confidence 0.6)")
        print(f"{'language':<10}{'posts':>6}{'judged':>10}{'right':>10}{'wrong':>10}")
        for lang in languages:
            idx = [i for i, (label, _) in enumerate(samples) if label == lang]
            judged = right = 0
            for i in idx:
                found = detect_language(samples[i][1], DEFAULT_CANDIDATES, 20, accurate=accurate)
                if found.language is None or found.confidence < 0.6:
                    continue
                judged += 1
                right += found.language == lang
            print(f"{lang:<10}{len(idx):>6}{judged:>10}{right:>10}{judged - right:>10}")

    print()
    print("time per post (µs), same posts, models loaded")
    for name in detectors:
        print(f"  {name:<22}{timings[name]:>8.0f}")


if __name__ == "__main__":
    main()
