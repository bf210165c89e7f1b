"""Hostile ``govsm.toml`` documents: the example council's manual with values changed, keys
removed or added, archive patterns and credentials that leave the workspace, its bytes broken,
text appended, and links made where its patterns look (:func:`workspace_cases`)."""

from __future__ import annotations

import copy
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

from tests.fuzz.strategies.edge_values import depths, nested_toml, short
from tests.fuzz.strategies.hostile_text import INVALID_UTF8, hostile_characters, mixed_text
from tests.fuzz.strategies.links import Link, links_out
from tests.fuzz.strategies.toml_text import toml_lines, toml_values, typed_like

#: archive patterns that try to leave the workspace; ``{outside}`` stands for the absolute
#: path of the folder outside it
ESCAPING_PATTERNS: tuple[str, ...] = (
    "../outside/*.jsonl",
    "../../*",
    "history/../../outside/*.jsonl",
    "/etc/*.conf",
    "{outside}/*.jsonl",
    "{outside}/*",
    "//server/share/*.jsonl",
)
#: patterns that stay inside but are odd: recursive, broken brackets, bidi, backslashes
ODD_PATTERNS: tuple[str, ...] = (
    "**/*.jsonl",
    "**",
    "*",
    "history/**",
    "history/[",
    "history/[!",
    "history/\u202e*.jsonl",
    "history\\*.jsonl",
    "C:\\outside\\*.jsonl",
    "~/*.jsonl",
    "history//*.jsonl",
    "history/",
    "./history/*.jsonl",
)


def archive_patterns() -> st.SearchStrategy[list[str]]:
    """A list of archive patterns, some leaving the workspace."""
    pattern = st.one_of(
        st.sampled_from(ESCAPING_PATTERNS + ODD_PATTERNS),
        mixed_text(nul=False, max_pieces=3),
    )
    return st.lists(
        pattern | st.sampled_from(["", ".", "./", "history/.."]), min_size=1, max_size=3
    )


KeyPath = tuple[str | int, ...]


def key_paths(data: Any) -> list[KeyPath]:
    """Every key path in ``data`` (into tables and lists), in document order."""
    found: list[KeyPath] = []
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if path:
            found.append(path)
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
    return found


