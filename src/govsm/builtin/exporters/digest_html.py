"""Built-in plugin: ``digest``, the weekly digest for the organisation's staff, as one HTML page.

What the organisation published in the period, with links; the citizens' messages still
waiting for an answer and how long they have waited; the campaigns and posts planned for the
next days (see :mod:`~govsm.builtin.exporters.digest_content` for what each list holds). It is
written in the organisation's first language only (:mod:`~govsm.builtin.exporters.digest_labels`).

The page is self-contained so that it can be pasted into a rich-text editor (an intranet, a
Novagob group, an INAP Social community) or sent as the body of an e-mail: styles are inline
``style`` attributes only, and it has no script, no style sheet, no image, no font and no frame —
nothing that makes a reader's program fetch anything. Every text from the store is escaped
(:mod:`~govsm.builtin.exporters.html_writing`) and sits in its own element with ``dir="auto"``, so
neither markup nor a direction-changing character in a post can change the page around it.
Links are ``http(s)`` addresses only.

``govsm audit`` writes it into the report folder as ``digest.html``, for the week before the
audit's moment.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import BinaryIO

from govsm.builtin.exporters.digest_content import Digest, collect_digest
from govsm.builtin.exporters.digest_labels import Labels, digest_language
from govsm.builtin.exporters.feed_writing import headline
from govsm.builtin.exporters.html_writing import element, html_attribute, html_text, safe_href
from govsm.spec.export_source import ExportSource, message_moment
from govsm.spec.exporter import Exporter, InReport
from govsm.spec.hookspecs import hookimpl

#: the inline styles, one per kind of element (colours readable on white, WCAG AA)
STYLES = {
    "body": "margin:0;padding:16px;background:#ffffff;color:#1f2328;"
    "font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45",
    "box": "max-width:680px;margin:0 auto",
    "h1": "font-size:22px;margin:0 0 4px",
    "h2": "font-size:18px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px",
    "note": "margin:0 0 8px;color:#57606a",
    "ul": "margin:0;padding-left:20px",
    "li": "margin:0 0 8px",
    "a": "color:#0b5cad",
    "meta": "color:#57606a;font-size:13px",
    "footer": "margin:24px 0 0;color:#57606a;font-size:13px",
}


def period_text(labels: Labels, source: ExportSource, since: datetime, until: datetime) -> str:
    """The period in the organisation's time, as days when it is whole days, else with times."""
    start = source.organisation.local_time(since)
    end = source.organisation.local_time(until)
    midnight = start.time() == end.time() == datetime.min.time()
    if midnight:
        return labels("period", start=labels.day(start), end=labels.day(end - timedelta(days=1)))
    return labels("period", start=labels.moment(start), end=labels.moment(end))


def profile_text(source: ExportSource, profile_id: str, language: str) -> str:
    """A profile as its readers know it: the network's name and the profile's (or its handle)."""
    profile = source.profile(profile_id)
    if profile is None:
        return profile_id
    channel = source.channel(profile.channel)
    network = channel.display_name(language) if channel is not None else profile.channel
    return f"{network} · {profile.name or profile.handle}"


