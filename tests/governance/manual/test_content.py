"""Assembling the manual: sections, RACI matrix, approval flow, image sizes and completeness."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from govsm.manual import ManualDocument, build_manual, completeness_findings
from govsm.manual.completeness import (
    RULE_LANGUAGE,
    RULE_MISSING,
    RULE_PARTIAL,
    RULE_TRANSLATION,
    manual_languages,
)
from govsm.manual.content import assemble_manual
from govsm.manual.document import Completeness, SectionId
from govsm.manual.flow import build_flow
from govsm.manual.labels import all_labels
from govsm.manual.raci import build_raci, combine
from govsm.manual.refs import Names
from govsm.manual.responsibilities import Activity
from govsm.model import (
    ApprovalRule,
    ImageKind,
    LifecycleState,
    ManualContent,
    RuleConfig,
    ScopeKind,
    Severity,
)
from govsm.plugins import PluginHost
from govsm.serialization import structure, unstructure
from govsm.workspace import Workspace
from tests.governance.manual.conftest import TODAY, with_manual


def _open(folder: Path) -> Workspace:
    return Workspace.open(folder, host=PluginHost(entry_points=False))


class TestExampleCouncil:
    def test_every_section_is_filled(self, example_manual: ManualDocument) -> None:
        """The example council's manual fills all eleven sections."""
        assert [s.section for s in example_manual.status] == list(SectionId)
        assert {s.completeness for s in example_manual.status} == {Completeness.FILLED}

    def test_no_completeness_findings(
        self, example_manual: ManualDocument, example_workspace: Workspace
    ) -> None:
        """Nothing is missing, in Valencian or in Spanish."""
        assert completeness_findings(example_manual, example_workspace.manual) == ()

    def test_every_profile_is_listed(
        self, example_manual: ManualDocument, example_workspace: Workspace
    ) -> None:
        """Every profile of the workspace is in the manual, live ones first."""
        assert {p.id for p in example_manual.profiles} == {p.id for p in example_workspace.profiles}
        states = [p.state for p in example_manual.profiles]
        assert states.index(LifecycleState.ARCHIVED) > states.index(LifecycleState.ACTIVE)
        assert states[-2:] == [LifecycleState.ARCHIVED, LifecycleState.ARCHIVED]

    def test_profile_texts_come_from_the_manual(self, example_manual: ManualDocument) -> None:
        """[[manual.profiles]] gives each profile its texts in both languages."""
        x = next(p for p in example_manual.profiles if p.id == "x-policia")
        assert x.editorial_line is not None
        assert x.editorial_line.get("ca-valencia").startswith("Clar i serè")
        assert x.editorial_line.get("es") is not None
        assert x.editorial_line.get("es").startswith("Claro y sereno")

    def test_owner_who_left_is_flagged(self, example_manual: ManualDocument) -> None:
        """The Flickr profile's owner left in March 2025, and the manual says so."""
        flickr = next(p for p in example_manual.profiles if p.id == "flickr-ajuntament")
        assert flickr.owner is not None
        assert flickr.owner.left_on == date(2025, 3, 31)

    def test_coordination(self, example_manual: ManualDocument) -> None:
        """Comunicació coordinates, headed by Marta Soler, who coordinates and approves."""
        c = example_manual.coordination
        assert c is not None
        assert (c.unit, c.head and c.head.id) == ("Comunicació", "marta-soler")
        assert [p.id for p in c.coordinators] == [p.id for p in c.approvers] == ["marta-soler"]

    def test_blogs_name_their_people(self, example_manual: ManualDocument) -> None:
        """The mayor signs her blog; Comunicació maintains it; the general blog is a profile."""
        blogs = {b.id: b for b in example_manual.blogs or ()}
        assert blogs["diari-alcaldia"].holder is not None
        assert blogs["diari-alcaldia"].holder.office == "Alcaldessa"
        assert [p.id for p in blogs["diari-alcaldia"].maintainers] == ["marta-soler"]
        assert blogs["bloc-general"].profile is not None
        assert blogs["bloc-general"].profile.id == "blog-soldeneu"

    def test_electoral_periods_past_and_upcoming(self, example_manual: ManualDocument) -> None:
        """The 2023 elections are past and the 2027 ones upcoming on the example's day."""
        assert [e.status.value for e in example_manual.electoral] == ["past", "upcoming"]

    def test_document_survives_the_converter(self, example_manual: ManualDocument) -> None:
        """The document goes through unstructure, JSON and structure unchanged (the audit's way)."""
        data = json.loads(json.dumps(unstructure(example_manual), ensure_ascii=False))
        assert structure(data, ManualDocument) == example_manual


