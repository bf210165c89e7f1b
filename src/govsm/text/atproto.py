r"""Bluesky (AT Protocol): facets as the official client library detects them, and handle syntax.

Bluesky limits a post's text to 300 grapheme clusters *and* 3000 UTF-8 bytes (lexicon
``app.bsky.feed.post``: ``maxGraphemes`` 300, ``maxLength`` 3000); a channel counting
``graphemes`` (:class:`~govsm.model.TextCounting`) with ``text_bytes`` 3000 measures both. Links,
mentions and tags are not found by the server but by the client, which sends them as *facets*
(``app.bsky.richtext.facet``) with UTF-8 byte offsets. The ``atproto`` extractor registered here
finds them exactly as ``@atproto/api``'s ``RichText.detectFacetsWithoutResolution()`` does
(version 0.21.0, checked by differential tests against it):

* mentions: ``@`` after the start, a space or ``(``, then ``[a-zA-Z0-9.-]+`` up to a word
  boundary, kept when it ends in ``.`` plus a top-level domain of the ``tlds`` list (case as
  written) or in ``.test``;
* links: after the start of a line, a space or ``(``, ``http(s)://`` and anything up to a space,
  or a bare domain (``[a-z][a-z0-9]*`` and dot-separated labels, no hyphens, ASCII only) whose
  top-level domain is known, which becomes ``https://…``; one trailing ``.,;:!?`` and then one
  unmatched ``)`` are left out;
* tags: ``#`` or ``＃`` after the start or a space, up to the next space, with at least one
  character that is not a digit or punctuation, trailing punctuation left out, at most 64
  graphemes (:attr:`~govsm.model.TextRules.hashtag_max`);
* cashtags: ``$`` and 1 to 5 ASCII letters or digits (a letter first) after the start, a space or
  ``(``, followed by a space, the end or ``.,;:!?)"'’``; the facet is a tag ``$TICKER`` in
  capitals.

"Space" is JavaScript's ``\s`` throughout. Mentions keep the handle in the ``did`` field, as
``detectFacetsWithoutResolution`` leaves it (resolving it to a DID needs the network).
"""

from __future__ import annotations

import re
from typing import Any

import regex

from govsm.model import Channel
from govsm.spec.entities import Entity, EntityKind
from govsm.text import registry
from govsm.text.offsets import OffsetMap
from govsm.text.segmentation import grapheme_count

__all__ = ["facets", "is_valid_handle"]

#: JavaScript's ``\s`` (WhiteSpace and LineTerminator of ECMAScript), which Python's differs from
_JS_SPACE = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_LINE_END = "\n\r\u2028\u2029"

_MENTION = re.compile(rf"(?:^|[{_JS_SPACE}]|\()(@)([a-zA-Z0-9.-]+)\b", re.ASCII)
_LINK = re.compile(
    rf"(?:^|(?<=[{_JS_LINE_END}])|[{_JS_SPACE}]|\()"
    rf"((https?://[^{_JS_SPACE}]+)|((?P<domain>[a-z][a-z0-9]*(?:\.[a-z0-9]+)+)[^{_JS_SPACE}]*))",
    re.ASCII | re.IGNORECASE,
)
_TAG_STOP = r"\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_TAG = regex.compile(
    rf"(?:^|[{_JS_SPACE}])([#＃])((?!\ufe0f)[^{_JS_SPACE}{_TAG_STOP}]*"
    rf"[^0-9{_JS_SPACE}\p{{P}}{_TAG_STOP}]+[^{_JS_SPACE}{_TAG_STOP}]*)?",
    regex.VERSION0,
)
_TRAILING_PUNCTUATION = regex.compile(r"\p{P}+\Z")
_CASHTAG = re.compile(
    rf"(?:^|[{_JS_SPACE}]|\()\$([A-Za-z][A-Za-z0-9]{{0,4}})(?=[{_JS_SPACE}]|\Z|[.,;:!?)\"'\u2019])"
)
_HANDLE = re.compile(
    r"([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
)

#: the client's default (and Bluesky's): a tag longer than this many graphemes is no tag
HASHTAG_MAX = 64

