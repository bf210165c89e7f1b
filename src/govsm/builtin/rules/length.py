"""Built-in rules: a post must fit its network (length in the network's unit, and in bytes)."""

from __future__ import annotations

from collections.abc import Iterator

from govsm.model import Bilingual, Finding, Severity, Span
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext
from govsm.text import first_excess


def check_length(context: RuleContext) -> Iterator[Finding]:
    """Flag a text longer than its network allows, from the first character that does not fit."""
    yield from _check_refused(context)
    measurement = context.measurement
    if measurement.limit is None or measurement.length <= measurement.limit:
        yield from _check_bytes(context)
        return
    text = context.message.text
    assert context.channel is not None  # a limit comes from a channel
    start = first_excess(text, context.channel, measurement.limit)
    long_text = _long_limit(context)
    if long_text is not None and measurement.length <= long_text:
        yield _long(context, Span(start, len(text)))
        yield from _check_bytes(context)
        return
    limit = measurement.limit
    if long_text is not None:  # over even the long-post limit: from where that one ends
        limit = long_text
        start = first_excess(text, context.channel, long_text)
    over = measurement.length - limit
    network_es, network_en = _network(context)
    unit = measurement.counting
    yield Finding(
        rule="length",
        severity=context.severity,
        message=Bilingual(
            es=f"el texto mide {measurement.length} y {network_es} admite "
            f"{limit} ({unit.spanish}{_LONG_ES if long_text else ''}): sobran {over}",
            en=f"the text measures {measurement.length} and {network_en} allows "
            f"{limit} ({unit.value}{_LONG_EN if long_text else ''}): {over} too many",
        ),
        span=Span(start, len(text)),
        suggestion=Bilingual(
            es="acórtelo o divídalo en un hilo; los enlaces cuentan lo que diga la red",
            en="shorten it or split it into a thread; links count what the network says",
        ),
        reference="govsm docs: reference/rules (length)",
    )
    yield from _check_bytes(context)


_LONG_ES = ", en una publicación larga"
_LONG_EN = ", in a long post"


def _long_limit(context: RuleContext) -> int | None:
    """The long-post limit the message may use, if any (X Premium: 25,000).

    A published post over the ordinary limit was published, so its account could publish long
    posts; a draft may use it only when its profile says the account can (``long_posts``). Any
    other draft is held to the ordinary limit, which every account has.
    """
    assert context.channel is not None
    long_text = context.channel.limits.long_text
    if long_text is None:
        return None
    if context.profile is not None and context.profile.long_posts:
        return long_text
    return long_text if context.published else None


def _long(context: RuleContext, hidden: Span) -> Finding:
    """The information finding of a long post; ``hidden`` is what timelines cut."""
    measurement = context.measurement
    network_es, network_en = _network(context)
    return Finding(
        rule="length",
        severity=Severity.INFO,
        message=Bilingual(
            es=f"publicación larga: mide {measurement.length} y {network_es} admite "
            f"{measurement.limit} salvo a las cuentas con publicaciones largas; las "
            f"cronologías muestran solo el principio",
            en=f"long post: it measures {measurement.length} and {network_en} allows "
            f"{measurement.limit} except to accounts with long posts; timelines show only "
            f"its beginning",
        ),
        span=hidden,
        suggestion=Bilingual(
            es="lo esencial (qué, cuándo, dónde, el enlace) debe ir al principio",
            en="put what matters (what, when, where, the link) at the beginning",
        ),
        reference="govsm docs: reference/rules (length)",
    )


def _network(context: RuleContext) -> tuple[str, str]:
    """The network's name for a Spanish reader and for an English one."""
    channel = context.channel
    if channel is None:
        return context.measurement.channel, context.measurement.channel
    return channel.display_name("es"), channel.name


def _check_refused(context: RuleContext) -> Iterator[Finding]:
    if not context.measurement.refused:
        return  # most texts: no names to look up
    network_es, network_en = _network(context)
    for offset in context.measurement.refused:
        code = ord(context.message.text[offset])
        yield Finding(
            rule="length",
            severity=context.severity,
            message=Bilingual(
                es=f"{network_es} rechaza el carácter invisible U+{code:04X} en este texto",
                en=f"{network_en} refuses the invisible character U+{code:04X} in this text",
            ),
            span=Span(offset, offset + 1),
            suggestion=Bilingual(
                es="bórrelo (suele llegar al copiar y pegar desde otro programa)",
                en="delete it (it usually comes from copying and pasting from another program)",
            ),
        )


def _check_bytes(context: RuleContext) -> Iterator[Finding]:
    measurement = context.measurement
    if measurement.byte_limit is None:
        return
    if measurement.utf8_bytes <= measurement.byte_limit:
        return
    network_es, network_en = _network(context)
    yield Finding(
        rule="length",
        severity=context.severity,
        message=Bilingual(
            es=f"el texto ocupa {measurement.utf8_bytes} bytes UTF-8 y {network_es} "
            f"admite {measurement.byte_limit}",
            en=f"the text takes {measurement.utf8_bytes} UTF-8 bytes and {network_en} "
            f"allows {measurement.byte_limit}",
        ),
        span=Span(0, len(context.message.text)),
        suggestion=Bilingual(es="acórtelo", en="shorten it"),
    )


LENGTH = Rule(
    id="length",
    title=Bilingual(es="Longitud por red", en="Length per network"),
    default_severity=Severity.ERROR,
    check=check_length,
    family="length",
    reference="Each network's published limit (see the channel reference)",
    explanation=(
        "A post longer than its network allows is cut or refused. govsm measures the text as "
        "the network does — weighted characters and 23 per link on X, graphemes on Mastodon "
        "and Bluesky (plus 3,000 UTF-8 bytes on Bluesky), code points elsewhere — and marks "
        "from the first character that no longer fits. A published post over the limit but "
        "within the network's long-post limit (X Premium: 25,000) was a long post: it gets an "
        "information finding, not an error. A draft gets the same when its profile sets "
        "`long_posts = true` (the account has long posts); any other draft is held to the "
        "ordinary limit. Over the long-post limit too, the error counts from where that one "
        "ends."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the length rule."""
    return [LENGTH]
