"""The [[sources]] table: read, checked, and refused with the key that is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govsm.plugins import PluginHost
from govsm.workspace import WorkspaceError, load_config
from govsm.workspace.sources_config import DEFAULT_MAX_BYTES, FeedSource

MakeWorkspace = Callable[[str], Path]


def problems(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(WorkspaceError) as caught:
        load_config(path, PluginHost(entry_points=False).channels())
    return [(d.path, d.en, d.es) for d in caught.value.details]


class TestValid:
    def test_a_source_is_read_with_its_defaults(self, make_workspace: MakeWorkspace) -> None:
        """id, url and what it feeds are enough; the rest has defaults."""
        path = make_workspace(
            '[[sources]]\nid = "agenda"\nurl = "file:sources/agenda.xml"\nunit = "cultura"\n\n'
            '[[sources]]\nid = "premsa"\nurl = "https://www.proves.example/feed/"\n'
            'profiles = ["x-ajuntament"]\nmax_items = 5\nlanguage = "es"\n'
        )
        config = load_config(path, PluginHost(entry_points=False).channels())
        agenda, premsa = config.sources
        assert (agenda.unit, agenda.max_items, agenda.max_bytes) == (
            "cultura",
            20,
            DEFAULT_MAX_BYTES,
        )
        assert agenda.is_file and not premsa.is_file
        assert (premsa.profiles, premsa.max_items, premsa.language) == (("x-ajuntament",), 5, "es")

    def test_the_query_is_never_shown(self) -> None:
        """A private feed's token (in the query) is not in the repr or the shown URL."""
        source = FeedSource(
            id="intranet", url="https://intranet.proves.example/f?key=TOPSECRET", unit="cultura"
        )
        assert "TOPSECRET" not in repr(source) + source.shown_url


class TestRefused:
    @pytest.mark.parametrize(
        ("table", "path", "message"),
        [
            ('id = "a"\nurl = "ftp://x.example/f"\nunit = "cultura"', "sources[2].url",
             "'ftp://x.example/f' is neither an absolute http(s) URL nor a 'file:' path"),
            ('id = "a"\nurl = "https://u:pw@x.example/f"\nunit = "cultura"', "sources[2].url",
             "the URL carries a user or password (not shown): remove them"),
            ('id = "a"\nurl = "file:///etc/passwd"\nunit = "cultura"', "sources[2].url",
             "write 'file:' and a path relative to the workspace"),
            ('id = "a"\nurl = "https://x.example/f"', "sources[2].profiles",
             "say which profiles it feeds (profiles = [...]) or which unit's (unit)"),
            ('id = "a"\nurl = "https://x.example/f"\nunit = "cultura"\nmax_items = 0',
             "sources[2].max_items", "'max_items' must be a whole number of entries from 1 to 500"),
            ('id = "a"\nurl = "https://x.example/f"\nunit = "cultura"\ntimeout_seconds = 1000',
             "sources[2].timeout_seconds", "'timeout_seconds' must be a number of seconds"),
            ('id = "a"\nurl = "https://x.example/f"\nunit = "cultura"\nlanguage = "valencià"',
             "sources[2].language", "is not a valid BCP 47 language tag"),
            ('id = "a"\nurl = "https://x.example/f"\nunit = "cultura"\nprofile = ["x-cultura"]',
             "sources[2].profile", "unknown key 'profile'. Did you mean 'profiles'?"),
            ('id = "a"\nurl = "https://x.example/f"\nprofiles = ["x-cultura", "x-cultura"]',
             "sources[2].profiles", "repeated profiles: x-cultura"),
            ('id = "a"\nurl = "https://x.example/f"\nprofiles = ["x-nowhere"]',
             "sources[2].profiles[0]", "profile 'x-nowhere' does not exist"),
            ('id = "a"\nurl = "https://x.example/f"\nunit = "deports"', "sources[2].unit",
             "unit 'deports' does not exist"),
            ('id = "a"\nurl = "file:../../etc/passwd"\nunit = "cultura"', "sources[2].url",
             "'file:../../etc/passwd' leaves the workspace"),
            ('id = "agenda"\nurl = "https://x.example/f"\nunit = "cultura"', "sources[2].id",
             "source 'agenda' is already declared"),
        ],
    )  # fmt: skip
    def test_each_problem_names_its_key(
        self, make_workspace: MakeWorkspace, table: str, path: str, message: str
    ) -> None:
        """The third source is wrong: the error names sources[2] and the key, in both languages."""
        good = '[[sources]]\nid = "agenda"\nurl = "file:a.xml"\nunit = "cultura"\n\n'
        good += '[[sources]]\nid = "premsa"\nurl = "https://x.example/p"\nunit = "cultura"\n\n'
        found = problems(make_workspace(good + "[[sources]]\n" + table + "\n"))
        assert [(p, en) for p, en, _ in found if message in en] == [(path, found[0][1])]
        assert all(es and es != en for _, en, es in found)

    def test_not_an_array_of_tables(self, make_workspace: MakeWorkspace) -> None:
        """sources = "x" is named."""
        path = make_workspace("")
        manual = path / "govsm.toml"
        manual.write_text('sources = "agenda"\n' + manual.read_text(encoding="utf-8"))
        (found,) = problems(path)
        assert found[:2] == ("sources", "must be an array of tables ([[sources]]), not str")