# The ASCII top-level domains of the ``tlds`` npm package 1.261.0 (the IANA root zone), which
# ``@atproto/api`` checks mentions and bare domains against. Its internationalised entries can
# never match (mentions and bare domains are ASCII), so they are left out.
_TLD_LIST = (
    "aaa aarp abb abbott abbvie abc able abogado abudhabi ac academy accenture accountant "
    "accountants aco actor ad ads adult ae aeg aero aetna af afl africa ag agakhan agency ai "
    "aig airbus airforce airtel akdn al alibaba alipay allfinanz allstate ally alsace alstom am "
    "amazon americanexpress americanfamily amex amfam amica amsterdam analytics android anquan "
    "anz ao aol apartments app apple aq aquarelle ar arab aramco archi army arpa art arte as "
    "asda asia associates at athleta attorney au auction audi audible audio auspost author auto "
    "autos aw aws ax axa az azure ba baby baidu banamex band bank bar barcelona barclaycard "
    "barclays barefoot bargains baseball basketball bauhaus bayern bb bbc bbt bbva bcg bcn bd "
    "be beats beauty beer berlin best bestbuy bet bf bg bh bharti bi bible bid bike bing bingo "
    "bio biz bj black blackfriday blockbuster blog bloomberg blue bm bms bmw bn bnpparibas bo "
    "boats boehringer bofa bom bond boo book booking bosch bostik boston bot boutique box br "
    "bradesco bridgestone broadway broker brother brussels bs bt build builders business buy "
    "buzz bv bw by bz bzh ca cab cafe cal call calvinklein cam camera camp canon capetown "
    "capital capitalone car caravan cards care career careers cars casa case cash casino cat "
    "catering catholic cba cbn cbre cc cd center ceo cern cf cfa cfd cg ch chanel channel "
    "charity chase chat cheap chintai christmas chrome church ci cipriani circle cisco citadel "
    "citi citic city ck cl claims cleaning click clinic clinique clothing cloud club clubmed cm "
    "cn co coach codes coffee college cologne com commbank community company compare computer "
    "comsec condos construction consulting contact contractors cooking cool coop corsica "
    "country coupon coupons courses cpa cr credit creditcard creditunion cricket crown crs "
    "cruise cruises cu cuisinella cv cw cx cy cymru cyou cz dad dance data date dating datsun "
    "day dclk dds de deal dealer deals degree delivery dell deloitte delta democrat dental "
    "dentist desi design dev dhl diamonds diet digital direct directory discount discover dish "
    "diy dj dk dm dnp do docs doctor dog domains dot download drive dtv dubai dupont durban "
    "dvag dvr dz earth eat ec eco edeka edu education ee eg email emerck energy engineer "
    "engineering enterprises epson equipment er ericsson erni es esq estate et eu eurovision "
    "eus events exchange expert exposed express extraspace fage fail fairwinds faith family fan "
    "fans farm farmers fashion fast fedex feedback ferrari ferrero fi fidelity fido film final "
    "finance financial fire firestone firmdale fish fishing fit fitness fj fk flickr flights "
    "flir florist flowers fly fm fo foo food football ford forex forsale forum foundation fox "
    "fr free fresenius frl frogans frontier ftr fujitsu fun fund furniture futbol fyi ga gal "
    "gallery gallo gallup game games gap garden gay gb gbiz gd gdn ge gea gent genting george "
    "gf gg ggee gh gi gift gifts gives giving gl glass gle global globo gm gmail gmbh gmo gmx "
    "gn godaddy gold goldpoint golf goo goodyear goog google gop got gov gp gq gr grainger "
    "graphics gratis green gripe grocery group gs gt gu gucci guge guide guitars guru gw gy "
    "hair hamburg hangout haus hbo hdfc hdfcbank health healthcare help helsinki here hermes "
    "hiphop hisamitsu hitachi hiv hk hkt hm hn hockey holdings holiday homedepot homegoods "
    "homes homesense honda horse hospital host hosting hot hotels hotmail house how hr hsbc ht "
    "hu hughes hyatt hyundai ibm icbc ice icu id ie ieee ifm ikano il im imamat imdb immo "
    "immobilien in inc industries infiniti info ing ink institute insurance insure int "
    "international intuit investments io ipiranga iq ir irish is ismaili ist istanbul it itau "
    "itv jaguar java jcb je jeep jetzt jewelry jio jll jm jmp jnj jo jobs joburg jot joy jp "
    "jpmorgan jprs juegos juniper kaufen kddi ke kerryhotels kerryproperties kfh kg kh ki kia "
    "kids kim kindle kitchen kiwi km kn koeln komatsu kosher kp kpmg kpn kr krd kred kuokgroup "
    "kw ky kyoto kz la lacaixa lamborghini lamer land landrover lanxess lasalle lat latino "
    "latrobe law lawyer lb lc lds lease leclerc lefrak legal lego lexus lgbt li lidl life "
    "lifeinsurance lifestyle lighting like lilly limited limo lincoln link live living lk llc "
    "llp loan loans locker locus lol london lotte lotto love lpl lplfinancial lr ls lt ltd ltda "
    "lu lundbeck luxe luxury lv ly ma madrid maif maison makeup man management mango map market "
    "marketing markets marriott marshalls mattel mba mc mckinsey md me med media meet melbourne "
    "meme memorial men menu merckmsd mg mh miami microsoft mil mini mint mit mitsubishi mk ml "
    "mlb mls mm mma mn mo mobi mobile moda moe moi mom monash money monster mormon mortgage "
    "moscow moto motorcycles mov movie mp mq mr ms msd mt mtn mtr mu museum music mv mw mx my "
    "mz na nab nagoya name navy nba nc ne nec net netbank netflix network neustar new news next "
    "nextdirect nexus nf nfl ng ngo nhk ni nico nike nikon ninja nissan nissay nl no nokia "
    "norton now nowruz nowtv np nr nra nrw ntt nu nyc nz obi observer office okinawa olayan "
    "olayangroup ollo om omega one ong onl online ooo open oracle orange org organic origins "
    "osaka otsuka ott ovh pa page panasonic paris pars partners parts party pay pccw pe pet pf "
    "pfizer pg ph pharmacy phd philips phone photo photography photos physio pics pictet "
    "pictures pid pin ping pink pioneer pizza pk pl place play playstation plumbing plus pm pn "
    "pnc pohl poker politie porn post pr praxi press prime pro prod productions prof "
    "progressive promo properties property protection pru prudential ps pt pub pw pwc py qa "
    "qpon quebec quest racing radio re read realestate realtor realty recipes red redumbrella "
    "rehab reise reisen reit reliance ren rent rentals repair report republican rest restaurant "
    "review reviews rexroth rich richardli ricoh ril rio rip ro rocks rodeo rogers room rs rsvp "
    "ru rugby ruhr run rw rwe ryukyu sa saarland safe safety sakura sale salon samsclub samsung "
    "sandvik sandvikcoromant sanofi sap sarl sas save saxo sb sbi sbs sc scb schaeffler schmidt "
    "scholarships school schule schwarz science scot sd se search seat secure security seek "
    "select sener services seven sew sex sexy sfr sg sh shangrila sharp shell shia shiksha "
    "shoes shop shopping shouji show si silk sina singles site sj sk ski skin sky skype sl "
    "sling sm smart smile sn sncf so soccer social softbank software sohu solar solutions song "
    "sony soy spa space sport spot sr srl ss st stada staples star statebank statefarm stc "
    "stcgroup stockholm storage store stream studio study style su sucks supplies supply "
    "support surf surgery suzuki sv swatch swiss sx sy sydney systems sz tab taipei talk taobao "
    "target tatamotors tatar tattoo tax taxi tc tci td tdk team tech technology tel temasek "
    "tennis teva tf tg th thd theater theatre tiaa tickets tienda tips tires tirol tj tjmaxx "
    "tjx tk tkmaxx tl tm tmall tn to today tokyo tools top toray toshiba total tours town "
    "toyota toys tr trade trading training travel travelers travelersinsurance trust trv tt "
    "tube tui tunes tushu tv tvs tw tz ua ubank ubs ug uk unicom university uno uol ups us uy "
    "uz va vacations vana vanguard vc ve vegas ventures verisign versicherung vet vg vi viajes "
    "video vig viking villas vin vip virgin visa vision viva vivo vlaanderen vn vodka volvo "
    "vote voting voto voyage vu wales walmart walter wang wanggou watch watches weather "
    "weatherchannel webcam weber website wed wedding weibo weir wf whoswho wien wiki "
    "williamhill win windows wine winners wme wolterskluwer woodside work works world wow ws "
    "wtc wtf xbox xerox xihuan xin xxx xyz yachts yahoo yamaxun yandex ye yodobashi yoga "
    "yokohama you youtube yt yun za zappos zara zero zip zm zone zuerich zw "
)
_TLDS = frozenset(_TLD_LIST.split())


