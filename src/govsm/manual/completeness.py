"""Which sections of the manual the workspace fills, and the findings for the rest.

A section is *filled*, *partial* (some of it is missing: the keys are named) or *missing*.
A missing section is a warning, a partial one a note (``info``); a text of ``[manual]`` given
by language but not in one of the official languages is a warning too, since the manual must be
complete in each of them. Every finding says, in Spanish and English, which ``govsm.toml`` key
to fill in.
"""

from __future__ import annotations

from govsm.manual.conduct import PeriodStatus
from govsm.manual.document import Completeness, ManualDocument, SectionId, SectionStatus
from govsm.manual.labels import SUPPORTED_LANGUAGES, Labels
from govsm.model import Bilingual, Finding, ManualContent, Severity
from govsm.model.manual import localized_texts

#: where the workspace format documents each key the findings name
REFERENCE = "https://govsm.readthedocs.io/en/latest/reference/workspace-format.html#manual"

RULE_MISSING = "manual-section-missing"
RULE_PARTIAL = "manual-section-partial"
RULE_TRANSLATION = "manual-translation-missing"
RULE_LANGUAGE = "manual-language-unsupported"


def _status(
    section: SectionId,
    *,
    empty: bool,
    missing: tuple[str, ...],
    partial: tuple[str, ...] = (),
) -> SectionStatus:
    """``missing`` when the section is empty, else ``partial`` (filled when there are none)."""
    if empty:
        return SectionStatus(section, Completeness.MISSING, missing)
    if partial:
        return SectionStatus(section, Completeness.PARTIAL, partial)
    return SectionStatus(section, Completeness.FILLED)


def section_statuses(document: ManualDocument) -> tuple[SectionStatus, ...]:
    """The status of every section of ``document``, in order."""
    d = document
    procedure = d.procedure
    procedure_keys: tuple[str, ...] = ()
    if procedure is not None and procedure.how_to_request is None and not procedure.form_url:
        procedure_keys = ("manual.procedure.how_to_request", "manual.procedure.form_url")
    responsibilities = d.responsibilities
    responsibility_keys: tuple[str, ...] = ()
    if responsibilities is not None:
        flow = responsibilities.flow
        if not flow.paths:
            responsibility_keys = ("policy.approval_tiers",)
        elif any(path.tiers and not path.approvers for path in flow.paths):
            responsibility_keys = ("roles (approver)",)
    style = d.style
    style_keys: tuple[str, ...] = ()
    if style is not None:
        style_keys = tuple(
            f"manual.style.{name}"
            for name, value in (
                ("logos", style.logos),
                ("colours", style.colours),
                ("typefaces", style.typefaces),
            )
            if not value
        )
    crisis = d.crisis
    crisis_keys: tuple[str, ...] = ()
    if crisis is not None and not (crisis.levels or crisis.steps):
        crisis_keys = ("manual.crisis.levels", "manual.crisis.steps")
    commitments = d.commitments
    commitment_keys: tuple[str, ...] = ()
    if commitments is not None:
        commitment_keys = tuple(
            key
            for key, value in (
                ("policy.office_hours", commitments.office_hours),
                ("policy.response_targets", commitments.response_targets),
            )
            if not value
        )
    upcoming = any(e.status is not PeriodStatus.PAST for e in d.electoral)
    return (
        _status(
            SectionId.COORDINATION,
            empty=d.coordination is None,
            missing=("policy.coordinating_unit",),
        ),
        _status(
            SectionId.PROCEDURE,
            empty=procedure is None,
            missing=("policy",),
            partial=procedure_keys,
        ),
        _status(SectionId.RESOURCES, empty=not d.resources, missing=("manual.resources",)),
        _status(
            SectionId.RESPONSIBILITIES,
            empty=responsibilities is None,
            missing=("roles",),
            partial=responsibility_keys,
        ),
        _status(SectionId.VALIDATION, empty=d.validation is None, missing=("policy",)),
        _status(SectionId.PROFILES, empty=not d.profiles, missing=("profiles",)),
        _status(
            SectionId.STYLE, empty=style is None, missing=("manual.style",), partial=style_keys
        ),
        _status(SectionId.BLOGS, empty=d.blogs is None, missing=("manual.blogs",)),
        _status(
            SectionId.CRISIS, empty=crisis is None, missing=("manual.crisis",), partial=crisis_keys
        ),
        _status(
            SectionId.COMMITMENTS,
            empty=commitments is None,
            missing=("policy.office_hours", "policy.response_targets"),
            partial=commitment_keys,
        ),
        _status(
            SectionId.ELECTORAL,
            empty=not d.electoral,
            missing=("policy.electoral_periods",),
            partial=() if upcoming else ("policy.electoral_periods",),
        ),
    )


