"""Spanish output says everything in Spanish (issue 11: no English leaking in).

The example council is bilingual (Valencian and Spanish); here it is turned into a Spanish-only
body (its ``govsm.toml`` declares only ``es``, and loses its Valencian texts), audited in
Spanish, and every text a Spanish reader sees is read: the terminal, ``summary.md``, the Spanish
texts of ``summary.json`` and ``findings.csv``, ``govsm status``, ``govsm health``, ``govsm
governance`` (its answers and its refusals), ``govsm check``, the registry's page and the
handover pack. The English words looked for are not written here: they come from the catalogue,
the lifecycle and message states, the severities and the roles, so a new channel or state is
checked too.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from govsm.channels.catalogue import CHANNELS
from govsm.manual.labels import all_labels
from govsm.model import LifecycleState, MessageState, Role, Severity, Weekday
from tests.cli.running import Done, invoke
from tests.governance.acting import act_as
from tests.paths import EXAMPLE

AS_OF = "2026-11-20"
#: a reader who followed the tutorial has govsm alone, without the test suite's plugins
ALONE = {"GOVSM_DISABLE_PLUGINS": "example,test-plugin"}
#: a post given to ``govsm check`` (in Valencian, as the example council's posts are)
CHECKED = "Hola!! VISITEU LA PLAÇA MAJOR AVUI MATEIX, TOTS ELS VEÏNS I VEÏNES DEL POBLE"


def spanish_only(text: str) -> str:
    """The example's ``govsm.toml`` for a body whose only official language is Spanish."""
    text = re.sub(r"(?m)^languages = \[[^\]]*\]", 'languages = ["es"]', text)
    text = text.replace('allowed = ["ca-valencia", "ca"]', 'allowed = ["es"]')
    # the co-official-language rule has nothing to order in a Spanish-only body
    text = re.sub(r'\[\[policy\.rules\]\]\nid = "co-official-language"\n(?:[^\[\n].*\n)*', "", text)
    text = re.sub(r'(?ms)^ca-valencia = """.*?"""\n', "", text)
    text = re.sub(r'ca-valencia = "(?:[^"\\]|\\.)*", ', "", text)
    text = re.sub(r'(?m)^ca-valencia = "(?:[^"\\]|\\.)*"\n', "", text)
    # a curation source in the co-official language reads as Spanish in this body
    text = text.replace('language = "ca-valencia"', 'language = "es"')
    assert "ca-valencia" not in text
    return text


def es(*args: str) -> Done:
    """``govsm --lang es ARGS``, with govsm's own plugins only."""
    return invoke("--lang", "es", *args, env=ALONE)


