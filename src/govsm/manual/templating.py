"""What the HTML and Markdown templates share: the Jinja2 environment and the helpers they call.

The templates receive the :class:`~govsm.manual.document.ManualDocument` as
``doc`` and these names:

``t(key, **values)``
    a label in the manual's language (:class:`~govsm.manual.labels.Labels`);
``loc(text)``
    a :class:`~govsm.model.LocalizedText` in the manual's language (see :class:`Localizer`);
``plain(text)``
    the same, as plain text whatever its language;
``fmt_date(day)``, ``num(value)``, ``language_name(tag)``, ``objective(text)``
    dates, numbers, language names and profile objectives as the language writes them;
``network(channel_id, name)``, ``profile_name(ref)``
    a network's name in the manual's language (the catalogue's ``names``: *Bloc corporatiu*,
    *Blog corporativo*, *Corporate blog*), and a profile's account and network;
``roles(row)``, ``prerequisites``, ``flow_lines``
    a RACI row's roles in words, and the request prerequisites and the approval flow as
    sentences;
``sections``, ``numbers``
    the sections in order, and each one's number.

Text is escaped on output: by Jinja2's autoescaping in HTML, and by the ``finalize`` hook in
Markdown (:func:`~govsm.manual.render_markdown.escape_markdown`), so a template
cannot forget to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from govsm.manual.coordination import Validation
from govsm.manual.document import ManualDocument, SectionId
from govsm.manual.flow import flow_summary
from govsm.manual.labels import Labels
from govsm.manual.responsibilities import RaciRow
from govsm.model import LocalizedText, ScopeKind


class Localizer:
    """Picks the text of a :class:`~govsm.model.LocalizedText` for one language.

    A text missing in the language (the audit reports it) is shown in the first official
    language that has it, else in any; :meth:`resolve` says which, so the HTML can mark it
    with its own ``lang``.

    :param language: the manual's language.
    :param fallbacks: the languages to try next, in order.
    """

    def __init__(self, language: str, fallbacks: tuple[str, ...]) -> None:
        self.language = language
        self.fallbacks = fallbacks

    def resolve(self, text: LocalizedText | None) -> tuple[str, str | None]:
        """The text, and the language it is in when that is not the manual's (else ``None``).

        ``None`` gives an empty text.
        """
        if text is None:
            return "", None
        found = text.get(self.language)
        if found is not None:
            return found, None
        for tag in self.fallbacks:
            found = text.get(tag)
            if found is not None:
                return found, tag
        tag, value = next(iter(text.translations.items()))
        return value, tag


def environment(*, html: bool, finalize: Callable[[Any], Any] | None = None) -> jinja2.Environment:
    """A Jinja2 environment over this package's templates.

    :param html: autoescape everything (HTML); otherwise ``finalize`` escapes.
    :param finalize: applied to every ``{{ … }}`` value.
    """
    return jinja2.Environment(
        loader=jinja2.PackageLoader("govsm.manual", "templates"),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )


def template_names(document: ManualDocument, language: str) -> dict[str, Any]:
    """The names every template receives, for ``document`` in ``language``."""
    labels = Labels(language, document.networks)
    localizer = Localizer(language, tuple(t for t in document.languages if t != language))
    flow = document.responsibilities.flow if document.responsibilities else None
    return {
        "doc": document,
        "lang": language,
        "t": labels,
        "localizer": localizer,
        "plain": lambda text: localizer.resolve(text)[0],
        "fmt_date": labels.date,
        "num": labels.number,
        "language_name": labels.language_name,
        "objective": labels.objective,
        "network": labels.network,
        "profile_name": labels.profile,
        "roles": lambda row: roles_text(row, labels),
        "prerequisites": prerequisite_lines(document.validation, labels),
        "flow_lines": flow_summary(flow, labels) if flow else (),
        "sections": [section.value for section in SectionId],
        "numbers": {section.value: n for n, section in enumerate(SectionId, 1)},
    }


def roles_text(row: RaciRow, t: Labels) -> str:
    """A RACI row's roles in words: ``redacció (àrea Esports, fins al 31 d'agost de 2026)``."""
    parts = []
    for assignment in row.assignments:
        if assignment.scope is ScopeKind.ORGANISATION:
            where = t("scope.organisation")
        elif assignment.profile is not None:
            where = t("scope.profile", name=t.profile(assignment.profile))
        else:
            where = t("scope.unit", name=assignment.target or "")
        if assignment.until is not None:
            where += ", " + t("raci.until", date=t.date(assignment.until))
        parts.append(f"{t(f'role.{assignment.role}')} ({where})")
    if row.owns:
        parts.append(t("raci.owns", profiles=", ".join(t.profile(p) for p in row.owns)))
    return "; ".join(parts)


def prerequisite_lines(validation: Validation | None, t: Labels) -> tuple[str, ...]:
    """The organisation's prerequisites for a new profile, one sentence each."""
    if validation is None:
        return ()
    p = validation.prerequisites
    lines = []
    if p.owner:
        lines.append(t("prereq.owner"))
    if p.min_backups:
        lines.append(
            t("prereq.backups.one")
            if p.min_backups == 1
            else t("prereq.backups.many", n=p.min_backups)
        )
    if p.institutional_email:
        domains = ", ".join(validation.domains)
        lines.append(t("prereq.email", domains=domains) if domains else t("prereq.email.any"))
    if p.editorial_line:
        lines.append(t("prereq.editorial_line"))
    if p.min_draft_posts:
        lines.append(
            t("prereq.drafts.one")
            if p.min_draft_posts == 1
            else t("prereq.drafts.many", n=p.min_draft_posts)
        )
    if p.active_network:
        lines.append(t("prereq.active_network"))
    if p.no_duplicate:
        lines.append(t("prereq.no_duplicate"))
    return tuple(lines)
