"""Published-on-X variants of hand-written posts, and a consistency check of the ca-/eu- files.

The Catalan/Valencian (``posts/ca-*.jsonl``) and Basque (``posts/eu-*.jsonl``) part of the
rule-quality set was written by hand. A post published on X carries parts the network added,
which are not the author's words: the trailing ``t.co`` link of an attached photo, video or
quoted post, a reply's leading @mentions, a retweet's ``RT @user: `` prefix. This module builds
those parts around a hand-written text, the way X's archive gives them, so that the published
variants are exact:

- :func:`x_media` — the author's text plus the ``t.co`` link of its photo or video;
- :func:`x_quote` — the author's words plus the ``t.co`` link of the quoted post;
- :func:`x_reply` — the leading @mentions of a reply, plus the text (and a photo's link);
- :func:`x_retweet` — ``RT @author: `` and the retweeted text.

Each takes ``how``: ``"range"`` gives ``counted_range`` (X's ``display_text_range``, in code
points), ``"appended"`` gives ``appended_links``, ``"none"`` gives neither, so that govsm must
find the network's parts itself. ``t.co`` links are derived from a key (the post's id), so a
rebuild gives the same links; ``old=True`` gives the ``http://t.co/…`` of X's early years.

The labels of the set come from what a good public-sector usage manual would flag, not from
govsm. This module never runs govsm's rules: it measures texts with its own implementation of
X's counting (twitter-text configuration v3: weights, 23 per URL, 2 per emoji), of Mastodon's
(graphemes, 23 per URL, mentions without their domain) and of Bluesky's (300 graphemes, 3,000
bytes), and checks that the labels agree with the mechanical parts of the manual:

    python benchmarks/rule_quality/tools/derive_ca_eu.py check [SET_FOLDER]
    python benchmarks/rule_quality/tools/derive_ca_eu.py stats [SET_FOLDER]

``check`` fails (exit 1) when a label contradicts a measurable fact — a post over its network's
limit without ``length``, a published X variant whose ``counted_range`` is not the author's
text, a video without captions not labelled ``video-captions``, a repost labelled with a rule
other than ``institutional-neutrality``… — and prints, as notes to review by hand, the posts
where a rough heuristic (sentence length, procedure words, phone numbers) disagrees with the
label; those heuristics are deliberately cruder than the manual and are not authoritative. ``stats``
prints the counts per file, kind and stage, and the labelled violations per rule.

The hand-written sources that called these helpers are not kept: the JSON Lines files are the
set. Needs the ``regex`` package (a dependency of govsm).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import regex

SET = Path(__file__).resolve().parent.parent

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


# --------------------------------------------------------------------------------------------
# Building the network's parts
# --------------------------------------------------------------------------------------------
def tco(key: str, *, old: bool = False) -> str:
    """A ``t.co`` link derived from ``key``: ten base-62 characters, like X's."""
    digest = hashlib.sha256(key.encode()).digest()
    slug = "".join(_BASE62[b % 62] for b in digest[:10])
    return f"{'http' if old else 'https'}://t.co/{slug}"


def _with_link(author: str, link: str, how: str) -> dict[str, Any]:
    out: dict[str, Any] = {"text": f"{author} {link}"}
    if how == "range":
        out["counted_range"] = [0, len(author)]
    elif how == "appended":
        out["appended_links"] = [link]
    elif how != "none":
        raise ValueError(how)
    return out


def x_media(author: str, key: str, how: str = "none", *, old: bool = False) -> dict[str, Any]:
    """A published X post with a photo or video: the author's text and the media's link."""
    return _with_link(author, tco(key + "/media", old=old), how)


def x_quote(author: str, key: str, how: str = "none", *, old: bool = False) -> dict[str, Any]:
    """A published X quote: the author's words and the link of the quoted post."""
    return _with_link(author, tco(key + "/quoted", old=old), how)


def x_reply(
    author: str,
    mentions: list[str],
    how: str = "none",
    *,
    media_key: str | None = None,
) -> dict[str, Any]:
    """A published X reply: leading @mentions, the author's text, and a photo's link if any."""
    prefix = " ".join(mentions) + " "
    text = prefix + author
    out: dict[str, Any] = {}
    if media_key is not None:
        link = tco(media_key + "/media")
        text += " " + link
        if how == "appended":
            out["appended_links"] = [link]
    if how == "range":
        out["counted_range"] = [len(prefix), len(prefix) + len(author)]
    elif how not in ("none", "appended"):
        raise ValueError(how)
    out["text"] = text
    return out


