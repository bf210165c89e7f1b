"""A feed's bytes taken apart: RSS and Atom with ``feedparser``, JSON Feed with ``json``.

RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 are read by `feedparser <https://feedparser.readthedocs.io>`_,
from the bytes in memory (it is never given a name or a URL it could open itself). Its released
versions do not read JSON Feed, so JSON Feed 1.0 and 1.1 are read here with ``json``, as
the specification lays them out (``version``, ``items`` with ``id``, ``url``, ``title``,
``content_html``, ``content_text``, ``summary``, ``language``, ``date_published``).

What a damaged feed gives:

* **Not well-formed XML** (feedparser's *bozo* flag): feedparser's tolerant reader still finds
  the entries it can; they are kept, and a note says the feed is damaged and where the XML
  parser stopped, so the drafts are read with care. With no entry found at all, the source is
  reported unreadable.
* **Entities**: an internal entity that expands to other entities (the *billion laughs*) and
  any external entity (``SYSTEM "file:///…"``) are not expanded: feedparser leaves them out.
* An entry without a title or text, or with neither a link nor an id nor words, is skipped
  with a note; a link that is not ``http(s)`` is dropped (the draft then has none).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from xml.sax import SAXParseException

import feedparser  # type: ignore[import-untyped]
from attrs import field, frozen

from govsm.curation.dedup import canonical_link, content_key
from govsm.curation.entry_text import clean_text, html_text, plain_text, shorten
from govsm.curation.errors import SourceError
from govsm.curation.fetching import Fetched
from govsm.model import Bilingual

#: the longest title kept, in characters (the draft shortens it further when it must)
TITLE_MAX = 300

#: the longest text kept of an entry, in characters
SUMMARY_MAX = 2000

#: how much of an entry's own record is kept beside its draft, per field, in characters
RECORD_FIELD_MAX = 16 * 1024

_JSON_FEED = "https://jsonfeed.org/version/"
#: the fields of a JSON Feed item kept as its record
_JSON_RECORD = (
    "id", "url", "external_url", "title", "summary", "content_html", "content_text",
    "date_published", "language",
)  # fmt: skip
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_LANGUAGE = re.compile(
    r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-[a-z0-9]{5,8})*\Z"
)


@frozen
class FeedEntry:
    """One entry of a feed, as a draft needs it.

    :param position: its place in the feed (1 is the first, usually the newest).
    :param key: what identifies it: its canonical link, else ``id:`` and its id, else
        ``text:`` and its content key.
    :param link: its canonical link (:func:`~govsm.curation.dedup.canonical_link`), if it has
        a web link.
    :param entry_id: its id (an RSS ``guid``, an Atom or JSON Feed ``id``), if any.
    :param title: its title, as text.
    :param summary: its summary or content, as text (markup taken out).
    :param language: its language as the feed says it (BCP 47), if it does.
    :param published: when it was published, if the feed says.
    :param record: the entry as the feed gave it, as JSON (each field cut to
        :data:`RECORD_FIELD_MAX` characters), kept beside its drafts; not shown in ``repr``.
    """

    position: int
    key: str
    link: str | None
    entry_id: str | None
    title: str
    summary: str
    language: str | None = None
    published: datetime | None = None
    record: str = field(default="{}", repr=False)


@frozen
class Feed:
    """What a source held.

    :param kind: its format, as ``feedparser`` names it (``rss20``, ``atom10``…) or
        ``json11``/``json10`` for JSON Feed.
    :param title: its title.
    :param language: its language (BCP 47), if it says.
    :param entries: the entries read, at most the source's ``max_items``, in the feed's order.
    :param total: how many entries it has in all.
    :param notes: what was wrong but did not stop it being read.
    """

    kind: str
    title: str
    language: str | None
    entries: tuple[FeedEntry, ...]
    total: int
    notes: tuple[Bilingual, ...] = ()


def language_tag(value: Any) -> str | None:
    """A feed's language code as a BCP 47 tag (``ca-es`` is ``ca-ES``); ``None`` if it is none.

    >>> language_tag("ca-es"), language_tag("es_ES"), language_tag("ca-ES-valencia")
    ('ca-ES', 'es-ES', 'ca-ES-valencia')
    >>> language_tag("català") is None
    True
    """
    if not isinstance(value, str):
        return None
    parts = [p for p in re.split(r"[-_]", value.strip()) if p]
    if not parts:
        return None
    shaped = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            shaped.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            shaped.append(part.upper())
        else:
            shaped.append(part.lower())
    tag = "-".join(shaped)
    return tag if _LANGUAGE.match(tag) else None


def read_feed(fetched: Fetched, max_items: int) -> Feed:
    """The entries of a source's bytes.

    :param fetched: what :class:`~govsm.curation.fetching.Fetcher` read.
    :param max_items: how many entries to take, from the top.
    :raises SourceError: it is not a feed this module reads, or holds no entry it can read.
    """
    where = f"{fetched.source} ({fetched.location})"
    body = fetched.body
    if not body.strip():
        raise SourceError("está vacía", "is empty", where=where)
    content_type = (fetched.content_type or "").lower()
    if "json" in content_type or body.lstrip()[:1] == b"{":
        return _json_feed(body, _base(fetched), max_items, where)
    return _xml_feed(fetched, max_items, where)


def _base(fetched: Fetched) -> str | None:
    """The address relative links are resolved against: the feed's, without its query.

    A private feed's token lives in its query; a relative link (``?p=3``, ``#top``) must not
    carry it into a draft.
    """
    if not fetched.base or not fetched.base.startswith(("http://", "https://")):
        return None
    parts = urlsplit(fetched.base)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


# -- RSS and Atom ------------------------------------------------------------------------------


def _describe(exc: BaseException | None) -> Bilingual:
    if isinstance(exc, SAXParseException):
        line, column, what = exc.getLineNumber(), exc.getColumnNumber(), exc.getMessage()
        return Bilingual(
            es=f"línea {line}, columna {column}: {what}", en=f"line {line}, column {column}: {what}"
        )
    text = shorten(clean_text(f"{type(exc).__name__}: {exc}"), 200) if exc else "?"
    return Bilingual(es=text, en=text)


def _xml_feed(fetched: Fetched, max_items: int, where: str) -> Feed:
    headers = {"content-type": fetched.content_type or "application/xml"}
    base = _base(fetched)
    if base:
        headers["content-location"] = base
    parsed = feedparser.parse(
        io.BytesIO(fetched.body),  # a stream: feedparser never opens a name or URL itself
        response_headers=headers,
        sanitize_html=True,
        resolve_relative_uris=base is not None,
    )
    found: Sequence[Mapping[str, Any]] = parsed.get("entries", [])
    version = parsed.get("version") or ""
    problem = _describe(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if not version and not found:
        why_es = f" ({problem.es})" if problem else ""
        why_en = f" ({problem.en})" if problem else ""
        raise SourceError(
            f"no es un canal RSS, Atom ni JSON Feed que se pueda leer{why_es}",
            f"is not an RSS, Atom or JSON Feed that can be read{why_en}",
            where=where,
        )
    notes: list[Bilingual] = []
    if problem is not None and not _benign(parsed.get("bozo_exception")):
        if not found:
            raise SourceError(
                f"el XML está dañado ({problem.es}) y no se encontró ninguna entrada",
                f"the XML is damaged ({problem.en}) and no entry was found",
                where=where,
            )
        notes.append(
            Bilingual(
                es=f"el XML no está bien formado ({problem.es}): se conservan las "
                f"{len(found)} entradas que el lector tolerante encontró; revise sus borradores",
                en=f"the XML is not well-formed ({problem.en}): the {len(found)} entries the "
                "tolerant reader found are kept; review their drafts",
            )
        )
    channel: Mapping[str, Any] = parsed.get("feed", {})
    feed_language = language_tag(channel.get("language"))
    entries: list[FeedEntry] = []
    for position, raw in enumerate(found[:max_items], 1):
        entry = _xml_entry(position, raw, feed_language, base)
        if isinstance(entry, Bilingual):
            notes.append(entry)
        else:
            entries.append(entry)
    return Feed(
        kind=version or "unknown",
        title=shorten(_text_of(channel.get("title_detail"), channel.get("title")), TITLE_MAX),
        language=feed_language,
        entries=tuple(entries),
        total=len(found),
        notes=tuple(notes),
    )


def _benign(exc: BaseException | None) -> bool:
    """Whether feedparser's complaint leaves the feed as readable as a well-formed one.

    A declared encoding that differed from the real one (feedparser decoded it right), or a
    served type that was not XML's.
    """
    return type(exc).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _text_of(detail: Any, value: Any) -> str:
    if not isinstance(value, str):
        return ""
    kind = detail.get("type", "") if isinstance(detail, Mapping) else ""
    return html_text(value) if kind in _HTML_TYPES else plain_text(value)


def _xml_entry(
    position: int, raw: Mapping[str, Any], feed_language: str | None, base: str | None
) -> FeedEntry | Bilingual:
    title = shorten(_text_of(raw.get("title_detail"), raw.get("title")), TITLE_MAX)
    summary_value = raw.get("summary")
    summary_detail = raw.get("summary_detail")
    if not isinstance(summary_value, str) or not summary_value.strip():
        contents = raw.get("content")
        first = contents[0] if isinstance(contents, list) and contents else {}
        summary_value = first.get("value") if isinstance(first, Mapping) else None
        summary_detail = first
    summary = shorten(_text_of(summary_detail, summary_value), SUMMARY_MAX)
    detail = raw.get("title_detail") or summary_detail
    language = (
        language_tag(detail.get("language")) if isinstance(detail, Mapping) else None
    ) or feed_language
    published = _moment(raw.get("published_parsed") or raw.get("updated_parsed"))
    record = {
        "id": raw.get("id"),
        "link": raw.get("link"),
        "title": raw.get("title"),
        "summary": summary_value,
        "published": raw.get("published") or raw.get("updated"),
    }
    return _entry(
        position, raw.get("link"), raw.get("id"), title, summary, language, published, record, base
    )


def _moment(parsed: Any) -> datetime | None:
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


# -- JSON Feed ----------------------------------------------------------------------------------


def _json_feed(body: bytes, base: str | None, max_items: int, where: str) -> Feed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"no es UTF-8 válido (byte {exc.start}), como JSON Feed exige",
            f"is not valid UTF-8 (byte {exc.start}), as JSON Feed requires",
            where=where,
        ) from None
    except RecursionError:
        raise SourceError(
            "JSON anidado a demasiada profundidad", "JSON nested too deep", where=where
        ) from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"no es JSON válido (línea {exc.lineno}, columna {exc.colno}: {exc.msg})",
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            where=where,
        ) from None
    except ValueError:  # a number of thousands of digits
        raise SourceError(
            "JSON con un número de demasiadas cifras",
            "JSON with a number of too many digits",
            where=where,
        ) from None
    version = data.get("version") if isinstance(data, dict) else None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith(_JSON_FEED):
        raise SourceError(
            "es JSON pero no JSON Feed (falta «version»: https://jsonfeed.org/version/1.1)",
            "is JSON but not JSON Feed ('version' is missing: https://jsonfeed.org/version/1.1)",
            where=where,
        )
    if not isinstance(items, list):
        raise SourceError(
            "JSON Feed sin lista «items»", "JSON Feed without an 'items' list", where=where
        )
    assert isinstance(data, dict)
    feed_language = language_tag(data.get("language"))
    notes: list[Bilingual] = []
    entries: list[FeedEntry] = []
    for position, item in enumerate(items[:max_items], 1):
        entry = _json_entry(position, item, feed_language, base)
        if isinstance(entry, Bilingual):
            notes.append(entry)
        else:
            entries.append(entry)
    number = version[len(_JSON_FEED) :].replace(".", "")
    return Feed(
        kind=f"json{number}" if number.isdigit() else "json",
        title=shorten(plain_text(_string(data.get("title"))), TITLE_MAX),
        language=feed_language,
        entries=tuple(entries),
        total=len(items),
        notes=tuple(notes),
    )


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_entry(
    position: int, item: Any, feed_language: str | None, base: str | None
) -> FeedEntry | Bilingual:
    if not isinstance(item, dict):
        return Bilingual(
            es=f"la entrada {position} no es un objeto JSON: se omite",
            en=f"entry {position} is not a JSON object: skipped",
        )
    ident = item.get("id")
    ident = str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else None
    title = shorten(plain_text(_string(item.get("title"))), TITLE_MAX)
    summary = plain_text(_string(item.get("summary")))
    if not summary:
        summary = plain_text(_string(item.get("content_text")))
    if not summary:
        summary = html_text(_string(item.get("content_html")))
    link = _string(item.get("url")) or _string(item.get("external_url"))
    published = None
    stamp = _string(item.get("date_published"))
    if stamp:
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            published = moment.astimezone(UTC) if moment.tzinfo else None
        except ValueError:
            published = None
    record = {k: item.get(k) for k in _JSON_RECORD}
    language = language_tag(item.get("language")) or feed_language
    summary = shorten(summary, SUMMARY_MAX)
    return _entry(position, link, ident, title, summary, language, published, record, base)


# -- both ---------------------------------------------------------------------------------------


def _entry(
    position: int,
    link: Any,
    ident: Any,
    title: str,
    summary: str,
    language: str | None,
    published: datetime | None,
    record: dict[str, Any],
    base: str | None,
) -> FeedEntry | Bilingual:
    if not title and not summary:
        return Bilingual(
            es=f"la entrada {position} no tiene título ni texto: se omite",
            en=f"entry {position} has neither a title nor text: skipped",
        )
    canonical = canonical_link(link, base) if isinstance(link, str) and link.strip() else None
    entry_id = (clean_text(ident)[:512] or None) if isinstance(ident, str) else None
    if canonical is not None:
        key = canonical
    elif entry_id is not None:
        key = f"id:{entry_id}"
    else:
        key = f"text:{content_key(f'{title} {summary}')}"
    return FeedEntry(
        position=position,
        key=key,
        link=canonical,
        entry_id=entry_id,
        title=title,
        summary=summary,
        language=language,
        published=published,
        record=json.dumps(
            {k: _cut(v) for k, v in record.items() if v is not None},
            ensure_ascii=False,
            default=str,
        ),
    )


def _cut(value: Any) -> Any:
    if isinstance(value, str):
        # lone surrogates (from a JSON escape) cannot be stored: written as escapes
        text = value[:RECORD_FIELD_MAX]
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, int | float | bool):
        return value
    return None