class TestRaci:
    def test_combine_drops_redundant_letters(self) -> None:
        """R or A make C and I redundant; C makes I redundant; order is R, A, C, I."""
        assert [combine(x) for x in ("", "I", "CI", "AR", "IRC", "ACI")] == [
            "",
            "I",
            "C",
            "RA",
            "R",
            "A",
        ]

    def _row(self, document: ManualDocument, person: str) -> dict[Activity, str]:
        assert document.responsibilities is not None
        raci = document.responsibilities.raci
        row = next(r for r in raci.rows if r.person.id == person)
        return dict(zip(raci.activities, row.cells, strict=True))

    def test_coordinator_answers_for_profiles_and_manual(
        self, example_manual: ManualDocument
    ) -> None:
        """The coordinator is responsible and accountable for profiles and for the manual."""
        row = self._row(example_manual, "marta-soler")
        assert row[Activity.PROFILES] == row[Activity.MANUAL] == "RA"
        assert row[Activity.APPROVAL] == "RA"

    def test_office_holders_are_informed(self, example_manual: ManualDocument) -> None:
        """Office holders with the viewer role are informed, never responsible."""
        row = self._row(example_manual, "vicent-llorens")
        assert set(row.values()) <= {"I", ""}

    def test_people_who_left_are_not_in_the_matrix(self, example_manual: ManualDocument) -> None:
        """Andreu Pastor left in 2025: he is not in the matrix, though he still owns Flickr."""
        assert example_manual.responsibilities is not None
        ids = {r.person.id for r in example_manual.responsibilities.raci.rows}
        assert "andreu-pastor" not in ids
        assert "marta-soler" in ids

    def test_roles_count_only_while_in_force(self, example_workspace: Workspace) -> None:
        """Elena Vidal's summer substitution shows in July, not in November."""
        names = Names(example_workspace.snapshot, example_workspace.channels())
        july = build_raci(names, example_workspace.manual, date(2026, 7, 15))
        november = build_raci(names, example_workspace.manual, TODAY)
        assert "elena-vidal" in {r.person.id for r in july.rows}
        assert "elena-vidal" not in {r.person.id for r in november.rows}

    def test_crisis_team_is_responsible_for_crises(self, example_manual: ManualDocument) -> None:
        """Pau Ribera is on the crisis team: responsible for crises."""
        assert self._row(example_manual, "pau-ribera")[Activity.CRISIS] == "R"


class TestApprovalFlow:
    def test_example_flow(self, example_manual: ManualDocument) -> None:
        """The general rule needs one approval by Comunicació; the Policia Local has its own."""
        assert example_manual.responsibilities is not None
        paths = example_manual.responsibilities.flow.paths
        assert [(p.scope, p.target, p.tiers) for p in paths] == [
            (ScopeKind.ORGANISATION, None, 1),
            (ScopeKind.UNIT, "Policia Local", 1),
        ]
        assert [a.id for a in paths[1].approvers] == ["sergi-cano", "marta-soler"]
        assert not any(p.replies for p in paths)

    def test_approval_rules_make_paths(self, example_workspace: Workspace) -> None:
        """An organisation rule overrides the default; a profile rule is a path of its own."""
        policy = example_workspace.policy
        assert policy is not None
        policy = attrs.evolve(
            policy,
            approval_rules=(
                ApprovalRule(tiers=0),
                ApprovalRule(tiers=2, scope=ScopeKind.PROFILE, target="x-policia", replies=True),
            ),
        )
        names = Names(example_workspace.snapshot, example_workspace.channels())
        flow = build_flow(names, policy, TODAY)
        assert [(p.scope, p.tiers, p.replies) for p in flow.paths] == [
            (ScopeKind.ORGANISATION, 0, False),
            (ScopeKind.UNIT, 0, False),
            (ScopeKind.PROFILE, 2, True),
        ]
        profile_path = flow.paths[2]
        assert profile_path.profile is not None and profile_path.profile.id == "x-policia"
        # the profile's unit's approver and the organisation's
        assert [a.id for a in profile_path.approvers] == ["sergi-cano", "marta-soler"]