def _valid_domain(domain: str) -> bool:
    """Whether ``domain`` ends in ``.`` and a known top-level domain, as the client checks it."""
    _, dot, tld = domain.rpartition(".")
    return bool(dot) and tld in _TLDS


def is_valid_handle(handle: str) -> bool:
    """Whether ``handle`` has the syntax of an AT Protocol handle (``ana.bsky.social``).

    The rules of https://atproto.com/specs/handle: ASCII letters, digits and hyphens in
    dot-separated labels of 1 to 63 characters that neither start nor end with a hyphen, at
    least two labels, the last one not starting with a digit, 253 characters in all. Syntax only:
    whether the handle resolves is another matter.

    >>> is_valid_handle("ajuntament.bsky.social"), is_valid_handle("ajuntament")
    (True, False)
    """
    return len(handle) <= 253 and _HANDLE.fullmatch(handle) is not None


def _detect(text: str, hashtag_max: int) -> list[tuple[EntityKind, int, int, str]]:
    """What the client detects, in its order, as (kind, start, end, value) in code points."""
    found: list[tuple[EntityKind, int, int, str]] = []
    if "@" in text:
        for match in _MENTION.finditer(text):
            handle = match[2]
            if _valid_domain(handle) or handle.endswith(".test"):
                found.append((EntityKind.MENTION, match.start(1), match.end(2), handle))
    if "." in text or "://" in text:
        for match in _LINK.finditer(text):
            uri = match[1]
            if not uri.startswith("http"):
                domain = match["domain"]
                if not domain or not _valid_domain(domain):
                    continue
                uri = f"https://{uri}"
            start = match.start(1)
            end = match.end(1)
            if uri[-1] in ".,;:!?":
                uri = uri[:-1]
                end -= 1
            if uri.endswith(")") and "(" not in uri:
                uri = uri[:-1]
                end -= 1
            found.append((EntityKind.URL, start, end, uri))
    if "#" in text or "＃" in text:
        for tag_match in _TAG.finditer(text):
            tag = tag_match[2]
            if not tag:
                continue
            tag = _TRAILING_PUNCTUATION.sub("", tag)
            if not tag or (len(tag) > hashtag_max and grapheme_count(tag) > hashtag_max):
                continue
            start = tag_match.start(1)
            found.append((EntityKind.HASHTAG, start, start + 1 + len(tag), tag))
    if "$" in text:
        for match in _CASHTAG.finditer(text):
            ticker = match[1]
            start = match.start(1) - 1
            found.append((EntityKind.CASHTAG, start, match.end(1), ticker.upper()))
    return found