def value_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in ``data``."""
    for part in path:
        data = data[part]
    return data


@frozen
class SetValue:
    """Replace the value at ``path``."""

    path: KeyPath
    value: Any

    def __repr__(self) -> str:
        return f"SetValue({self.path!r}, {short(self.value)})"

    def apply(self, data: dict[str, Any]) -> None:
        """Change ``data`` in place."""
        value_at(data, self.path[:-1])[self.path[-1]] = self.value


@frozen
class DeleteKey:
    """Remove the key (or list item) at ``path``."""

    path: KeyPath

    def apply(self, data: dict[str, Any]) -> None:
        """Change ``data`` in place."""
        del value_at(data, self.path[:-1])[self.path[-1]]


@frozen
class AddKey:
    """Add ``key`` to the table at ``path``."""

    path: KeyPath
    key: str
    value: Any

    def __repr__(self) -> str:
        return f"AddKey({self.path!r}, {self.key!r}, {short(self.value)})"

    def apply(self, data: dict[str, Any]) -> None:
        """Change ``data`` in place."""
        table = value_at(data, self.path)
        if isinstance(table, dict):
            table[self.key] = self.value


Edit = SetValue | DeleteKey | AddKey


@frozen
class ByteEdit:
    """A change to a file's bytes: insert ``data`` at a fraction of its length, or ``cut`` it
    there."""

    where: float
    data: bytes = b""
    cut: bool = False

    def apply(self, raw: bytes) -> bytes:
        """The changed bytes."""
        at = int(len(raw) * self.where)
        return raw[:at] if self.cut else raw[:at] + self.data + raw[at:]


@frozen
class WorkspaceCase:
    """A hostile ``govsm.toml`` (and links) for the example council, and how to run it.

    :param edits: changes to the example's data, in order (one that no longer applies, because
        an earlier one removed its place, is left out).
    :param byte_edits: changes to the written file's bytes, in order.
    :param append: TOML text added at the end: a table defined twice, a deep value.
    :param links: symbolic links to make in the workspace.
    :param via: ``open`` (:meth:`govsm.Workspace.open`), ``doctor`` or ``audit`` (the CLI).
    """

    edits: tuple[Edit, ...]
    byte_edits: tuple[ByteEdit, ...] = ()
    append: str = ""
    links: tuple[Link, ...] = ()
    via: str = "open"

    def __repr__(self) -> str:
        return (
            f"WorkspaceCase({self.edits!r}, {self.byte_edits!r}, {short(self.append)}, "
            f"{self.links!r}, {self.via!r})"
        )

    def render(self, base: dict[str, Any], outside: str) -> bytes:
        """The ``govsm.toml`` bytes: ``base`` edited and written, then its bytes changed."""
        data = copy.deepcopy(base)
        for edit in self.edits:
            try:
                edit.apply(data)
            except (KeyError, IndexError, TypeError):
                continue
        raw = (toml_lines(data) + self.append).replace("{outside}", outside).encode("utf-8")
        for byte_edit in self.byte_edits:
            raw = byte_edit.apply(raw)
        return raw


#: tables never changed or added: ``[store] url`` chooses where govsm writes (any path, a
#: server) and ``[paths] allow`` which folders outside the workspace it reads, both by design
FROZEN_KEYS = frozenset({"store", "paths"})


def workspace_cases(base: dict[str, Any]) -> st.SearchStrategy[WorkspaceCase]:
    """Hostile versions of the ``govsm.toml`` whose data is ``base``.

    Each case changes a few key paths — a value of another type, or of the same type but hostile;
    an unknown key; a key removed; archive patterns leaving the workspace — and sometimes the
    file's bytes (invalid UTF-8, NUL, a BOM, a cut), a value nested deep or a table defined
    twice at its end, and links leading out of the workspace. The table a path is drawn from is
    drawn first, so the small tables are changed as often as the large ones.
    """
    paths = [p for p in key_paths(base) if p[0] not in FROZEN_KEYS]
    by_table: dict[str, list[KeyPath]] = {}
    for path in paths:
        by_table.setdefault(str(path[0]), []).append(path)
    some_path = st.sampled_from(sorted(by_table)).flatmap(lambda t: st.sampled_from(by_table[t]))
    tables = [()] + [p for p in paths if isinstance(value_at(base, p), dict)]

    def typed(path: KeyPath) -> st.SearchStrategy[Edit]:
        return st.builds(SetValue, st.just(path), typed_like(value_at(base, path)))

    def retyped(path: KeyPath) -> st.SearchStrategy[Edit]:
        return st.builds(SetValue, st.just(path), toml_values())

    credentials = [p for p in paths if p[-1] == "credential"]
    # mostly values of the right type, which pass the parser and reach the audit's steps
    edit = weighted(
        (6, some_path.flatmap(typed)),
        (1, some_path.flatmap(retyped)),
        (1, st.builds(DeleteKey, some_path)),
        (
            1,
            st.builds(
                AddKey,
                st.sampled_from(tables),
                st.sampled_from(["zz-unknown", "id\u200b", "Id", "\u202eid", "ıd"])
                | mixed_text(nul=False, max_pieces=3).filter(lambda key: key not in FROZEN_KEYS),
                toml_values(),
            ),
        ),
        (
            1,
            st.builds(
                SetValue,
                st.sampled_from([("archives", k) for k in ("messages", "drafts", "governance")]),
                archive_patterns(),
            ),
        ),
        (
            1,
            st.builds(
                SetValue,
                st.sampled_from(credentials),
                st.sampled_from(CREDENTIALS_OUTSIDE),
            ),
        ),
    )
    insert = st.one_of(
        st.sampled_from(INVALID_UTF8),
        st.sampled_from([b"\x00", b"\xef\xbb\xbf"]),
        hostile_characters().map(lambda char: char.encode("utf-8")),
    )
    byte_edit = st.builds(ByteEdit, st.floats(min_value=0, max_value=1), insert) | st.builds(
        ByteEdit, st.floats(min_value=0, max_value=1), st.just(b""), st.just(True)
    )
    append = weighted(
        (7, st.just("")),
        (1, depths().map(lambda depth: f"zz-deep = {nested_toml(depth)}\n")),
        (
            1,
            st.sampled_from(
                [
                    '[organisation]\nid = "again"\n',
                    '[[units]]\nid = "comunicacio"\nname = "Twice"\n',
                    'organisation.id = "dotted"\n',
                ]
            ),
        ),
    )
    return st.builds(
        WorkspaceCase,
        edits=st.lists(edit, min_size=1, max_size=3).map(tuple),
        byte_edits=weighted((7, st.just(())), (1, byte_edit.map(lambda edit: (edit,)))),
        append=append,
        links=st.lists(links_out(), max_size=2).map(tuple),
        via=st.sampled_from(["open", "open", "doctor", "audit"]),
    )


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of ``choices``, each drawn in proportion to its weight."""
    table = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(min_value=0, max_value=len(table) - 1).flatmap(lambda n: table[n])


#: ``file:`` credentials that lead out of the workspace, or through a link made there
CREDENTIALS_OUTSIDE: tuple[str, ...] = (
    "file:../outside/secret.txt",
    "file:{outside}/secret.txt",
    "file:secrets/token",
    "file:/etc/passwd",
    "file:/dev/zero",
    "file:.",
    "file:",
)