class TestImageSizes:
    def _sizes(self, document: ManualDocument) -> dict[tuple[str, ImageKind], tuple[object, ...]]:
        assert document.style is not None
        return {
            (s.channel_id, s.kind): (s.width, s.height, s.source)
            for s in document.style.image_sizes
        }

    def test_network_sizes_for_channels_in_use(self, example_manual: ManualDocument) -> None:
        """Avatar and header sizes come from the network's specification; closed ones are left out."""
        sizes = self._sizes(example_manual)
        assert sizes[("x", ImageKind.HEADER)] == (1500, 500, "network")
        assert not any(channel == "tuenti" for channel, _ in sizes)

    def test_manual_sizes_override(self, example_manual: ManualDocument) -> None:
        """The style manual's own sizes are added and win."""
        assert self._sizes(example_manual)[("instagram", ImageKind.POST)] == (1080, 1350, "manual")

    def test_rule_parameters_raise_sizes(self, example_workspace: Workspace) -> None:
        """avatar-size's min_width and min_height, organisation-wide, raise the network's size."""
        snapshot = example_workspace.snapshot
        assert snapshot.policy is not None
        rule = RuleConfig(id="avatar-size", params={"min_width": 1000, "min_height": 1000})
        policy = attrs.evolve(snapshot.policy, rules=(*snapshot.policy.rules, rule))
        document = assemble_manual(
            attrs.evolve(snapshot, policy=policy),
            example_workspace.manual,
            example_workspace.channels(),
            TODAY,
        )
        assert self._sizes(document)[("x", ImageKind.AVATAR)] == (1000, 1000, "rules")


class TestCompleteness:
    def test_workspace_without_manual(self, small: Path) -> None:
        """Without [manual], resources, blogs and crisis are missing: warnings naming the keys."""
        document = build_manual(_open(small), TODAY)
        status = {s.section: s for s in document.status}
        assert status[SectionId.RESOURCES].completeness is Completeness.MISSING
        assert status[SectionId.BLOGS].completeness is Completeness.MISSING
        assert status[SectionId.CRISIS].completeness is Completeness.MISSING
        assert status[SectionId.STYLE].completeness is Completeness.PARTIAL
        assert status[SectionId.PROFILES].completeness is Completeness.FILLED
        findings = {f.subject: f for f in completeness_findings(document, None)}
        crisis = findings["manual:crisis"]
        assert (crisis.rule, crisis.severity) == (RULE_MISSING, Severity.WARNING)
        assert crisis.suggestion is not None
        assert "manual.crisis" in crisis.suggestion.es
        assert "manual.crisis" in crisis.suggestion.en
        assert "Protocolo de crisis" in crisis.message.es
        assert "Crisis protocol" in crisis.message.en
        style = findings["manual:style"]
        assert (style.rule, style.severity) == (RULE_PARTIAL, Severity.INFO)

    def test_declaring_no_blogs_fills_the_section(self, small: Path) -> None:
        """``blogs = []`` fills the section: the organisation has none."""
        document = build_manual(_open(with_manual(small, "[manual]\nblogs = []\n")), TODAY)
        assert document.section_status(SectionId.BLOGS).completeness is Completeness.FILLED

    def test_missing_translation_is_a_warning(self, small: Path) -> None:
        """A text given only in Spanish, in a Valencian–Spanish council, is a warning."""
        ws = _open(with_manual(small, "[manual.crisis.summary]\nes = 'Resumen'\n"))
        findings = completeness_findings(build_manual(ws, TODAY), ws.manual)
        (finding,) = [f for f in findings if f.rule == RULE_TRANSLATION]
        assert finding.subject == "govsm.toml:manual.crisis.summary"
        assert "ca-valencia" in finding.message.en
        assert finding.severity is Severity.WARNING

    def test_unsupported_official_language(self, small: Path) -> None:
        """An official language without labels is reported; the manual falls back to Spanish."""
        text = (small / "govsm.toml").read_text(encoding="utf-8")
        (small / "govsm.toml").write_text(
            text.replace('languages = ["ca-valencia", "es"]', 'languages = ["gl"]'),
            encoding="utf-8",
        )
        document = build_manual(_open(small), TODAY)
        assert manual_languages(document.languages) == ("es",)
        assert RULE_LANGUAGE in {f.rule for f in completeness_findings(document, None)}

    def test_empty_manual_content(self, small: Path) -> None:
        """An empty [manual] table is valid and fills nothing."""
        ws = _open(with_manual(small, "[manual]\n"))
        assert ws.manual == ManualContent()


@pytest.mark.parametrize("section", list(SectionId))
def test_every_section_has_labels(section: SectionId) -> None:
    """Each section has a title and a lead in the three languages."""
    assert f"section.{section}" in all_labels()
    assert f"section.{section}.lead" in all_labels()