def facets(text: str, *, hashtag_max: int = HASHTAG_MAX) -> list[dict[str, Any]]:
    """The ``app.bsky.richtext.facet`` list the client would send with ``text``.

    Exactly what ``new RichText({text}).detectFacetsWithoutResolution()`` leaves in ``facets``
    (an empty list where it leaves ``undefined``): sorted by ``byteStart``, offsets in UTF-8
    bytes, the handle of a mention in its ``did`` field.

    >>> facets("Ple a les 20 h, #PlenoSoldeneu")  # doctest: +NORMALIZE_WHITESPACE
    [{'index': {'byteStart': 16, 'byteEnd': 30},
      'features': [{'$type': 'app.bsky.richtext.facet#tag', 'tag': 'PlenoSoldeneu'}]}]
    """
    found = _detect(text, hashtag_max)
    if not found:
        return []
    offsets = OffsetMap(text)
    result: list[dict[str, Any]] = []
    for kind, start, end, value in found:
        index = {"byteStart": offsets.utf8(start), "byteEnd": offsets.utf8(end)}
        if kind is EntityKind.MENTION:
            feature = {"$type": "app.bsky.richtext.facet#mention", "did": value}
            result.append(
                {"$type": "app.bsky.richtext.facet", "index": index, "features": [feature]}
            )
            continue
        if kind is EntityKind.URL:
            feature = {"$type": "app.bsky.richtext.facet#link", "uri": value}
        elif kind is EntityKind.HASHTAG:
            feature = {"$type": "app.bsky.richtext.facet#tag", "tag": value}
        else:
            feature = {"$type": "app.bsky.richtext.facet#tag", "tag": f"${value}"}
        result.append({"index": index, "features": [feature]})
    result.sort(key=lambda facet: facet["index"]["byteStart"])
    return result


def extract(text: str, channel: Channel | None = None) -> tuple[Entity, ...]:
    """The ``atproto`` entities of ``text`` (what becomes a facet), in order of appearance.

    A URL's value is the facet's ``uri`` (``https://`` added to a bare domain, trailing
    punctuation left out); a mention's, the handle; a tag's, the tag without ``#``; a cashtag's,
    the ticker in capitals without ``$``.

    :param text: the text as given.
    :param channel: whose :attr:`~govsm.model.TextRules.hashtag_max` applies (default 64).
    """
    limit = HASHTAG_MAX
    if channel is not None and channel.text_rules.hashtag_max is not None:
        limit = channel.text_rules.hashtag_max
    found = _detect(text, limit)
    if not found:
        return ()
    offsets = OffsetMap(text)
    return tuple(
        offsets.entity(kind, text[start:end], value, start, end)
        for kind, start, end, value in sorted(found, key=lambda f: f[1])
    )


def _extract(text: str, channel: Channel) -> tuple[Entity, ...]:
    return extract(text, channel)


registry.register_extractor("atproto", _extract)