def x_retweet(handle: str, text: str) -> dict[str, Any]:
    """A retweet as X's archive writes it."""
    return {"text": f"RT {handle}: {text}", "kind": "repost", "original_author": handle}


# --------------------------------------------------------------------------------------------
# Measuring, as the networks do (own implementation)
# --------------------------------------------------------------------------------------------
_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_TLDS = "com|net|org|es|cat|eus|gal|eu|ly|gl|co|be|me|gd|link|app|social|io|at|cc|info|tv|fm"
_URL = re.compile(
    r"(?:https?://)?(?:[a-z0-9-]+\.)+(?:[a-z]{2,24})(?::\d+)?(?:/[^\s]*)?", re.IGNORECASE
)
_SCHEME_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)
_TRAILING = ".,:;!?)»\"'"


def _urls(
    text: str, *, scheme_only: bool = False, linked_only: bool = True
) -> list[tuple[int, int, str]]:
    """URLs as the networks link them: a scheme, or a bare domain with a known TLD.

    With ``linked_only=False``, also the addresses the networks leave as text (``.example``).
    """
    found = []
    pattern = _SCHEME_URL if scheme_only else _URL
    for m in pattern.finditer(text):
        start, end = m.span()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "@#/"):
            continue
        url = m.group(0)
        while url and url[-1] in _TRAILING:
            url = url[:-1]
            end -= 1
        host = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).split("/")[0].split(":")[0]
        tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
        if linked_only and not re.fullmatch(_TLDS, tld):
            continue  # .example and unknown TLDs are not linked by X or Mastodon
        found.append((start, end, url))
    return found


