"""The digest for pasting into a social network's editor, and its plain-text alternative.

Networks such as Novagob or INAP Social let their members write a group post or a blog entry in
a rich-text editor, and such editors keep little of what is pasted into them: headings,
paragraphs, lists, links, bold and line breaks, without any style, class or other attribute but a
link's address. :func:`render_fragment` writes the digest's content
(:mod:`~govsm.builtin.exporters.digest_content`) with those elements only — a title line first —
and :func:`render_text` the same as plain text, for an editor that keeps nothing, or the
plain-text part of an e-mail. Both end with the addresses of the feeds a group can subscribe to
(:func:`feed_addresses`), when the organisation publishes govsm's feeds on its portal
(:class:`~govsm.builtin.exporters.paste_settings.PasteSettings`).

The network plugins ``govsm-novagob`` and ``govsm-inap-social`` use this module; it talks to no
network.
"""

from __future__ import annotations

from typing import BinaryIO

from govsm.builtin.exporters.digest_content import Digest, collect_digest
from govsm.builtin.exporters.digest_html import period_text, profile_text, waited_text
from govsm.builtin.exporters.digest_labels import Labels, digest_language
from govsm.builtin.exporters.feed_writing import headline
from govsm.builtin.exporters.html_writing import NOT_HTML, element, html_text, safe_href
from govsm.builtin.exporters.paste_settings import PasteSettings, settings_for
from govsm.spec.export_source import OFFICIAL_STATES, ExportSource, message_moment
from govsm.spec.exporter import Exporter


def feed_addresses(source: ExportSource, settings: PasteSettings) -> list[tuple[str, str]]:
    """The feeds a group can subscribe to, each with what it covers, for the selection.

    The organisation's (unless a profile or unit is selected), each selected unit's and each
    selected official profile's; none without a
    :attr:`~govsm.builtin.exporters.paste_settings.PasteSettings.feed_base`.
    """
    base = settings.feed_base
    if base is None:
        return []
    labels = Labels(digest_language(source.organisation.languages))
    found: list[tuple[str, str]] = []
    if source.selection.profile is None and source.selection.unit is None:
        found.append((labels("feeds.organisation"), f"{base}/organisation.atom"))
    if source.selection.profile is None:
        found.extend((unit.name, f"{base}/unit/{unit.id}.atom") for unit in source.selected_units())
    found.extend(
        (profile_text(source, p.id, labels.language), f"{base}/profile/{p.id}.atom")
        for p in source.selected_profiles()
        if p.state in OFFICIAL_STATES
    )
    return found


def title_line(
    source: ExportSource, settings: PasteSettings | None = None, network: str | None = None
) -> str:
    """The digest's title: the export's title, the digest's name, and the network and group."""
    labels = Labels(digest_language(source.organisation.languages))
    title = f"{source.title} — {labels('title')}"
    group = settings.group if settings is not None else None
    where = " · ".join(part for part in (network, group) if part)
    return f"{title} ({where})" if where else title


def _lines(source: ExportSource, digest: Digest) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The digest's sections: a heading, then lines, each a text and an optional link."""
    labels = Labels(digest_language(source.organisation.languages))
    language = labels.language
    local = source.organisation.local_time

    def more(shown: int, total: int) -> list[tuple[str, str | None]]:
        return [(labels("more", n=total - shown), None)] if total > shown else []

    published: list[tuple[str, str | None]] = [
        (
            f"{headline(item.message)} — {profile_text(source, item.message.profile, language)}, "
            f"{labels.moment(local(message_moment(item.message)))}",
            safe_href(item.url),
        )
        for item in digest.published
    ]
    published = (
        [(labels("published.total", n=digest.published_total), None), *published]
        if published
        else [(labels("published.none"), None)]
    ) + more(len(digest.published), digest.published_total)
    waiting: list[tuple[str, str | None]] = [
        (
            f"{profile_text(source, w.profile, language)} · {labels('kind.' + w.kind)} · "
            f"{labels('open.received', when=labels.moment(local(w.received_at)))} · "
            f"{waited_text(labels, w.waited)}",
            None,
        )
        for w in digest.waiting
    ]
    waiting = (
        [(labels("open.intro", n=digest.waiting_total), None), *waiting]
        if waiting
        else [(labels("open.none"), None)]
    ) + more(len(digest.waiting), digest.waiting_total)
    upcoming: list[tuple[str, str | None]] = [
        (labels("upcoming.campaign", name=name, n=n, when=labels.moment(local(first))), None)
        for name, n, first in digest.campaigns
    ]
    upcoming += [
        (
            f"{labels.moment(local(p.at))} — {headline(p.item.message)} — "
            f"{profile_text(source, p.item.message.profile, language)}",
            None,
        )
        for p in digest.upcoming
    ]
    upcoming = (upcoming or [(labels("upcoming.none"), None)]) + more(
        len(digest.upcoming), digest.upcoming_total
    )
    return [
        (labels("published.heading"), published),
        (labels("open.heading"), waiting),
        (labels("upcoming.heading"), upcoming),
    ]


