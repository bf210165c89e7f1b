"""Built-in rule: replies signed as the organisation's style manual says (``signature``).

Seed 002 asks for one authentic, accountable institutional voice; some organisations sign each
reply with the initials of the person who wrote it (``… en la calle Mayor. ^MS``). The style
manual's profile checks are in :mod:`~govsm.builtin.rules.profile_rules`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources

import regex

from govsm.model import Bilingual, Direction, Finding, Person, Severity, Span
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

_MARKS = regex.compile(r"\p{Mn}+")
_NAME_WORDS = regex.compile(r"[\p{L}]+")
#: what stands for the initials in a signature template when the author is not known
_ANY_INITIALS = r"(?P<initials>\p{Lu}[\p{L}]{0,4}|\p{L}{2,5})"


def _strip_marks(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


@cache
def name_particles() -> frozenset[str]:
    """Name words that are not initials (``de``, ``la``, ``i``…), from ``name-particles.txt``."""
    text = resources.files("govsm.rules").joinpath("data", "name-particles.txt")
    words = set()
    for line in text.read_text(encoding="utf-8").splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            words.add(item.casefold())
    return frozenset(words)


def initials(name: str, words: int = 2) -> str:
    """A person's initials as a signature uses them: ``Marta Soler Gil`` → ``MS``.

    The first letter of each of the first ``words`` words, leaving out particles
    (``María de la Cruz Pérez`` → ``MC``) and accents (``Àngels`` → ``A``).
    """
    letters = [
        _strip_marks(word[0]).upper()
        for word in _NAME_WORDS.findall(name)
        if word.casefold() not in name_particles()
    ]
    return "".join(letters[: max(1, words)])


@lru_cache(maxsize=256)
def _template_pattern(template: str, initials_text: str | None) -> regex.Pattern[str]:
    """The regular expression of a signature template, anchored at the end of the text."""
    parts = template.strip().split("{initials}")
    pieces: list[str] = []
    for index, part in enumerate(parts):
        literal = regex.escape(part, special_only=True)
        pieces.append(regex.sub(r"(?:\\ |\s)+", r"\\s+", literal))
        if index < len(parts) - 1:
            if index > 0:
                pieces.append("(?P=initials)")
            elif initials_text is None:
                pieces.append(_ANY_INITIALS)
            else:
                pieces.append(f"(?P<initials>{regex.escape(initials_text)})")
    return regex.compile("(?:" + "".join(pieces) + r")\s*\Z", regex.IGNORECASE)


def _author(context: RuleContext) -> Person | None:
    author = context.message.author
    if author is None or context.snapshot is None:
        return None
    for person in context.snapshot.people:
        if person.id == author:
            return person
    return None


def check_signature(context: RuleContext) -> Iterator[Finding]:
    """Flag outbound replies (or the kinds the policy names) not signed as the manual says."""
    message = context.message
    params = context.params
    template = str(params.get("template", "")).strip()
    if not template or message.direction is not Direction.OUTBOUND:
        return
    kinds = params.get("kinds", ["reply"])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or message.kind.value not in kinds:
        return
    words = params.get("initials_words", 2)
    person = _author(context)
    expected = (
        initials(person.name, int(words) if isinstance(words, int) else 2) if person else None
    )
    text = message.text
    end = len(text.rstrip())
    wanted = template.replace("{initials}", expected) if expected else template
    generic = _template_pattern(template, None)
    found = generic.search(text)
    if found is None:
        yield Finding(
            rule="signature",
            severity=context.severity,
            message=Bilingual(
                es=f"falta la firma al final: el manual pide «{wanted}»",
                en=f"the signature is missing at the end: the manual asks for '{wanted}'",
            ),
            span=Span(end, end),
            suggestion=Bilingual(
                es=f"termine el mensaje con «{wanted}»", en=f"end the message with '{wanted}'"
            ),
            reference="The organisation's style manual (policy rule 'signature')",
        )
        return
    if expected is None or "{initials}" not in template:
        return
    signed = found.group("initials")
    if _strip_marks(signed).casefold() == _strip_marks(expected).casefold():
        return
    assert person is not None
    yield Finding(
        rule="signature",
        severity=context.severity,
        message=Bilingual(
            es=f"firmado «{found.group().strip()}», pero lo ha escrito {person.name}, que "
            f"firma «{wanted}»",
            en=f"signed '{found.group().strip()}', but {person.name} wrote it and signs '{wanted}'",
        ),
        span=Span(found.start(), end),
        suggestion=Bilingual(
            es=f"firme con sus iniciales: «{wanted}»", en=f"sign with your initials: '{wanted}'"
        ),
        reference="The organisation's style manual (policy rule 'signature')",
    )


SIGNATURE = Rule(
    id="signature",
    title=Bilingual(es="Firma de las respuestas", en="Signed replies"),
    default_severity=Severity.WARNING,
    check=check_signature,
    params={"template": "^{initials}", "kinds": ["reply"], "initials_words": 2},
    enabled_by_default=False,
    family="style",
    reference="The organisation's style manual; seed 002 (an authentic, accountable voice)",
    explanation=(
        "Some organisations sign each reply with the initials of the person who wrote it "
        "(`... en la calle Mayor. ^MS`), so that citizens know a person answers and the team "
        "knows who did. The rule is off until the policy enables it, for the organisation, a "
        "unit or a profile. `template` is the signature, with `{initials}` standing for the "
        "author's (the first letters of the first `initials_words` words of their name, "
        "leaving out particles such as *de* or *i*: Marta Soler Gil signs `^MS`); it must end "
        "the message. `kinds` are the kinds of outbound message it applies to (`reply`, "
        "`post`, `direct`). When the author is not a person of the workspace, any initials "
        "are accepted; initials are compared without case or accents."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the ``signature`` rule."""
    return [SIGNATURE]
