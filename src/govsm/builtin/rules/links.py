"""Built-in rules: links — secure, visible, and to the sede electrónica for procedures.

``link-https``, ``link-shortener`` and ``procedure-link``. Links are the URLs the network
recognises (``context.measurement.entities``), the addresses written with ``http://`` or
``https://`` that a network's parser may not turn into links (X and Mastodon ignore unknown
top-level domains), and the message's extra ``links``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from attrs import frozen

from govsm.model import Bilingual, Direction, Finding, Severity, Span
from govsm.model.policy import ParamValue
from govsm.rules.params import Prepared, texts
from govsm.rules.procedure_calls import own_names, why_no_call
from govsm.rules.wording import (
    fold,
    phrase_regex,
    quote,
    searchable,
)
from govsm.rules.wordlists import (
    data_items,
)
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext
from govsm.text import EntityKind


@frozen
class Link:
    """A link of a message: where it is in the text (``None`` for the message's extra links)."""

    url: str
    start: int | None
    end: int | None

    @property
    def span(self) -> Span | None:
        """Its span in the text, if it is in the text."""
        if self.start is None or self.end is None:
            return None
        return Span(self.start, self.end)

    @property
    def host(self) -> str:
        """The host, lower case, without ``www.`` or a trailing point (``""`` if none)."""
        return host_of(self.url)


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")
_WRITTEN_URL = re.compile(r"(?i)\bhttps?://[^\s<>\"«»“”{}|\\^`]+")
_TRAILING = ".,;:!?)]}'’»”…"
_PLAIN_HTTP = re.compile(r"(?i)http://")


@functools.lru_cache(maxsize=16384)
def host_of(url: str) -> str:
    """The host of a URL written with or without a scheme, lower case, without ``www.``."""
    candidate = url.strip()
    if not _SCHEME.match(candidate):
        candidate = "http://" + candidate
    try:
        host = urlsplit(candidate).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


def _trim(url: str) -> str:
    """A written URL without the punctuation that ends the sentence around it."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def links(context: RuleContext) -> list[Link]:
    """The message's links, in order: entities, URLs written with a scheme, extra links."""
    text = context.message.text
    if "://" not in text and not context.message.links:
        return [
            Link(e.text, e.start, e.end)
            for e in context.measurement.entities
            if e.kind is EntityKind.URL
        ]
    found: list[Link] = [
        Link(e.text, e.start, e.end)
        for e in context.measurement.entities
        if e.kind is EntityKind.URL
    ]
    taken = [(link.start or 0, link.end or 0) for link in found]
    for match in _WRITTEN_URL.finditer(text):
        url = _trim(match.group())
        start, end = match.start(), match.start() + len(url)
        if any(start < b and a < end for a, b in taken):
            continue
        found.append(Link(url, start, end))
    found.sort(key=lambda link: link.start or 0)
    found.extend(Link(url, None, None) for url in context.message.links)
    return found


@frozen
class _Setup:
    """What the link rules read from their parameters, once per configuration."""

    allowed: frozenset[str]
    domains: frozenset[str]
    keywords: tuple[str, ...]


def _read_setup(params: Mapping[str, ParamValue]) -> _Setup:
    return _Setup(_hosts(params, "allowed"), _hosts(params, "domains"), texts(params, "keywords"))


_setup = Prepared(_read_setup)


def _hosts(params: Mapping[str, ParamValue], name: str) -> frozenset[str]:
    return frozenset(host_of(item) or item.strip().lower() for item in texts(params, name))


def _matches(host: str, hosts: frozenset[str]) -> bool:
    return host in hosts or any(host.endswith("." + h) for h in hosts)


# ---------------------------------------------------------------------------------------------
# link-https
# ---------------------------------------------------------------------------------------------

_HTTPS_REFERENCE = (
    "Ley 40/2015, art. 38.6 (sedes: certificados para una comunicación segura); W3C TAG, "
    "'Securing the Web' (2015)"
)


def _wrapped_by_network(context: RuleContext, host: str) -> bool:
    """Whether the network wraps every link in ``host`` (``t.co`` on X): the link is its own."""
    channel = context.channel
    wrapper = channel.text_rules.link_wrapper if channel is not None else None
    return wrapper is not None and host == wrapper.lower()


def check_link_https(context: RuleContext) -> Iterator[Finding]:
    """Flag links written with ``http://`` (not the network's own wrapper: ``http://t.co`` on X)."""
    text = context.message.text
    # "://" is a plain substring search, far cheaper than the case-insensitive pattern; every
    # written http:// link holds it, and most posts have none
    if not context.message.links and ("://" not in text or not _PLAIN_HTTP.search(text)):
        return
    allowed = _setup(context.params).allowed
    for link in links(context):
        if link.url[:7].lower() != "http://":
            continue
        if _matches(link.host, allowed) or _wrapped_by_network(context, link.host):
            continue
        secure = "https://" + link.url[7:]
        yield Finding(
            rule="link-https",
            severity=context.severity,
            message=Bilingual(
                es=f"el enlace «{quote(link.url)}» usa http://: la conexión no va cifrada, "
                "se puede alterar por el camino y el navegador la marca como «no segura»",
                en=f"the link '{quote(link.url)}' uses http://: the connection is not "
                "encrypted, it can be altered on the way and browsers mark it 'not secure'",
            ),
            span=link.span,
            suggestion=Bilingual(
                es=f"use «{quote(secure)}» (compruebe que la página abre con https)",
                en=f"use '{quote(secure)}' (check that the page opens over https)",
            ),
            reference=_HTTPS_REFERENCE,
        )


# ---------------------------------------------------------------------------------------------
# link-shortener
# ---------------------------------------------------------------------------------------------


#: what every ``link-shortener`` finding suggests
_SHORTENER_ADVICE = Bilingual(
    es="ponga la dirección completa de la página (las redes ya cuentan cada enlace "
    "con una longitud fija) o una dirección corta del propio dominio",
    en="give the page's full address (networks already count every link at a "
    "fixed length) or a short address on your own domain",
)


@functools.cache
def shorteners() -> dict[str, str | None]:
    """Shortener hosts, each with the network that writes it itself (``t.co``: ``x``), if any."""
    table: dict[str, str | None] = {}
    for item in data_items("shorteners.txt"):
        host, _, network = item.partition(" ")
        table[host.strip().lower()] = network.strip() or None
    return table


def check_link_shortener(context: RuleContext) -> Iterator[Finding]:
    """Flag links through a link shortener."""
    found = links(context)
    if not found:
        return  # most posts: nothing to read the parameters for
    known = shorteners()
    setup = _setup(context.params)
    extra = setup.domains
    allowed = setup.allowed
    channel = context.channel.id if context.channel is not None else None
    for link in found:
        host = link.host
        # two set look-ups first: most links go through no shortener
        if host not in known and host not in extra:
            continue
        if not host or _matches(host, allowed) or _wrapped_by_network(context, host):
            continue
        network = known.get(host)
        if network is not None and channel == network:
            continue  # the network's own wrapper (t.co on X), wherever it appears there
        yield Finding(
            rule="link-shortener",
            severity=context.severity,
            message=Bilingual(
                es=f"el enlace «{quote(link.url)}» pasa por un acortador ({host}): quien lo lee "
                "no sabe adónde va, un tercero registra cada clic y el enlace muere si el "
                "servicio cierra",
                en=f"the link '{quote(link.url)}' goes through a shortener ({host}): readers "
                "cannot see where it goes, a third party records every click, and the link "
                "dies if the service closes",
            ),
            span=link.span,
            suggestion=_SHORTENER_ADVICE,
            reference=(
                "Guia de xarxes socials de la Generalitat de Catalunya (2019), eines.md §4.1.6 "
                "('adreces URL curtes'); Google Developers Blog, 'Google URL Shortener links "
                "will no longer be available' (2024)"
            ),
        )


# ---------------------------------------------------------------------------------------------
# procedure-link
# ---------------------------------------------------------------------------------------------


@functools.cache
def _procedure_pattern() -> re.Pattern[str]:
    return phrase_regex(data_items("procedure-words.txt"))


#: an imperative that opens a sentence ("¿Tiene un comercio? Solicita el distintivo…"): in
#: mid-sentence the same form has a subject ("el Ayuntamiento solicita…") and is no call
_OPENING_IMPERATIVE = re.compile(r"(?:^|[.!?¿¡:\n]\s*)(solicita|sol·licita|sol\.licita)\b")


def _procedure_named(text: str, keywords: tuple[str, ...]) -> re.Match[str] | None:
    """The first procedure a (:func:`searchable`) text names: a keyword or an opening imperative.

    The policy's ``keywords`` win over a built-in word they overlap ("pedir el bono comercio").
    """
    extra = _extra_pattern(keywords)
    own = extra.search(text) if extra else None
    first = _procedure_pattern().search(text)
    # every opening imperative holds "licita": most texts need no search for one
    if "licita" in text:
        imperative = _OPENING_IMPERATIVE.search(text)
        # the earlier of the two names (their words, without what opens a sentence); the
        # built-in word when both start at the same place
        if imperative is not None and (
            first is None
            or imperative.start(imperative.lastindex or 0) < first.start(first.lastindex or 0)
        ):
            first = imperative
    if own is not None and (first is None or own.start() < first.end(first.lastindex or 0)):
        return own  # the policy's own keyword, when it comes first or within the first one
    return first


def _names_sede(folded: str, host: str, path: str) -> bool:
    """Whether the text writes the sede's address without a scheme (``seu.ajuntament.es/…``).

    Where captions do not link (Instagram), the citizen is still told where to go.
    """
    return bool(host) and f"{host}{path}" in folded


@functools.lru_cache(maxsize=64)
def _extra_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    return phrase_regex(keywords) if keywords else None


#: the words of an organisation's name that name it (the name seldom changes)
_own_names = functools.lru_cache(maxsize=64)(own_names)


@functools.lru_cache(maxsize=64)
def _sede(url: str) -> tuple[str, str]:
    """The sede's host (``www.`` removed) and path prefix (``""`` for its root)."""
    candidate = url if _SCHEME.match(url) else "https://" + url
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return "", ""
    return host_of(candidate), parts.path.rstrip("/")


def _goes_to(link: Link, host: str, path: str) -> bool:
    if not (link.host == host or link.host.endswith("." + host)):
        return False
    if not path:
        return True
    candidate = link.url if _SCHEME.match(link.url) else "https://" + link.url
    try:
        link_path = urlsplit(candidate).path
    except ValueError:
        return False
    return link_path == path or link_path.startswith(path + "/")


@functools.lru_cache(maxsize=16)
def _sede_advice(sede_url: str) -> Bilingual:
    """What every ``procedure-link`` finding suggests, for a sede."""
    return Bilingual(
        es=f"enlace la página del trámite en la sede ({sede_url}/…): es la dirección "
        "oficial, con certificado, donde el trámite tiene validez",
        en=f"link the procedure's page on the sede ({sede_url}/…): it is the "
        "official, certified address where the procedure is valid",
    )


def check_procedure_link(context: RuleContext) -> Iterator[Finding]:
    """Flag a message about a procedure that does not link to the sede electrónica."""
    policy = context.snapshot.policy if context.snapshot else None
    if policy is None or policy.sede_url is None:
        return
    message = context.message
    if message.direction is not Direction.OUTBOUND:
        return
    folded = searchable(message.text)
    setup = _setup(context.params)
    match = _procedure_named(folded.text, setup.keywords)
    if match is None:
        return
    host, path = _sede(policy.sede_url)
    if not host or _names_sede(folded.text, host, path):
        return
    # the links first: a finding names them anyway, and a post that links to the sede needs
    # no folding nor reading of the words around the procedure's name
    accepted = setup.domains
    found = links(context)
    if any(_goes_to(link, host, path) or _matches(link.host, accepted) for link in found):
        return
    if not message.links and any(_wrapped_by_network(context, link.host) for link in found):
        return  # a t.co link on X may well lead to the sede: without its address, no telling
    group = match.lastindex or 0
    snapshot = context.snapshot
    own = _own_names(snapshot.organisation.name) if snapshot is not None else ()
    plain = fold(folded.text).text
    if why_no_call(plain, match.start(group), match.end(group), own) is not None:
        return
    start, end = folded.original(match.start(group), match.end(group))
    word = message.text[start:end]
    if found:
        others = ", ".join(sorted({link.host for link in found if link.host}))
        what_es = f"enlaza a {others}, no a la sede electrónica ({policy.sede_url})"
        what_en = f"it links to {others}, not to the sede electrónica ({policy.sede_url})"
    else:
        what_es = f"no enlaza a la sede electrónica ({policy.sede_url})"
        what_en = f"it does not link to the sede electrónica ({policy.sede_url})"
    yield Finding(
        rule="procedure-link",
        severity=context.severity,
        message=Bilingual(
            es=f"el mensaje habla de un trámite («{word}») y {what_es}",
            en=f"the message is about a procedure ('{word}') and {what_en}",
        ),
        span=Span(start, end),
        suggestion=_sede_advice(policy.sede_url),
        reference=(
            "Ley 40/2015, art. 38 (sede electrónica); Ley 39/2015, art. 14 (relacionarse "
            "electrónicamente con las Administraciones)"
        ),
    )


# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------

LINK_HTTPS = Rule(
    id="link-https",
    title=Bilingual(es="Enlaces con https", en="Links over https"),
    default_severity=Severity.WARNING,
    check=check_link_https,
    params={"allowed": []},
    family="links",
    reference=_HTTPS_REFERENCE,
    explanation=(
        "A link written with `http://` opens an unencrypted connection: what the citizen sends "
        "or reads can be seen and altered on the way, and browsers mark the page 'not secure' "
        "— a poor start for an official address. Spanish law asks sedes electrónicas to "
        "guarantee a secure connection with qualified website certificates (Ley 40/2015, art. "
        "38.6), and the W3C's Technical Architecture Group asks the whole web to move to "
        "https. Flags every `http://` link — in the text, whether or not the network turns it "
        "into a link, and among the message's extra links. Hosts in `allowed` are not "
        "flagged (a legacy site that has no https, until it gets it), nor the network's own "
        "wrapper (`http://t.co/…` in older X posts: X chose it, not the author)."
    ),
)

LINK_SHORTENER = Rule(
    id="link-shortener",
    title=Bilingual(es="Acortadores de enlaces", en="Link shorteners"),
    default_severity=Severity.WARNING,
    check=check_link_shortener,
    params={"domains": [], "allowed": []},
    family="links",
    reference=(
        "Guia de xarxes socials de la Generalitat de Catalunya (2019), eines.md §4.1.6; Google "
        "Developers Blog (2024) on goo.gl"
    ),
    explanation=(
        "A shortened link (bit.ly, tinyurl.com, ow.ly, goo.gl…) hides where it leads, so "
        "citizens cannot tell an official page from a trap; the shortening company records "
        "every click (who, when, from where); and the link dies when the service closes or "
        "changes its terms — Google stopped goo.gl and announced in 2024 that its links would "
        "stop working. Shortening no longer saves space either: X and Mastodon count every "
        "link as 23 characters. The Generalitat's 2019 guide still recommends short URLs "
        "(eines.md §4.1.6); a short address on the organisation's own domain does that "
        "without the drawbacks.\n\n"
        "The list is `data/shorteners.txt`; the policy adds hosts with `domains` and exempts "
        "some (a council's own short domain) with `allowed`. `t.co` (X) and `lnkd.in` "
        "(LinkedIn) are the networks' own wrappers: never flagged on their own network, "
        "where every link goes through them (a published post always shows them), and "
        "flagged anywhere else."
    ),
)

PROCEDURE_LINK = Rule(
    id="procedure-link",
    title=Bilingual(es="Trámites con enlace a la sede", en="Procedures link to the sede"),
    default_severity=Severity.WARNING,
    check=check_procedure_link,
    params={"keywords": [], "domains": []},
    family="links",
    reference=(
        "Ley 40/2015, art. 38 (sede electrónica); Ley 39/2015, art. 14 (relacionarse "
        "electrónicamente con las Administraciones)"
    ),
    explanation=(
        "A post about a procedure — an application (solicitud, sol·licitud, solicitude, "
        "eskaera), a registration (inscripción, inscripció, inscrición, izen-ematea), an "
        "appointment (cita previa, aurretiko hitzordua), a trámite — must take the citizen to "
        "the sede electrónica, the official, certified address where procedures are valid "
        "(Ley 40/2015, art. 38), not to a copy, a PDF on another site or a shortened link. "
        "Applies when the policy sets `sede_url`; nothing is flagged otherwise.\n\n"
        "A post that names a procedure without calling for it is not flagged; the words of "
        'the sentence around the first procedure it names tell: none needed ("sin '
        'inscripción"), the status of applications already filed ("hem registrat la teua '
        'sol·licitud", "las solicitudes admitidas"), a sign-up that closed, an appointment '
        'with an office holder ("cita con la alcaldesa"), another body\'s procedure ("ha '
        'd\'anar a LABORA", "en la web del club", "les ajudes de la Diputació", "renovar el '
        'DNI"), proposals or entries to a contest or a participatory budget, a sign-up at a '
        "venue's desk (\"en el mostrador de la biblioteca\"), the administration's own "
        'proceedings ("tramitación '
        "ordinaria\"). Nor is a post that writes the sede's address without `https://` (an "
        "Instagram caption, which does not link).\n\n"
        "On X every link is wrapped in `t.co`: a post whose only links are X's, with no "
        "expanded address among the message's links (an imported archive gives them), is not "
        "flagged — its link may well lead to the sede.\n\n"
        "Flags an outbound message that names a procedure (the words of "
        "`data/procedure-words.txt`, whole words, case and accents ignored, plus the policy's "
        "`keywords`) and has no link to the sede's host (or a subdomain of it; and under its "
        "path, if `sede_url` has one). Hosts in `domains` are accepted too (e.g. the "
        "regional sede the council uses for some procedures). Past participles (inscrites, "
        "empadronados) and words with another common sense (matrícula, a number plate) are "
        "not keywords."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the link rules."""
    return [LINK_HTTPS, LINK_SHORTENER, PROCEDURE_LINK]
