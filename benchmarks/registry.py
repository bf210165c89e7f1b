"""`govsm registry verify` lookups per second on 10 000 synthetic profiles, beside an anchor.

    .venv/bin/python benchmarks/registry.py [--profiles 10000] [--lookups 200000]

The anchor is the cost floor: a plain ``dict`` look-up of keys already normalised. govsm pays
for normalising each spelling (parsing a URL or a handle) and building the answer; the ratio
says how many times slower than the floor it is. Building the index is timed separately.
"""

from __future__ import annotations

import argparse
import random
import time

from govsm.ledger.handles import normalise
from govsm.model import LifecycleState, Profile
from govsm.registry import Registry

NETWORKS = ("x", "facebook", "instagram", "mastodon", "bluesky", "youtube")


def make_profiles(count: int) -> list[Profile]:
    """``count`` profiles spread over six networks, a tenth of them archived."""
    profiles = []
    for i in range(count):
        network = NETWORKS[i % len(NETWORKS)]
        name = f"Org{i:05d}"
        handle, url = {
            "x": (f"@{name}", f"https://x.com/{name}"),
            "facebook": (name, f"https://www.facebook.com/{name}"),
            "instagram": (f"@{name.lower()}", f"https://www.instagram.com/{name.lower()}/"),
            "mastodon": (f"@{name}@social.example", f"https://social.example/@{name}"),
            "bluesky": (f"{name.lower()}.bsky.social", None),
            "youtube": (f"@{name}", f"https://www.youtube.com/@{name}"),
        }[network]
        state = LifecycleState.ARCHIVED if i % 10 == 9 else LifecycleState.ACTIVE
        profiles.append(
            Profile(
                organisation="org",
                id=f"p{i:05d}",
                channel=network,
                handle=handle,
                unit="u",
                url=url,
                state=state,
            )
        )
    return profiles


def spellings(profiles: list[Profile], count: int) -> list[str]:
    """Realistic inputs: URLs with mobile hosts, queries and trailing slashes; handles; misses."""
    rng = random.Random(2026)
    out = []
    for _ in range(count):
        p = rng.choice(profiles)
        roll = rng.random()
        if roll < 0.1:
            out.append(f"https://x.com/Nobody{rng.randrange(10**6)}")
        elif p.url and roll < 0.6:
            out.append(p.url.replace("https://www.", "https://m.").upper() + "/?utm_source=a#b")
        else:
            out.append(p.handle)
    return out


def main() -> None:
    """Time the index build, the verify look-ups and the anchor, and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=200_000)
    args = parser.parse_args()

    profiles = make_profiles(args.profiles)
    started = time.perf_counter()
    registry = Registry.build("org", "Org", profiles)
    build = time.perf_counter() - started
    inputs = spellings(profiles, args.lookups)

    verified = 0
    started = time.perf_counter()
    for text in inputs:
        verified += registry.verify(text).verified
    govsm = time.perf_counter() - started

    started = time.perf_counter()
    for text in inputs:
        normalise(text)
    parsing = time.perf_counter() - started

    # the anchor: the same look-ups with keys normalised beforehand, in a plain dict
    table = dict(registry.index)
    keys = [normalise(text) for text in inputs]
    first = [k[0] if k else "" for k in keys]
    hits = 0
    started = time.perf_counter()
    for key in first:
        hits += key in table
    anchor = time.perf_counter() - started

    n = len(inputs)
    print(f"profiles: {args.profiles}, index keys: {len(registry.index)}, build: {build:.3f} s")
    print(f"govsm verify: {n / govsm:,.0f} lookups/s ({verified} verified of {n})")
    print(f"  of which normalising the spelling: {n / parsing:,.0f} per second alone")
    print(f"anchor (dict of pre-normalised keys): {n / anchor:,.0f} lookups/s ({hits} hits)")
    print(f"ratio govsm/anchor time: {govsm / anchor:.1f}x")


if __name__ == "__main__":
    main()
