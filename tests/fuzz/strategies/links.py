"""Symbolic links that lead out of the workspace: to the bait folder outside it, to a file
there, to nothing, to themselves — made where archive patterns, media and credentials look."""

from __future__ import annotations

from attrs import frozen
from hypothesis import strategies as st


@frozen
class Link:
    """A symbolic link made in the workspace before a run.

    :param name: where, relative to the workspace (``history/zz-out.jsonl``, ``drafts/x``).
    :param target: what it points at, relative to the folder outside the workspace (``""``:
        that folder itself); with ``loop``, the link points at itself.
    :param absolute: whether the link holds an absolute path (else a relative one with ``..``).
    :param loop: whether the link points at itself.
    """

    name: str
    target: str = ""
    absolute: bool = False
    loop: bool = False


#: what the folder outside the workspace holds (see ``harness.Sandbox``)
OUTSIDE_TARGETS: tuple[str, ...] = (
    "secret.jsonl",
    "secret.md",
    "journal.jsonl",
    "secret.txt",
    "secret.png",
    "folder",
    "folder/secret.jsonl",
    "",
    "missing.jsonl",
)
#: names in the workspace that archive patterns, media locations and credentials reach
LINK_NAMES: tuple[str, ...] = (
    "history/zz-out.jsonl",
    "history/zz-out.ndjson",
    "drafts/zz-out.md",
    "governance/zz-out.jsonl",
    "media/out.png",
    "secrets/token",
    "history/folder-out",
    "drafts/folder-out",
)


def links_out() -> st.SearchStrategy[Link]:
    """A link from a name the workspace's patterns match to a file or folder outside, or a loop."""
    outward = st.builds(
        Link,
        name=st.sampled_from(LINK_NAMES),
        target=st.sampled_from(OUTSIDE_TARGETS),
        absolute=st.booleans(),
    )
    looping = st.sampled_from(LINK_NAMES).map(lambda name: Link(name, loop=True))
    return outward | looping
