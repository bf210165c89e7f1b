"""Findings read back from storage: the direct path gives what the general one gives."""

from __future__ import annotations

from typing import Any

import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given
from hypothesis import strategies as st

from govsm.model import Bilingual, Finding, Severity, Span
from govsm.serialization import _structure_finding_generally, structure, unstructure
from govsm.spec.findings import ReportedFinding
from govsm.store.runs import _structure_reported_generally

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
_WORDS = _TEXT.filter(lambda t: t.strip() != "")
_SLUG = st.from_regex(r"[a-z0-9](?:[a-z0-9._-]{0,20}[a-z0-9])?", fullmatch=True)
_BILINGUAL = st.builds(Bilingual, es=_WORDS, en=_WORDS)


@st.composite
def _findings(draw: st.DrawFn) -> Finding:
    start = draw(st.integers(0, 500))
    return Finding(
        rule=draw(_SLUG),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(_BILINGUAL),
        subject=draw(st.none() | _TEXT),
        span=draw(st.none() | st.just(Span(start, start + draw(st.integers(0, 50))))),
        suggestion=draw(st.none() | _BILINGUAL),
        reference=draw(st.none() | _TEXT),
        policy_version=draw(st.none() | _TEXT),
        waived_by=draw(st.none() | _SLUG),
        waiver_reason=draw(st.none() | _TEXT),
        redact=draw(st.booleans()),
    )


@given(_findings())
def test_a_finding_as_govsm_writes_it_reads_back_the_same_both_ways(finding: Finding) -> None:
    """Every field, set or not, survives; the direct path agrees with the generated hook."""
    data = unstructure(finding)
    assert structure(data, Finding) == finding
    assert _structure_finding_generally(data, Finding) == finding
    reported = ReportedFinding("checks", finding, profile="p", message="m")
    assert structure(unstructure(reported), ReportedFinding) == reported


@pytest.mark.parametrize(
    "change",
    [
        {"severity": "fatal"},
        {"severity": ["error"]},
        {"severity": {"level": "error"}},
        {"rule": "Not A Slug"},
        {"message": {"es": "", "en": "x"}},
        {"message": {"es": "x"}},
        {"span": {"start": 5, "end": 2}},
        {"span": {"start": "5", "end": 7}},
        {"subject": 12},
        {"redact": "no"},
        {"unexpected": 1},
    ],
)
def test_anything_else_is_refused_as_before(change: dict[str, Any]) -> None:
    """What govsm did not write goes through the general hook and fails there, with its path."""
    data = {**unstructure(Finding("r", Severity.INFO, Bilingual("a", "b"))), **change}
    with pytest.raises(ClassValidationError):
        structure(data, Finding)
    with pytest.raises(ClassValidationError):
        _structure_finding_generally(data, Finding)


def test_a_finding_written_before_a_field_existed_still_reads() -> None:
    """A stored finding without ``redact`` (older rows) takes the general path and its default."""
    data = unstructure(Finding("r", Severity.INFO, Bilingual("a", "b")))
    del data["redact"]
    assert structure(data, Finding) == Finding("r", Severity.INFO, Bilingual("a", "b"))


@given(
    _findings(),
    st.none() | _SLUG,
    st.none() | _SLUG,
    st.none() | st.just("https://x.com/ajuntament/status/1"),
    _TEXT,
)
def test_a_reported_finding_reads_back_the_same_both_ways(
    finding: Finding, profile: str | None, message: str | None, url: str | None, excerpt: str
) -> None:
    """A reported finding as govsm writes it: the direct path agrees with the generated hook."""
    reported = ReportedFinding("checks", finding, profile, message, url, excerpt)
    data = unstructure(reported)
    assert structure(data, ReportedFinding) == reported
    assert _structure_reported_generally(data, ReportedFinding) == reported


@pytest.mark.parametrize(
    "change",
    [
        {"step": 3},
        {"profile": ["p"]},
        {"url": 7},
        {"excerpt": None},
        {"finding": {"rule": "r"}},
        {"unexpected": 1},
    ],
)
def test_a_reported_finding_govsm_did_not_write_is_refused(change: dict[str, Any]) -> None:
    """Anything else goes through the generated hook, and fails there with its path."""
    reported = ReportedFinding("checks", Finding("r", Severity.INFO, Bilingual("a", "b")))
    data = {**unstructure(reported), **change}
    with pytest.raises(ClassValidationError):
        structure(data, ReportedFinding)
    with pytest.raises(ClassValidationError):
        _structure_reported_generally(data, ReportedFinding)
