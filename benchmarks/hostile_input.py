"""Checking hostile posts: time per size, beside an anchor that reads the text once.

    python benchmarks/hostile_input.py

Each post is checked for X with every built-in rule (the rule engine, in process). The anchor is
a linear pass any checker pays: a regular expression listing the post's words. The ratio shows
whether govsm's cost grows like the text (a flat ratio) or faster (a growing one).
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker

CASES = {
    "'#' + 'a' * N (one long hashtag)": lambda n: "#" + "a" * n,
    "'a.' * N (a long dotted run)": lambda n: "a." * (n // 2),
    "prose with links, tags, mentions": lambda n: (
        "Hola món, visiteu soldeneu.es #FestesSoldeneu @ajuntament. " * (n // 60 + 1)
    )[:n],
    "'\\u202e' * N (direction overrides)": lambda n: "\u202e" * n,
}
SIZES = (2_000, 8_000, 32_000, 1_000_000)


def _message(text: str) -> Message:
    return Message(
        organisation="o",
        id="m",
        profile="p",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
    )


def main() -> None:
    host = PluginHost(entry_points=False)
    channels = host.channels()
    checker = Checker(host.rules(), channels)
    checker.check(_message("Hola"), channels["x"])  # compile patterns, load word lists
    words = re.compile(r"\w+")
    print(f"{'case':36} {'size':>9} {'govsm s':>8} {'anchor s':>9} {'ratio':>8}")
    for name, make in CASES.items():
        for size in SIZES:
            text = make(size)
            start = time.perf_counter()
            checker.check(_message(text), channels["x"])
            spent = time.perf_counter() - start
            start = time.perf_counter()
            words.findall(text)
            anchor = max(time.perf_counter() - start, 1e-6)
            print(f"{name:36} {len(text):9} {spent:8.3f} {anchor:9.4f} {spent / anchor:8.0f}")


if __name__ == "__main__":
    main()