def _is_emoji_cluster(cluster: str) -> bool:
    return bool(
        regex.search(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3", cluster)
        and not regex.fullmatch(r"[\u00a9\u00ae\u2122]", cluster)
    )


def x_length(text: str) -> int:
    """X's weighted length (twitter-text configuration v3)."""
    text = unicodedata.normalize("NFC", text)
    weight = 0
    pos = 0
    for start, end, _ in _urls(text):
        weight += _x_weight(text[pos:start]) + 2300
        pos = end
    weight += _x_weight(text[pos:])
    return -(-weight // 100)


def _x_weight(chunk: str) -> int:
    total = 0
    for cluster in regex.findall(r"\X", chunk):
        if _is_emoji_cluster(cluster):
            total += 200
            continue
        for ch in cluster:
            cp = ord(ch)
            total += 100 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 200
    return total


def graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text))


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, 23 per URL, remote mentions without their domain."""
    text = re.sub(r"(@[A-Za-z0-9_]+)@[A-Za-z0-9.-]+", r"\1", text)
    pos, total = 0, 0
    for start, end, _ in _urls(text, scheme_only=True):
        total += graphemes(text[pos:start]) + 23
        pos = end
    return total + graphemes(text[pos:])


LIMITS = {"x": 280, "mastodon": 500, "bluesky": 300, "instagram": 2200, "facebook": 63206}


def network_length(network: str, text: str) -> int:
    if network == "x":
        return x_length(text)
    if network == "mastodon":
        return mastodon_length(text)
    if network == "bluesky":
        return graphemes(text)
    return len(text)


def over_limit(network: str, text: str) -> bool:
    if network == "bluesky" and len(text.encode()) > 3000:
        return True
    return network_length(network, text) > LIMITS[network]


# --------------------------------------------------------------------------------------------
# What the author wrote
# --------------------------------------------------------------------------------------------
_LEADING_MENTIONS = re.compile(r"^(?:\.?@[A-Za-z0-9_]+\s+)+")
_TCO = re.compile(r"https?://t\.co/[A-Za-z0-9]+")


def is_repost(rec: dict[str, Any]) -> bool:
    if rec.get("kind") == "repost":
        return True
    return (
        rec.get("network") == "x" and bool(rec.get("published")) and rec["text"].startswith("RT @")
    )


def own_words(rec: dict[str, Any]) -> str:
    """The author's own words, as the manual reads a published post."""
    text = rec["text"]
    if not rec.get("published"):
        return text
    if rec.get("counted_range") is not None:
        start, end = rec["counted_range"]
        return text[start:end]
    if rec.get("network") != "x":
        return text
    if rec.get("kind") == "reply":
        m = _LEADING_MENTIONS.match(text)
        if m:
            text = text[m.end() :]
    appended = rec.get("appended_links") or []
    if appended:
        for link in appended:
            idx = text.rfind(link)
            if idx >= 0:
                text = (text[:idx] + text[idx + len(link) :]).rstrip()
    elif rec.get("media") or rec.get("kind") == "quote":
        links = list(_TCO.finditer(text))
        if links and text[links[-1].end() :].strip() == "":
            text = text[: links[-1].start()].rstrip()
    return text


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------
RECORD_KEYS = {
    "id", "text", "network", "profile", "lang", "media", "kind", "published", "counted_range",
    "appended_links", "original_author", "body", "expect", "class", "notes",
}  # fmt: skip
RULES = {
    "all-caps", "alt-text", "co-official-language", "emoji-bullets", "emoji-runs",
    "fake-bold", "hashtag-camelcase", "hashtag-max", "hashtag-only", "hidden-characters",
    "institutional-neutrality", "language", "length", "link-https", "link-shortener",
    "long-sentences", "minors-consent", "official-hashtag", "personal-data",
    "procedure-link", "readability-es", "tone", "video-captions",
}  # fmt: skip
SHORTENERS = {
    "bit.ly", "tinyurl.com", "ow.ly", "goo.gl", "is.gd", "cutt.ly", "t.ly", "rebrand.ly",
    "acortar.link", "shorturl.at", "tiny.cc", "buff.ly", "t.co",
}  # fmt: skip
CAMPAIGN = {"festes": "#festesrocafort", "jaiak": "#ugarrondokojaiak"}
CAMPAIGN_PROFILES = {
    "instagram-festes": "festes",
    "facebook-festes": "festes",
    "instagram-jaiak": "jaiak",
    "facebook-jaiak": "jaiak",
}
HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
ZWJ_OUTSIDE = regex.compile(
    r"(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})"
)
# fake letters; the emoji 🅰️ 🅱️ 🅾️ 🅿️ (blood groups, parking) are left out
FAKE = regex.compile(
    r"[\U0001D400-\U0001D7FF\u2102\u210a-\u2113\u2115\u2119-\u211d\u2124\u2128\u212c\u212d"
    r"\u212f-\u2131\u2133\u2134\u24b6-\u24e9\u249c-\u24b5\uff21-\uff3a\uff41-\uff5a"
    r"\U0001F130-\U0001F149\U0001F150-\U0001F169\U0001F172-\U0001F17D\U0001F180-\U0001F189"
    r"\u1d00-\u1d22]"
    r"|(?<![\U0001F1E6-\U0001F1FF])[\U0001F1E6-\U0001F1FF](?![\U0001F1E6-\U0001F1FF])"
)
GENERIC_ALT = {
    "foto", "imatge", "imagen", "image", "irudia", "argazkia", "cartell", "kartela",
    "una imatge", "la imatge", "irudi bat", "argazki bat", "img", "senyal", "seinalea",
}  # fmt: skip
HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_&/])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*")


def _emoji_runs(text: str) -> int:
    best = run = 0
    for cluster in regex.findall(r"\X", text):
        if cluster.isspace():
            continue
        if _is_emoji_cluster(cluster) and not FAKE.search(cluster):
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


def _emoji_bullets(text: str) -> bool:
    run = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        first = regex.match(r"\X", line.lstrip())
        if first and _is_emoji_cluster(first.group(0)) and not FAKE.search(first.group(0)):
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


def _sentences_over(text: str, limit: int = 25) -> list[int]:
    """A rough sentence splitter: lines, then . ! ? … followed by a space and no lower case."""
    text = _SCHEME_URL.sub(" ", text)
    counts = []
    for line in text.split("\n"):
        # a trailing block of hashtags and mentions is not part of the last sentence
        line = regex.sub(r"(?:\s*[#@][\p{L}\p{N}_.@]+)+\s*$", "", line)
        parts = regex.split(
            r"(?<=[.!?…])\s+(?=[^\p{Ll}\s])|(?<=[!?])(?=\p{Extended_Pictographic})", line
        )
        for part in parts:
            words = regex.findall(r"[\p{L}\p{N}#@][\p{L}\p{N}'’·\-.,_]*", part)
            if len(words) > limit:
                counts.append(len(words))
    return counts