def waited_text(labels: Labels, waited: timedelta) -> str:
    """How long a message has waited: in days from one day on, else in hours."""
    if waited >= timedelta(days=1):
        return labels("open.waited.days", n=waited.days)
    return labels("open.waited.hours", n=int(waited.total_seconds() // 3600))


def render(source: ExportSource, digest: Digest) -> str:
    """The digest as a whole HTML document."""
    language = digest_language(source.organisation.languages)
    labels = Labels(language)
    local = source.organisation.local_time
    title = f"{source.title} — {labels('title')}"
    parts: list[str] = []

    def styled(tag: str, content: str, style: str, **attributes: str | None) -> str:
        return element(tag, content, {"style": STYLES[style], **attributes})

    def entry(text_html: str, meta: str) -> str:
        shown_meta = styled("span", html_text(meta), "meta", dir="auto")
        return styled("li", f"{text_html}<br>{shown_meta}", "li", dir="auto")

    def more(shown: int, total: int) -> str:
        return (
            styled("li", html_text(labels("more", n=total - shown)), "li") if total > shown else ""
        )

    parts.append(styled("h1", html_text(title), "h1", dir="auto"))
    parts.append(
        styled("p", html_text(period_text(labels, source, digest.since, digest.until)), "note")
    )

    parts.append(styled("h2", html_text(labels("published.heading")), "h2"))
    if digest.published:
        parts.append(
            styled("p", html_text(labels("published.total", n=digest.published_total)), "note")
        )
        items = []
        for item in digest.published:
            message = item.message
            shown = element("span", html_text(headline(message)), {"dir": "auto"})
            href = safe_href(item.url)
            if href is not None:
                shown = styled("a", shown, "a", href=href)
            meta = (
                f"{profile_text(source, message.profile, language)} · "
                f"{labels.moment(local(message_moment(message)))}"
            )
            items.append(entry(shown, meta))
        items.append(more(len(digest.published), digest.published_total))
        parts.append(styled("ul", "".join(items), "ul"))
    else:
        parts.append(styled("p", html_text(labels("published.none")), "note"))

    parts.append(styled("h2", html_text(labels("open.heading")), "h2"))
    if digest.waiting:
        parts.append(styled("p", html_text(labels("open.intro", n=digest.waiting_total)), "note"))
        items = []
        for waiting in digest.waiting:
            what = (
                f"{profile_text(source, waiting.profile, language)} · "
                f"{labels('kind.' + waiting.kind)} · {labels('state.' + waiting.state)}"
            )
            meta = (
                f"{labels('open.received', when=labels.moment(local(waiting.received_at)))} · "
                f"{waited_text(labels, waiting.waited)}"
            )
            items.append(entry(html_text(what), meta))
        items.append(more(len(digest.waiting), digest.waiting_total))
        parts.append(styled("ul", "".join(items), "ul"))
    else:
        parts.append(styled("p", html_text(labels("open.none")), "note"))

    parts.append(styled("h2", html_text(labels("upcoming.heading")), "h2"))
    if digest.upcoming:
        end = labels.moment(local(digest.upcoming_until))
        parts.append(
            styled(
                "p", html_text(labels("upcoming.intro", end=end, n=digest.upcoming_total)), "note"
            )
        )
        if digest.campaigns:
            campaigns = [
                styled(
                    "li",
                    element(
                        "span",
                        html_text(
                            labels(
                                "upcoming.campaign",
                                name=name,
                                n=n,
                                when=labels.moment(local(first)),
                            )
                        ),
                        {"dir": "auto"},
                    ),
                    "li",
                )
                for name, n, first in digest.campaigns
            ]
            parts.append(styled("ul", "".join(campaigns), "ul"))
        items = []
        for planned in digest.upcoming:
            message = planned.item.message
            shown = element("span", html_text(headline(message)), {"dir": "auto"})
            meta = (
                f"{profile_text(source, message.profile, language)} · "
                f"{labels.moment(local(planned.at))} · {labels('state.' + message.state.value)}"
            )
            items.append(entry(shown, meta))
        items.append(more(len(digest.upcoming), digest.upcoming_total))
        parts.append(styled("ul", "".join(items), "ul"))
    else:
        parts.append(styled("p", html_text(labels("upcoming.none")), "note"))

    footer = (
        f"{labels('footer')} {labels('generated', when=labels.moment(local(digest.generated_at)))}"
    )
    parts.append(styled("p", html_text(footer), "footer"))
    body = styled("div", "\n".join(parts), "box", **{"class": "govsm-digest"})
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_attribute(language)}">\n'
        '<head><meta charset="utf-8">'
        f"<title>{html_text(title)}</title></head>\n"
        f'<body style="{html_attribute(STYLES["body"])}">\n{body}\n</body>\n</html>\n'
    )


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the digest of ``source`` to ``out`` as one UTF-8 HTML document."""
    out.write(render(source, collect_digest(source)).encode("utf-8"))


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the digest exporter."""
    return [
        Exporter(
            name="digest",
            description="Weekly digest for the staff: published, open conversations, upcoming "
            "(one self-contained HTML page)",
            media_type="text/html",
            export=write,
            extension=".html",
            in_report=InReport("digest.html"),
        )
    ]
