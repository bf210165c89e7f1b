"""Built-in plugin: ``snippets``, the latest posts of a profile or a unit as an HTML fragment.

A fragment to embed in a page of the portal, the intranet or a Novagob or INAP Social group
that accepts HTML: a ``<section>`` with the export's title and an ordered list of the newest
:data:`LATEST` publications (``--limit`` chooses another number), each with its full text, its
profile, its date and a link to it on its network. It carries no script, no style and no image:
the host page styles it through these class names, which do not change between versions:

``govsm-snippets``
    the ``<section>``; ``lang`` is the organisation's first language.
``govsm-snippets__title``
    its ``<h2>`` title.
``govsm-snippets__list``
    the ``<ol>`` of posts, newest first.
``govsm-snippet``
    one post's ``<li>``; ``lang`` is the post's language when known; ``data-id`` is its id
    (the ``tag:`` URI of every export).
``govsm-snippet__warning``
    its content warning, when it has one (a ``<p>``).
``govsm-snippet__text``
    its text (a ``<p>``, line breaks as ``<br>``).
``govsm-snippet__meta``
    the ``<p>`` under it, holding ``govsm-snippet__profile`` (a ``<span>``),
    ``govsm-snippet__date`` (a ``<time>`` with its RFC 3339 ``datetime``) and
    ``govsm-snippet__link`` (an ``<a>`` to the post, when it has an ``http(s)`` address).

Every text is escaped, and each post's text has ``dir="auto"``: a post in Arabic, or one holding
direction-changing characters, does not turn the page around it.
"""

from __future__ import annotations

from typing import BinaryIO

import attrs

from govsm.builtin.exporters.digest_html import profile_text
from govsm.builtin.exporters.digest_labels import Labels, digest_language
from govsm.builtin.exporters.feed_writing import rfc3339
from govsm.builtin.exporters.html_writing import element, html_lines, html_text, safe_href
from govsm.spec.export_source import ExportItem, ExportSource, message_moment
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl

#: how many posts a fragment shows when ``--limit`` is not given
LATEST = 10


def snippet(source: ExportSource, item: ExportItem, labels: Labels) -> str:
    """One post as a ``govsm-snippet`` list item."""
    message = item.message
    moment = message_moment(message)
    parts = []
    if message.content_warning:
        parts.append(
            element(
                "p",
                html_lines(message.content_warning),
                {"class": "govsm-snippet__warning", "dir": "auto"},
            )
        )
    parts.append(
        element("p", html_lines(message.text), {"class": "govsm-snippet__text", "dir": "auto"})
    )
    meta = [
        element(
            "span",
            html_text(profile_text(source, message.profile, labels.language)),
            {"class": "govsm-snippet__profile", "dir": "auto"},
        ),
        element(
            "time",
            html_text(labels.moment(source.organisation.local_time(moment))),
            {"class": "govsm-snippet__date", "datetime": rfc3339(moment)},
        ),
    ]
    href = safe_href(item.url)
    if href is not None:
        meta.append(
            element(
                "a",
                html_text(labels("view")),
                {"class": "govsm-snippet__link", "href": href, "rel": "noopener"},
            )
        )
    parts.append(element("p", " · ".join(meta), {"class": "govsm-snippet__meta"}))
    return element(
        "li",
        "".join(parts),
        {
            "class": "govsm-snippet",
            "lang": message.language,
            "data-id": source.message_id(message),
        },
    )


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the fragment of ``source``'s latest publications to ``out`` (UTF-8)."""
    labels = Labels(digest_language(source.organisation.languages))
    if source.selection.limit is None:
        source = attrs.evolve(source, selection=attrs.evolve(source.selection, limit=LATEST))
    out.write(
        (
            f'<section class="govsm-snippets" lang="{labels.language}">\n'
            + element("h2", html_text(source.title), {"class": "govsm-snippets__title"})
            + '\n<ol class="govsm-snippets__list">\n'
        ).encode("utf-8")
    )
    for item in source.published():
        out.write((snippet(source, item, labels) + "\n").encode("utf-8"))
    out.write(b"</ol>\n</section>\n")


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the snippets exporter."""
    return [
        Exporter(
            name="snippets",
            description="Latest posts of a profile or unit as an HTML fragment to embed",
            media_type="text/html",
            export=write,
            extension=".html",
        )
    ]