@pytest.fixture(scope="module")
def body(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example council as a Spanish-only body, audited once in Spanish."""
    folder = tmp_path_factory.mktemp("spanish") / "soldeneu"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("report", ".govsm"))
    config = folder / "govsm.toml"
    config.write_text(spanish_only(config.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def audited(body: Path) -> str:
    """The Spanish terminal output of ``govsm audit``."""
    done = es("audit", str(body), "--as-of", AS_OF, "--exit-zero")
    assert done.returncode == 0, done.stderr
    return done.stdout


def _spanish_texts(data: Any) -> list[str]:
    """Every ``es`` text of a JSON document (the Spanish side of its bilingual texts)."""
    if isinstance(data, dict):
        found = [data["es"]] if isinstance(data.get("es"), str) else []
        return found + [t for key, v in data.items() if key != "en" for t in _spanish_texts(v)]
    if isinstance(data, list):
        return [t for item in data for t in _spanish_texts(item)]
    return []


@pytest.fixture(scope="module")
def spanish_files(body: Path, audited: str) -> dict[str, str]:
    """What a Spanish reader reads of the audit, by where it comes from."""
    report = body / "report"
    with (report / "findings.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    return {
        "terminal": audited,
        "summary.md": (report / "summary.md").read_text(encoding="utf-8"),
        "summary.json": "\n".join(_spanish_texts(summary)),
        "findings.csv": "\n".join(f"{r['message_es']}\n{r['suggestion_es']}" for r in rows),
        "status": es("status", str(body)).stdout,
        "health": es("health", str(body), "--as-of", AS_OF).stdout,
        "governance": es("governance", "status", str(body)).stdout,
        "registry.html": es("registry", "export", str(body), "--format", "html").stdout,
        "check": invoke(
            "--lang",
            "es",
            "check",
            "-w",
            str(body),
            "--profile",
            "x-ajuntament",
            "-",
            env=ALONE,
            stdin=CHECKED,
        ).stdout,
    }


def _renamed_channels() -> list[tuple[str, str]]:
    """``(English, Spanish)`` for every catalogue channel whose Spanish name is another."""
    renamed = [(c.name, c.names["es"]) for c in CHANNELS if c.name != c.names.get("es", c.name)]
    assert renamed, "no channel's Spanish name differs from its English one: nothing to look for"
    return renamed


def test_profile_states_are_spanish(audited: str) -> None:
    """'15 activos, 2 archivados', never '15 active', in the Spanish terminal output."""
    assert "17 perfiles: 15 activos, 2 archivados" in audited
    assert " active" not in audited and " archived" not in audited


def test_every_catalogue_channel_has_a_spanish_name() -> None:
    """The catalogue names every network for a Spanish reader; Valencian only where it differs."""
    for channel in CHANNELS:
        assert channel.names.get("es"), channel.id
        assert set(channel.names) <= {"es", "ca-valencia"}, channel.id
        if "ca-valencia" in channel.names:
            assert channel.names["ca-valencia"] != channel.names["es"], channel.id
        assert channel.display_name("es") == channel.names["es"], channel.id


def test_no_catalogue_english_name_in_spanish_output(spanish_files: dict[str, str]) -> None:
    """A network whose Spanish name is another (the blog) is never named in English."""
    for english, spanish in _renamed_channels():
        for where, text in spanish_files.items():
            assert english not in text, f"{english!r} in {where}"
        assert spanish in spanish_files["terminal"] + spanish_files["status"]
        assert spanish in spanish_files["registry.html"]


def test_severities_are_spanish(spanish_files: dict[str, str]) -> None:
    """The terminal's first column and summary.md's severity column say aviso, not warning."""
    english = [s for s in Severity if s.spanish != s.value]
    assert english
    for severity in english:
        assert not re.search(rf"(?m)^{severity.value}\b", spanish_files["terminal"])
        assert not re.search(rf"(?m)^{severity.value}\b", spanish_files["health"])
        assert not re.search(rf"(?m)^ +\S+ {severity.value}\b", spanish_files["check"])
        assert f"| {severity.value} |" not in spanish_files["summary.md"]
    assert re.search(r"(?m)^aviso +\S", spanish_files["terminal"])
    assert re.search(r"(?m)^ +1:\d+ aviso +\S", spanish_files["check"])
    assert "| aviso |" in spanish_files["summary.md"]


def test_subjects_name_their_kind_in_spanish(spanish_files: dict[str, str]) -> None:
    """``mensaje:x-ajuntament-0002`` in the terminal, never ``message:``."""
    for kind in ("message", "profile", "request"):
        assert f" {kind}:" not in spanish_files["terminal"] + spanish_files["health"]
    assert " mensaje:x-ajuntament-0002:" in spanish_files["terminal"]


def test_no_state_code_in_spanish_output(spanish_files: dict[str, str]) -> None:
    """Lifecycle and message states are words (``activo``), not codes (``active``)."""
    codes = {s.value for s in LifecycleState if s.spanish != s.value}
    codes |= {s.value for s in MessageState if s.spanish != s.value}
    for where in ("terminal", "summary.md", "status", "governance", "health"):
        words = set(re.findall(r"[\w-]+", spanish_files[where]))
        assert not codes & words, (where, codes & words)


def test_what_a_request_lacks_is_said_in_spanish(spanish_files: dict[str, str]) -> None:
    """The governance step says what the request lacks, not the prerequisite's key."""
    assert "draft_posts" not in spanish_files["terminal"]
    assert "le falta: el plan inicial necesita 3 borradores" in spanish_files["terminal"]


def test_governance_answers_and_refusals_are_spanish(
    body: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refusals and answers of ``govsm governance`` name states and roles in Spanish."""
    folder = tmp_path / "body"
    shutil.copytree(body, folder, ignore=shutil.ignore_patterns("report", ".govsm"))

    def by(person: str, *args: str) -> Done:
        act_as(monkeypatch, folder, person)
        return es("governance", *args, "--by", person)

    answers = [
        by("marta-soler", "profile", str(folder), "x-policia", "dormant", "--reason", "vacances"),
        by("marta-soler", "message", str(folder), "post-2026-11-padro", "approve"),
    ]
    refusals = [
        by("marta-soler", "profile", str(folder), "googleplus-ajuntament", "activate",
           "--reason", "x"),
        by("pau-ribera", "profile", str(folder), "x-ajuntament", "dormant", "--reason", "x"),
        by("marta-soler", "profile", str(folder), "tuenti-esports", "transfer", "--unit",
           "cultura", "--reason", "x"),
        by("laia-sendra", "message", str(folder), "post-2026-11-padro", "submit"),
        by("marta-soler", "message", str(folder), "x-ajuntament-0001", "approve"),
    ]  # fmt: skip
    assert [a.returncode for a in answers] == [0, 0]
    assert "«x-policia»: inactivo" in answers[0].stdout
    assert "«post-2026-11-padro»: aprobado" in answers[1].stdout
    assert [r.returncode for r in refusals] == [1] * len(refusals)
    spanish = "\n".join(r.stderr.splitlines()[0] for r in refusals)
    english = {s.value for s in (*LifecycleState, *MessageState) if s.spanish != s.value}
    english |= {r.value for r in Role if r.spanish != r.value}
    assert not english & set(re.findall(r"[\w-]+", spanish)), spanish
    assert "«googleplus-ajuntament» está archivado, un estado final" in spanish
    assert "hace falta el rol de coordinación" in spanish


def test_the_handover_pack_is_spanish_and_english_only(body: Path, tmp_path: Path) -> None:
    """Values in both languages side by side; no Valencian word in a Spanish-only body's pack."""
    done = es("handover", str(body), "--as-of", AS_OF, "--out", str(tmp_path / "pack"))
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "pack" / "handover.md").read_text(encoding="utf-8")
    assert "| activo / active |" in text and "| aviso / warning |" in text
    for english, spanish in _renamed_channels():
        assert english not in text.replace(f"{spanish} / {english}", "")
    assert "_Cap /" not in text
    assert sorted(p.name for p in (tmp_path / "pack" / "manual").iterdir()) == [
        "manual.es.html",
        "manual.es.md",
    ]


def test_no_valencian_in_a_spanish_only_body(
    body: Path, spanish_files: dict[str, str], tmp_path: Path
) -> None:
    """No Valencian network name or manual label reaches a Spanish-only body's output."""
    own = CHECKED + "\n".join(  # the body's own texts (its posts are in Valencian)
        path.read_text(encoding="utf-8")
        for path in (body / "govsm.toml", *sorted(body.glob("history/*")), *body.glob("drafts/*"))
    )
    valencian = {c.names["ca-valencia"] for c in CHANNELS if "ca-valencia" in c.names}
    valencian |= {
        label.ca_valencia
        for label in all_labels().values()
        if label.ca_valencia != label.es and "{" not in label.ca_valencia
        and len(label.ca_valencia) >= 6 and label.ca_valencia not in own
    }  # fmt: skip
    assert "Bloc corporatiu" in valencian
    manual = (body / "report" / "manual" / "manual.es.md").read_text(encoding="utf-8")
    assert not (body / "report" / "manual" / "manual.ca-valencia.md").exists()
    for where, text in {**spanish_files, "manual.es.md": manual}.items():
        leaked = sorted(w for w in valencian if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))
        assert not leaked, (where, leaked)


def test_weekdays_have_spanish_names() -> None:
    """The model gives each weekday its Spanish name, for steps that count by day."""
    assert [day.spanish for day in Weekday][:2] == ["lunes", "martes"]
    assert all(day.spanish != day.value for day in Weekday)