def manual_languages(official: tuple[str, ...]) -> tuple[str, ...]:
    """The official languages the manual can be shown in (Spanish when none can).

    >>> manual_languages(("ca-valencia", "es"))
    ('ca-valencia', 'es')
    >>> manual_languages(("gl",))
    ('es',)
    """
    chosen = tuple(tag for tag in official if tag in SUPPORTED_LANGUAGES)
    return chosen or ("es",)


def completeness_findings(
    document: ManualDocument, manual: ManualContent | None
) -> tuple[Finding, ...]:
    """What the manual still lacks.

    Missing and partial sections, texts not given in an official language, and official
    languages the manual cannot be shown in.
    """
    es, en = Labels("es"), Labels("en")
    findings: list[Finding] = []
    for status in document.status:
        if status.completeness is Completeness.FILLED:
            continue
        name_es, name_en = es(f"section.{status.section}"), en(f"section.{status.section}")
        keys = ", ".join(status.keys)
        missing = status.completeness is Completeness.MISSING
        findings.append(
            Finding(
                rule=RULE_MISSING if missing else RULE_PARTIAL,
                severity=Severity.WARNING if missing else Severity.INFO,
                message=Bilingual(
                    es=f"la sección «{name_es}» del manual "
                    + ("está vacía" if missing else "está incompleta"),
                    en=f"the manual's section '{name_en}' "
                    + ("is empty" if missing else "is incomplete"),
                ),
                subject=f"manual:{status.section}",
                suggestion=Bilingual(
                    es=f"declare {keys} en govsm.toml", en=f"declare {keys} in govsm.toml"
                ),
                reference=REFERENCE,
                policy_version=document.policy_version,
            )
        )
    languages = manual_languages(document.languages)
    for tag in document.languages:
        if tag not in SUPPORTED_LANGUAGES:
            shown = ", ".join(languages)
            findings.append(
                Finding(
                    rule=RULE_LANGUAGE,
                    severity=Severity.WARNING,
                    message=Bilingual(
                        es=f"govsm aún no tiene las etiquetas del manual en «{tag}», lengua "
                        f"oficial de la organización: el manual se genera en {shown}",
                        en=f"govsm has no labels for the manual in '{tag}', an official "
                        f"language of the organisation, yet: the manual is generated in {shown}",
                    ),
                    subject=f"language:{tag}",
                    suggestion=Bilingual(
                        es="contribuya las traducciones a govsm/manual/data/labels.toml",
                        en="contribute the translations to govsm/manual/data/labels.toml",
                    ),
                )
            )
    for path, text in localized_texts(manual) if manual is not None else ():
        lacking = [tag for tag in languages if not text.covers(tag)]
        if not lacking:
            continue
        shown = ", ".join(lacking)
        findings.append(
            Finding(
                rule=RULE_TRANSLATION,
                severity=Severity.WARNING,
                message=Bilingual(
                    es=f"el texto no está en {shown}: el manual en esa lengua quedaría incompleto",
                    en=f"the text is not given in {shown}: the manual in that language would "
                    "be incomplete",
                ),
                subject=f"govsm.toml:{path}",
                suggestion=Bilingual(
                    es=f"añada {shown} a la tabla de idiomas, o dé un solo texto si no depende "
                    "del idioma",
                    en=f"add {shown} to the table of languages, or give one text if it does "
                    "not depend on the language",
                ),
                reference=REFERENCE,
            )
        )
    return tuple(findings)
