"""The tests every plugin that pastes the weekly digest into a network passes.

govsm-novagob and govsm-inap-social declare the same two exporters, read the same settings and
must keep the same promises; each plugin's test module runs this suite on itself:
``globals().update(paste_plugin_suite(plugin, "novagob"))``.
"""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from govsm.builtin.exporters.paste_settings import PasteSettings
from govsm.errors import ConfigError
from govsm.model import (
    Direction,
    LifecycleState,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationKind,
    Profile,
    Unit,
)
from govsm.plugins import PluginHost
from govsm.spec import ExportItem, ExportSource, MessageQuery, Selection, message_moment
from tests.cli.running import invoke
from tests.exporting.html_reading import Page
from tests.paths import EXAMPLE

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
ORG = "ajuntament-soldeneu"
#: the elements a network's rich-text editor keeps
KEPT = {"h2", "h3", "p", "ul", "li", "a", "br"}
PREFIX = "novagob"


def message(ident: str, text: str, hours: float, **extra: object) -> Message:
    when = NOW + timedelta(hours=hours)
    fields: dict[str, object] = {
        "direction": Direction.OUTBOUND,
        "kind": MessageKind.POST,
        "state": MessageState.PUBLISHED,
        "published_at": when,
    }
    fields.update(extra)
    return Message(
        organisation=ORG, id=ident, profile="x-ajuntament", text=text, created_at=when, **fields
    )


MESSAGES = [
    message(
        "x-1", "La piscina obri <b>dissabte</b> & diumenge", -5, url="https://x.com/a/status/1"
    ),
    message(
        "in-1",
        "El meu telèfon és 600 000 000",
        -30,
        direction=Direction.INBOUND,
        kind=MessageKind.MENTION,
        state=MessageState.NEW,
        published_at=None,
        author="@veina",
    ),
    message(
        "p-1",
        "Campanya d'estiu",
        -40,
        state=MessageState.SCHEDULED,
        published_at=None,
        scheduled_at=NOW + timedelta(days=2),
        campaign="estiu",
    ),
]


def source(
    selection: Selection | None = None, languages: tuple[str, ...] = ("ca-valencia", "es")
) -> ExportSource:
    def select(query: MessageQuery) -> list[Message]:
        chosen = sorted(
            (m for m in MESSAGES if query.admits(m)),
            key=lambda m: (message_moment(m), m.id),
            reverse=True,
        )[: query.limit]
        return chosen if query.newest_first else chosen[::-1]

    return ExportSource(
        organisation=Organisation(
            id=ORG,
            name="Ajuntament de Soldeneu",
            kind=OrganisationKind.AYUNTAMIENTO,
            languages=languages,
            timezone="Europe/Madrid",
        ),
        generated_at=NOW,
        read=lambda query: iter([ExportItem(m, m.url) for m in select(query)]),
        count=lambda query: len(select(query)),
        units=(Unit(organisation=ORG, id="comunicacio", name="Comunicació"),),
        profiles=(
            Profile(
                organisation=ORG,
                id="x-ajuntament",
                channel="x",
                handle="@AjSoldeneu",
                unit="comunicacio",
            ),
            Profile(
                organisation=ORG,
                id="x-tancat",
                channel="x",
                handle="@Tancat",
                unit="comunicacio",
                state=LifecycleState.ARCHIVED,
            ),
        ),
        channels=tuple(PluginHost(entry_points=False).channels().values()),
        selection=selection or Selection(),
    )


def settings_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(body, encoding="utf-8")
    return path