def render_fragment(
    source: ExportSource, digest: Digest, settings: PasteSettings, network: str
) -> str:
    """The digest as HTML an editor keeps: ``h2``, ``h3``, ``p``, ``ul``, ``li`` and ``a`` only.

    :param network: the network's name, for the title line (``Novagob``).
    """
    labels = Labels(digest_language(source.organisation.languages))
    parts = [
        element("h2", html_text(title_line(source, settings, network))),
        element("p", html_text(period_text(labels, source, digest.since, digest.until))),
    ]
    for heading, lines in _lines(source, digest):
        parts.append(element("h3", html_text(heading)))
        items = [
            element("li", element("a", html_text(text), {"href": href}))
            if href
            else element("li", html_text(text))
            for text, href in lines
        ]
        parts.append(element("ul", "".join(items)))
    feeds = feed_addresses(source, settings)
    if feeds:
        parts.append(element("h3", html_text(labels("feeds.heading"))))
        parts.append(
            element(
                "ul",
                "".join(
                    element(
                        "li", f"{html_text(what)}: " + element("a", html_text(url), {"href": url})
                    )
                    for what, url in feeds
                ),
            )
        )
    parts.append(element("p", html_text(labels("footer"))))
    return "\n".join(parts) + "\n"


def render_text(
    source: ExportSource,
    digest: Digest,
    settings: PasteSettings | None = None,
    network: str | None = None,
) -> str:
    """The digest as plain text: the title line, then each section, links on their own line.

    :param settings: where the feeds are, and the group (none: no feeds, no group).
    :param network: the network's name, for the title line (none: not named).
    """
    labels = Labels(digest_language(source.organisation.languages))
    title = title_line(source, settings, network)
    out = [
        title,
        "=" * min(len(title), 72),
        period_text(labels, source, digest.since, digest.until),
    ]
    for heading, lines in _lines(source, digest):
        out += ["", heading, "-" * min(len(heading), 72)]
        for text, href in lines:
            out.append(f"- {_one_line(text)}")
            if href:
                out.append(f"  {href}")
    feeds = feed_addresses(source, settings) if settings is not None else []
    if feeds:
        heading = labels("feeds.heading")
        out += ["", heading, "-" * min(len(heading), 72)]
        out += [f"- {_one_line(what)}: {url}" for what, url in feeds]
    out += ["", labels("footer")]
    return "\n".join(out) + "\n"


def _one_line(text: str) -> str:
    """``text`` on one line, without what a terminal or a mail program would act on."""
    return " ".join(NOT_HTML.sub("\ufffd", text).split())


def paste_exporters(prefix: str, network: str, table: str, variable: str) -> list[Exporter]:
    """The exporters ``{prefix}-digest`` (HTML to paste) and ``{prefix}-digest-text`` (text).

    What a network plugin for a network without an API declares: both read their settings
    when they run — the workspace's ``[plugins.{table}]`` table, else the file the environment
    variable names (:func:`~govsm.builtin.exporters.paste_settings.settings_for`).

    :param prefix: the kinds' prefix (``novagob``).
    :param network: the network's name, for the title line (``Novagob``).
    :param table: the settings table's name (``novagob``).
    :param variable: the environment variable naming the settings file.
    """

    def fragment(source: ExportSource, out: BinaryIO) -> None:
        settings = settings_for(source.settings, table, variable)
        digest = collect_digest(source)
        out.write(render_fragment(source, digest, settings, network).encode("utf-8"))

    def text(source: ExportSource, out: BinaryIO) -> None:
        settings = settings_for(source.settings, table, variable)
        digest = collect_digest(source)
        out.write(render_text(source, digest, settings, network).encode("utf-8"))

    return [
        Exporter(
            name=f"{prefix}-digest",
            description=f"Weekly digest as HTML to paste into a post on {network} (headings, "
            "lists, links only)",
            media_type="text/html",
            export=fragment,
            extension=".html",
        ),
        Exporter(
            name=f"{prefix}-digest-text",
            description=f"Weekly digest as plain text, for {network} or an e-mail",
            media_type="text/plain",
            export=text,
            extension=".txt",
        ),
    ]
