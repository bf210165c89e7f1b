"""Tests of the example plugin: the rule on real-looking posts, the step on the example council."""

from __future__ import annotations

import doctest
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import govsm_plugin_example as plugin
import pytest

import govsm
from govsm.spec import Direction, Message, MessageKind, MessageState, Severity, Weekday
from govsm.testing.rules import rule_context

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "soldeneu"
MADRID = ZoneInfo("Europe/Madrid")


def post(text: str) -> Message:
    """A draft post of the example council with ``text``."""
    return Message(
        organisation="ajuntament-soldeneu",
        id="m-1",
        profile="x-ajuntament",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        created_at=datetime(2026, 11, 18, 9, 30, tzinfo=MADRID),
    )


def runs(text: str) -> list[str]:
    """The text of every span the rule flags in ``text``."""
    return [
        text[f.span.start : f.span.end]
        for f in plugin.exclamation_runs(rule_context(post(text)))
        if f.span
    ]


class TestExclamationRuns:
    def test_flags_runs_in_valencian_and_spanish(self) -> None:
        """Runs of ``!`` and ``¡`` are flagged, each with its own span, in both languages."""
        text = "ÚLTIMS DIES PER A INSCRIURE'S!!! ¡¡NO TE QUEDES SIN PLAZA!!"
        assert runs(text) == ["!!!", "¡¡", "!!"]

    def test_a_single_mark_is_fine(self) -> None:
        """Ordinary Spanish exclamations, opening and closing, are not flagged."""
        assert runs("¡Hoy abre la piscina municipal de verano! De 11:00 a 20:00.") == []
        assert runs("Hui obri la piscina municipal d'estiu! De 11.00 a 20.00.") == []

    def test_separated_marks_are_not_a_run(self) -> None:
        """Marks separated by text or spaces, and ``¡!`` pairs, are not runs."""
        assert runs("¡Bon dia! ¡Bona vesprada! ¡Bona nit!") == []
        assert runs("¡! Ni esto es un grito, ni ¡Sí! ¡Sí! tampoco.") == []

    def test_other_punctuation_is_not_flagged(self) -> None:
        """Question marks and ellipses are not the rule's business."""
        assert runs("¿¿Alguien sabe a qué hora abre la oficina?? Gracias...") == []

    def test_spans_count_code_points(self) -> None:
        """Text before the run with emoji and accents does not shift the span (code points)."""
        text = "🎉🇪🇸 Festa major a Soldeneu!!"
        (finding,) = plugin.exclamation_runs(rule_context(post(text)))
        assert finding.span is not None
        assert (finding.span.start, finding.span.end) == (len(text) - 2, len(text))
        assert text[finding.span.start : finding.span.end] == "!!"

    def test_finding_names_rule_message_and_severity(self) -> None:
        """The finding says which rule and message, in Spanish and English, as a warning."""
        (finding,) = plugin.exclamation_runs(rule_context(post("Gràcies a tots!!")))
        assert finding.rule == "exclamation-runs"
        assert finding.subject == "message:m-1"
        assert finding.severity is Severity.WARNING
        assert "!!" in finding.message.es and "!!" in finding.message.en

    def test_rule_is_declared_through_the_hook(self) -> None:
        """A plugin host with the module registered offers the rule by id."""
        host = govsm.PluginHost(plugins=[plugin], entry_points=False)
        rule = host.rules()["exclamation-runs"]
        assert rule.check is plugin.exclamation_runs
        assert host.failures == []


class TestHourBand:
    @pytest.mark.parametrize(
        ("hour", "band"),
        [
            (0, "night"),
            (6, "night"),
            (7, "morning"),
            (14, "morning"),
            (15, "afternoon"),
            (20, "afternoon"),
            (21, "evening"),
            (23, "evening"),
        ],
    )
    def test_bands_cover_the_day(self, hour: int, band: str) -> None:
        """Every hour falls in exactly the band its bounds say."""
        assert plugin.hour_band(datetime(2026, 11, 20, hour, 0)) == band

    def test_docstring_examples(self) -> None:
        """The examples in the module's docstrings pass."""
        assert doctest.testmod(plugin).failed == 0


@pytest.fixture
def report(tmp_path: Path, govsm_store_url: str) -> govsm.AuditReport:
    """The audit of the example council with only the built-ins and this plugin.

    ``govsm_store_url`` comes with govsm (its pytest plugin): a SQLite store in ``tmp_path``.
    """
    if not (EXAMPLE / "govsm.toml").exists():
        pytest.skip("the example workspace is not there")
    host = govsm.PluginHost(plugins=[plugin], entry_points=False)
    with govsm.Workspace.open(EXAMPLE, host=host, store_url=govsm_store_url) as ws:
        return govsm.run_audit(ws, out=tmp_path / "report")


class TestPostingRhythm:
    def test_step_runs_after_profiles_and_before_doctor(self) -> None:
        """The step is declared with order 400, between the built-in steps."""
        host = govsm.PluginHost(plugins=[plugin], entry_points=False)
        names = [step.name for step in host.audit_steps()]
        assert names.index("profiles") < names.index("posting-rhythm") < names.index("doctor")

    def test_summary_counts_every_published_message(self, report: govsm.AuditReport) -> None:
        """Weekdays and hour bands each add up to the published outbound messages."""
        summary = report.step("posting-rhythm").summary
        assert summary["timezone"] == "Europe/Madrid"
        assert summary["published"] > 100
        assert sum(summary["by_weekday"].values()) == summary["published"]
        assert sum(summary["by_band"].values()) == summary["published"]
        assert summary["weekend"] == summary["by_weekday"]["sat"] + summary["by_weekday"]["sun"]
        per_profile = summary["profiles"].values()
        assert sum(p["messages"] for p in per_profile) == summary["published"]

    def test_flags_active_profiles_that_only_post_in_office_hours(
        self, report: govsm.AuditReport
    ) -> None:
        """Each flagged profile posted enough, never at weekends or in the afternoon; others did."""
        step = report.step("posting-rhythm")
        flagged = set(step.summary["office_hours_only"])
        assert {f.subject for f in step.findings} == {f"profile:{p}" for p in flagged}
        assert all(
            f.severity is Severity.INFO and f.rule == "posting-rhythm" for f in step.findings
        )
        for profile, counts in step.summary["profiles"].items():
            quiet = counts.get("weekend", 0) == 0 and counts.get("afternoon", 0) == 0
            if profile in flagged:
                assert quiet and counts["messages"] >= plugin.MIN_MESSAGES

    def test_report_files_carry_the_step(self, report: govsm.AuditReport, tmp_path: Path) -> None:
        """The exporters write the step into the report folder, in the report's language."""
        summary = (tmp_path / "report" / "summary.md").read_text(encoding="utf-8")
        assert "## Ritmo de publicación" in summary
        assert report.exit_code in (0, 1)

    def test_spanish_lines_name_days_and_bands_in_spanish(self, report: govsm.AuditReport) -> None:
        """The Spanish lines say lunes and mañana: no English day or band in Spanish."""
        lines = [line.es for line in report.step("posting-rhythm").lines]
        spanish = " ".join(lines)
        assert any(line.startswith("Por día: lunes ") for line in lines)
        english = {day.value for day in Weekday} | {name for name, _, _ in plugin.HOUR_BANDS}
        assert not english & set(spanish.replace(",", " ").split())
        assert set(plugin.BAND_NAMES_ES) == {name for name, _, _ in plugin.HOUR_BANDS}