def paste_plugin_suite(plugin: ModuleType, PREFIX: str) -> dict[str, Any]:
    """The test classes for ``plugin``, whose exporters' kinds start with ``PREFIX``.

    :param plugin: the plugin's module (its ``TABLE``, ``SETTINGS_VARIABLE`` and ``NETWORK``).
    :param PREFIX: its kinds' prefix (``novagob``, ``inap-social``).
    """

    def run(
        kind: str,
        monkeypatch: pytest.MonkeyPatch,
        settings: Path | None = None,
        languages: tuple[str, ...] = ("ca-valencia", "es"),
    ) -> str:
        if settings is None:
            monkeypatch.delenv(plugin.SETTINGS_VARIABLE, raising=False)
        else:
            monkeypatch.setenv(plugin.SETTINGS_VARIABLE, str(settings))
        exporter = PluginHost().exporters()[kind]
        assert exporter.export is not None
        out = io.BytesIO()
        exporter.export(source(languages=languages), out)
        return out.getvalue().decode("utf-8")

    GOOD = f"""
    [{plugin.TABLE}]
    group = "Comunicació pública de la Ribera"
    feed_base = "https://www.soldeneu.example/feeds/"
    """

    class TestDeclared:
        def test_the_entry_point_gives_both_kinds(self) -> None:
            """Installed, the plugin's two kinds are govsm's; nothing claims to post anywhere."""
            exporters = PluginHost().exporters()
            assert {f"{PREFIX}-digest", f"{PREFIX}-digest-text"} <= set(exporters)
            assert exporters[f"{PREFIX}-digest"].media_type == "text/html"
            assert exporters[f"{PREFIX}-digest-text"].media_type == "text/plain"

    class TestFragment:
        def test_only_what_an_editor_keeps(
            self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
        ) -> None:
            """Headings, paragraphs, lists and links; no attribute but a link's http(s) address."""
            html = run(f"{PREFIX}-digest", monkeypatch, settings_file(tmp_path, GOOD))
            page = Page(html)
            assert page.problems() == []
            assert {tag for tag, _ in page.tags} <= KEPT
            assert all(set(a) <= ({"href"} if t == "a" else set()) for t, a in page.tags)
            assert page.tags[0][0] == "h2"
            title = html.split("</h2>")[0]
            assert plugin.NETWORK in title and "Comunicació pública de la Ribera" in title
            assert "&lt;b&gt;dissabte&lt;/b&gt; &amp; diumenge" in html

        def test_the_feeds_of_the_official_profiles(
            self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
        ) -> None:
            """The organisation's, the unit's and each official profile's feed, under feed_base."""
            html = run(f"{PREFIX}-digest", monkeypatch, settings_file(tmp_path, GOOD))
            feeds = [
                a["href"] for t, a in Page(html).tags if t == "a" and "/feeds/" in (a["href"] or "")
            ]
            assert feeds == [
                "https://www.soldeneu.example/feeds/organisation.atom",
                "https://www.soldeneu.example/feeds/unit/comunicacio.atom",
                "https://www.soldeneu.example/feeds/profile/x-ajuntament.atom",
            ]

        def test_without_settings_no_group_and_no_feeds(
            self, monkeypatch: pytest.MonkeyPatch
        ) -> None:
            html = run(f"{PREFIX}-digest", monkeypatch)
            assert "/feeds/" not in html and f"({plugin.NETWORK})" in html

        def test_no_personal_data_of_citizens(self, monkeypatch: pytest.MonkeyPatch) -> None:
            for kind in (f"{PREFIX}-digest", f"{PREFIX}-digest-text"):
                out = run(kind, monkeypatch)
                assert "600 000 000" not in out and "@veina" not in out
                assert "menció" in out  # the conversation is there, without what it says

    class TestText:
        def test_a_title_line_then_sections(
            self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
        ) -> None:
            text = run(f"{PREFIX}-digest-text", monkeypatch, settings_file(tmp_path, GOOD))
            lines = text.splitlines()
            assert plugin.NETWORK in lines[0] and set(lines[1]) == {"="}
            assert "  https://x.com/a/status/1" in lines
            assert "- Campanya «estiu» — publicacions: 1; la primera, el 17/06/2026 12:00" in lines
            assert "La piscina obri <b>dissabte</b> & diumenge" in text  # as written, not escaped
            assert "<h" not in text and "<li" not in text and "&amp;" not in text

        def test_spanish_only_reads_spanish(self, monkeypatch: pytest.MonkeyPatch) -> None:
            text = run(f"{PREFIX}-digest-text", monkeypatch, languages=("es",))
            assert "Qué hemos publicado" in text and "Què hem publicat" not in text
            assert "What we published" not in text

    class TestSettings:
        def test_good_settings(self, tmp_path: Path) -> None:
            settings = PasteSettings.from_file(plugin.TABLE, settings_file(tmp_path, GOOD))
            assert settings.feed_base == "https://www.soldeneu.example/feeds"
            assert settings.group == "Comunicació pública de la Ribera"

        def test_the_workspace_table_comes_before_the_file(
            self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> None:
            monkeypatch.setenv(plugin.SETTINGS_VARIABLE, str(settings_file(tmp_path, GOOD)))
            from_file = plugin.settings()
            assert from_file.group == "Comunicació pública de la Ribera"
            tables = {plugin.TABLE: {"group": "Grupo del espacio"}}
            assert plugin.settings(tables).group == "Grupo del espacio"
            monkeypatch.delenv(plugin.SETTINGS_VARIABLE)
            assert plugin.settings().group is None

        def test_no_table_is_no_settings(self, tmp_path: Path) -> None:
            settings = PasteSettings.from_file(plugin.TABLE, settings_file(tmp_path, "a = 1\n"))
            assert (settings.group, settings.feed_base) == (None, None)

        @pytest.mark.parametrize(
            ("body", "es", "en"),
            [
                (
                    'grup = "x"',
                    f"clave desconocida «{plugin.TABLE}.grup»; ¿quería decir «group»?",
                    f"unknown key '{plugin.TABLE}.grup'; did you mean 'group'?",
                ),
                ('group = "  "', f"«{plugin.TABLE}.group»", f"'{plugin.TABLE}.group' must be"),
                ("group = 3", f"«{plugin.TABLE}.group»", f"'{plugin.TABLE}.group' must be"),
                ('feed_base = "http://www.soldeneu.example/feeds"', "https://", "https://"),
                ('feed_base = "javascript:alert(1)"', "https://", "https://"),
            ],
        )
        def test_bad_settings_are_named(self, tmp_path: Path, body: str, es: str, en: str) -> None:
            """Each fault names the key and the file, in Spanish and English."""
            path = settings_file(tmp_path, f"[{plugin.TABLE}]\n{body}\n")
            with pytest.raises(ConfigError) as caught:
                PasteSettings.from_file(plugin.TABLE, path)
            assert es in caught.value.es and en in caught.value.en
            assert caught.value.where == str(path)

        def test_a_table_that_is_not_a_table(self, tmp_path: Path) -> None:
            with pytest.raises(ConfigError, match="must be a table"):
                PasteSettings.from_file(
                    plugin.TABLE, settings_file(tmp_path, f'{plugin.TABLE} = "x"\n')
                )

        def test_a_file_that_is_not_toml_or_not_there(self, tmp_path: Path) -> None:
            with pytest.raises(ConfigError, match="not valid TOML"):
                PasteSettings.from_file(plugin.TABLE, settings_file(tmp_path, "[[[\n"))
            with pytest.raises(ConfigError, match="cannot read"):
                PasteSettings.from_file(plugin.TABLE, tmp_path / "missing.toml")

    def example_copy(tmp_path: Path, table: str | None) -> Path:
        """A copy of the example, its ``[plugins.*]`` tables replaced by ``table`` (``None``: none)."""
        folder = tmp_path / "soldeneu"
        shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
        config = folder / "govsm.toml"
        text = config.read_text(encoding="utf-8")
        text = text[: text.index("\n[plugins.") + 1] + (table or "")
        config.write_text(text, encoding="utf-8")
        return folder

    class TestCommandLine:
        def test_the_workspace_table_is_read_and_checked(self, tmp_path: Path) -> None:
            """[plugins.TABLE] in govsm.toml: used before the environment's file; a bad key named."""
            good = f'[plugins.{plugin.TABLE}]\ngroup = "Grup de proves"\n'
            folder = example_copy(tmp_path, good)
            out = tmp_path / "digest.txt"
            args = ("export", f"{PREFIX}-digest-text", str(folder), "-o", str(out))
            env = {plugin.SETTINGS_VARIABLE: str(settings_file(tmp_path, GOOD))}
            done = invoke(*args, env=env)
            assert done.returncode == 0, done.stderr
            assert "Grup de proves" in out.read_text(encoding="utf-8")
            assert "Comunicació pública de la Ribera" not in out.read_text(encoding="utf-8")
            out.unlink()
            folder = example_copy(tmp_path / "bad", f'[plugins.{plugin.TABLE}]\ngrup = "x"\n')
            done = invoke("export", f"{PREFIX}-digest-text", str(folder), "-o", str(out))
            assert done.returncode == 2, done.stderr
            assert f"plugins.{plugin.TABLE}.grup" in done.stderr and "Traceback" not in done.stderr
            assert not out.exists()

        def test_bad_settings_stop_the_export_with_a_message(self, tmp_path: Path) -> None:
            """govsm export: exit 2, the fault in both languages, no traceback, nothing written."""
            folder = example_copy(tmp_path, None)
            path = settings_file(tmp_path, f'[{plugin.TABLE}]\nfeed_base = "ftp://x.example"\n')
            out = tmp_path / "digest.html"
            done = invoke(
                "export",
                f"{PREFIX}-digest",
                str(folder),
                "-o",
                str(out),
                env={plugin.SETTINGS_VARIABLE: str(path)},
            )
            assert done.returncode == 2, done.stderr
            assert "feed_base" in done.stderr and "Traceback" not in done.stderr
            assert not out.exists()
            good = settings_file(tmp_path, GOOD)
            done = invoke(
                "export",
                f"{PREFIX}-digest",
                str(folder),
                "--no-load",
                "-o",
                str(out),
                "--since",
                "2026-11-13",
                "--until",
                "2026-11-19",
                env={plugin.SETTINGS_VARIABLE: str(good)},
            )
            assert done.returncode == 0, done.stderr
            assert Page(out.read_text(encoding="utf-8")).problems() == []

    return {name: value for name, value in locals().items() if name.startswith("Test")}