PROCEDURE = re.compile(
    r"sol·licitud|sol\.licitud|sol·licitar|inscripci|inscriu|cita prèvia|demana cita|tràmit"
    r"|empadron|al·legacions|termini de presentació|eskaera|eskabide|izena eman|izen-emate"
    r"|aurretiko hitzordu|izapide|errolda|aurkezteko epe|solicitud|inscripción|cita previa"
    r"|trámite",
    re.IGNORECASE,
)
SEDE = ("seu.rocafortdemar.example", "egoitza.ugarrondo.example")
MOBILE = re.compile(r"(?<!\d)(?:\+34\s?)?[67]\d{2}(?:[\s.]?\d{2,3}){3}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.)+[a-z]{2,}", re.IGNORECASE)


def record_problems(rec: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What contradicts the labels of one record (errors), and what to review by hand (notes)."""
    errors: list[str] = []
    notes: list[str] = []
    err = errors.append
    note = notes.append
    expect = rec["expect"]
    if set(rec) - RECORD_KEYS:
        err(f"unknown keys {sorted(set(rec) - RECORD_KEYS)}")
    if expect != sorted(set(expect)) or set(expect) - RULES:
        err(f"expect not sorted/known: {expect}")
    if not rec.get("class"):
        err("no class")
    net = rec["network"]
    published = bool(rec.get("published"))
    has_parts = rec.get("counted_range") is not None or rec.get("appended_links")
    if has_parts and not published:
        err("network parts on a draft")
    if rec.get("counted_range") is not None:
        s, e = rec["counted_range"]
        if not (0 <= s <= e <= len(rec["text"])):
            err("counted_range out of the text")
    for link in rec.get("appended_links") or []:
        if not rec["text"].rstrip().endswith(link) and link not in rec["text"]:
            err("appended link not in the text")
    if is_repost(rec):
        if set(expect) - {"institutional-neutrality"}:
            err(f"a repost labelled {expect}")
        if rec.get("kind") == "repost" and not rec.get("original_author"):
            note("repost without original_author")
        return errors, notes
    own = own_words(rec)
    text = rec["text"]
    # length
    over = over_limit(net, own)
    if over != ("length" in expect):
        err(f"length {network_length(net, own)} on {net}, label says {'length' in expect}")
    discriminating = x_length(text) > 280 or "length" not in rec.get("class", "")
    if published and net == "x" and own != text and not over and not discriminating:
        note(f"whole text {x_length(text)} fits anyway: not a discriminating case")
    # media
    media = rec.get("media") or []
    nocap = any(m["kind"] == "video" and not m.get("captions") for m in media)
    if nocap != ("video-captions" in expect):
        err("video-captions label")
    minors = any(m.get("shows_minors") and not m.get("consent") for m in media)
    if minors != ("minors-consent" in expect):
        err("minors-consent label")
    bad_alt = False
    for m in media:
        if m["kind"] not in ("image", "gif"):
            continue
        alt = (m.get("alt_text") or "").strip()
        if (
            len(alt) < 10
            or re.sub(r"\s*\d+$", "", alt.lower()) in GENERIC_ALT
            or re.fullmatch(r"(?i)(img|dsc|pxl|whatsapp)[\w\- .]*(\.\w+)?", alt)
            or alt == own.strip()
        ):
            bad_alt = True
    if bad_alt != ("alt-text" in expect):
        (err if not bad_alt else note)("alt-text label vs. mechanical check")
    # characters
    hidden = bool(HIDDEN.search(own)) or bool(ZWJ_OUTSIDE.search(own))
    if hidden != ("hidden-characters" in expect):
        err("hidden-characters label")
    if bool(FAKE.search(own)) != ("fake-bold" in expect):
        err("fake-bold label")
    if (_emoji_runs(own) > 3) != ("emoji-runs" in expect):
        err(f"emoji-runs label (run {_emoji_runs(own)})")
    if _emoji_bullets(own) != ("emoji-bullets" in expect):
        err("emoji-bullets label")
    # hashtags
    tags = HASHTAG.findall(own)
    limit = 5 if net == "instagram" else 3
    if (len(tags) > limit) != ("hashtag-max" in expect):
        err(f"hashtag-max label ({len(tags)} tags)")
    unit = CAMPAIGN_PROFILES.get(rec.get("profile", ""))
    if unit and rec.get("kind", "post") in ("post", "quote"):
        missing = CAMPAIGN[unit] not in {t.lower() for t in tags}
        if missing != ("official-hashtag" in expect):
            err("official-hashtag label")
    elif "official-hashtag" in expect:
        err("official-hashtag outside a campaign profile")
    # links
    insecure = [
        u for _, _, u in _urls(own, scheme_only=True, linked_only=False)
        if u.lower().startswith("http://") and not (net == "x" and "//t.co/" in u)
    ]  # fmt: skip
    if bool(insecure) != ("link-https" in expect):
        err("link-https label")
    short = []
    for _, _, u in _urls(own, linked_only=False):
        host = re.sub(r"^https?://", "", u, flags=re.I).split("/")[0].lower()
        host = host.removeprefix("www.")
        if host in SHORTENERS and not (host == "t.co" and net == "x"):
            short.append(host)
    if bool(short) != ("link-shortener" in expect):
        err("link-shortener label")
    # heuristics to review by hand
    if bool(_sentences_over(own)) != ("long-sentences" in expect):
        note(f"long-sentences heuristic {_sentences_over(own)} vs label")
    proc = bool(PROCEDURE.search(own)) and not any(s in own for s in SEDE)
    if proc != ("procedure-link" in expect):
        note("procedure-link heuristic vs label")
    private = bool(MOBILE.search(own)) or any(
        not m.group(0).lower().endswith((".example",))
        for m in EMAIL.finditer(own)
        if not m.group(0).startswith("@")
    )
    if private != ("personal-data" in expect):
        note("personal-data heuristic vs label")
    return errors, notes


def check(folder: Path) -> int:
    """Check the labels of every ca-/eu- record; print errors and notes; 1 if any error."""
    errors: list[str] = []
    notes: list[str] = []
    ids: set[str] = set()
    bodies = {p.name for p in (folder / "bodies").iterdir() if p.is_dir()}
    files = sorted((folder / "posts").glob("ca-*.jsonl")) + sorted(
        (folder / "posts").glob("eu-*.jsonl")
    )
    total = 0
    for path in files:
        prefix = path.name.split("-")[0] + "-"
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > 200:
            errors.append(f"{path.name}: {len(lines)} lines (at most 200)")
        for number, line in enumerate(lines, start=1):
            rec = json.loads(line)
            total += 1
            where = f"{path.name}:{number} {rec.get('id')}"
            found, to_review = record_problems(rec)
            if not str(rec["id"]).startswith(prefix):
                found.append("id prefix")
            if rec["id"] in ids:
                found.append("duplicate id")
            ids.add(rec["id"])
            if rec.get("body") not in bodies:
                found.append("unknown body")
            errors += [f"{where}: {m}" for m in found]
            notes += [f"{where}: {m}" for m in to_review]
    for message in notes:
        print("note:", message)
    for message in errors:
        print("ERROR:", message)
    print(f"{total} records, {len(errors)} errors, {len(notes)} notes")
    return 1 if errors else 0


def stats(folder: Path) -> int:
    """Counts of the ca-/eu- records: per file, kind and stage, and labelled violations per rule."""
    from collections import Counter

    per_rule: Counter[tuple[str, str]] = Counter()
    for path in sorted((folder / "posts").glob("ca-*.jsonl")) + sorted(
        (folder / "posts").glob("eu-*.jsonl")
    ):
        shape: Counter[str] = Counter()
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            kind = "repost" if is_repost(rec) else rec.get("kind", "post")
            shape[f"{kind}/{'published' if rec.get('published') else 'draft'}"] += 1
            per_rule.update((path.name[:2], rule) for rule in rec["expect"])
        print(f"{path.name}: {sum(shape.values())} {dict(sorted(shape.items()))}")
    for rule in sorted({r for _, r in per_rule}):
        ca, eu = per_rule[("ca", rule)], per_rule[("eu", rule)]
        print(f"{rule:26} ca {ca:3}  eu {eu:3}  total {ca + eu:3}")
    return 0


def main(argv: list[str]) -> int:
    """``check [SET]`` or ``stats [SET]``."""
    if len(argv) >= 1 and argv[0] in ("check", "stats"):
        folder = Path(argv[1]) if len(argv) > 1 else SET
        return check(folder) if argv[0] == "check" else stats(folder)
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
