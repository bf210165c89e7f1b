"""Where ``govsm.text.measure`` spends its time: cProfile over a generated corpus.

    python benchmarks/text_profile.py [--posts 20000] [--channel x] [--top 15]

The corpus is the one :mod:`text_vs_reference` times (council posts in Catalan and Spanish with
links, hashtags, mentions and emoji), so the entries here explain the figures there. It prints
the processor time per post without the profiler first (processor time, which other work on the
machine disturbs less than the clock; cProfile slows small functions down more than big ones),
then the functions that cost the most by their own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_vs_reference import posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--channel", default="x")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    from govsm.plugins import PluginHost
    from govsm.text import measure

    channel = PluginHost(entry_points=False).channels()[args.channel]
    texts = posts(args.posts)
    for text in texts:  # warm-up: patterns compiled, caches of the first texts discarded
        measure(text, channel)
    start = time.process_time()
    for text in texts:
        measure(text, channel)
    elapsed = time.process_time() - start
    per_post = elapsed / len(texts) * 1e6
    print(f"{args.posts} posts, channel {args.channel}: {per_post:.1f} µs of processor per post")
    profile = cProfile.Profile()
    profile.enable()
    for text in texts:
        measure(text, channel)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
