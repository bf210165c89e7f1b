"""Built-in rule: characters that change how a post reads without showing (``hidden-characters``).

Bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) reorder the
text around them: ``moc.lpmaxe`` after a right-to-left override reads ``example.com``, so a link
or a name can pass for another. Zero-width spaces and joiners outside emoji, word joiners and a
byte-order mark inside the text split or glue words invisibly, so searches and screen readers
miss them; so does a soft hyphen (U+00AD) left in a word by a word processor. A post written
in an editor has none of these; pasted text sometimes does.

Each character is a finding, up to :data:`MAX_FINDINGS` per post; one more finding counts the
rest and spans them, so a hostile post of 100,000 controls costs a scan, not 100,000 findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govsm.model import Bilingual, Finding, Severity, Span
from govsm.rules.wording import is_emoji
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

#: direction controls: they reorder what follows them
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: the same, one by one (to find the last of them with ``str.rfind``)
_DIRECTION_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: invisible characters that split or glue words (U+200D is allowed inside emoji sequences),
#: and the soft hyphen (U+00AD), which a word processor leaves in a word: no network hyphenates
#: a post, and the word with it inside is not the word searched for
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060-\u2064\ufeff]")

_REFERENCE = (
    "Unicode Technical Report #36, Unicode Security Considerations (bidirectional text "
    "spoofing); CVE-2021-42574 (Trojan Source)"
)


#: findings made one by one per message; past it, one more finding counts the rest (a text of
#: 100,000 direction controls makes 21 findings, not 100,000)
MAX_FINDINGS = 20

_SUGGESTION = Bilingual(
    es="quítelo: escriba el texto de nuevo en lugar de pegarlo",
    en="remove it: type the text again instead of pasting it",
)


def _name(char: str) -> str:
    return f"U+{ord(char):04X}"


def _inside_emoji(text: str, index: int) -> bool:
    """Whether a zero-width joiner at ``index`` joins two emoji (👩‍👩‍👧), as it should."""
    return (
        text[index] == "\u200d" and 0 < index < len(text) - 1 and is_emoji(text[index - 1])
    ) or (index >= 2 and text[index - 1] == "\ufe0f" and is_emoji(text[index - 2]))


def check_hidden_characters(context: RuleContext) -> Iterator[Finding]:
    """Flag direction controls, and invisible characters outside emoji sequences.

    One finding per character, the first :data:`MAX_FINDINGS` of them (direction controls
    first, then the others, each in text order); one more finding counts the rest, spanning
    from the first to the last of them, at the severity of the worst. Past the cap, direction
    controls are counted by the regular expression engine, not one by one in Python.
    """
    text = context.message.text
    minor: Severity = Severity.INFO if context.severity is Severity.ERROR else context.severity
    made = 0
    rest = 0
    first, last, worst = len(text), 0, minor
    for match in _DIRECTION.finditer(text):
        if made < MAX_FINDINGS:
            made += 1
            yield _finding(match, True, context.severity)
            continue
        # this one and every later one: counted and bounded at C speed
        rest = len(_DIRECTION.findall(text, match.start()))
        first, worst = match.start(), context.severity
        last = max(text.rfind(char) for char in _DIRECTION_CHARS) + 1
        break
    for match in _INVISIBLE.finditer(text):
        index = match.start()
        if _inside_emoji(text, index):
            continue
        if made < MAX_FINDINGS:
            made += 1
            yield _finding(match, False, minor)
            continue
        rest += 1
        first, last = min(first, index), max(last, index + 1)
    if rest:
        yield Finding(
            rule="hidden-characters",
            severity=worst,
            message=Bilingual(
                es=f"y {rest} caracteres invisibles más (controles de dirección o caracteres "
                f"de ancho cero): solo se señalan uno a uno los {MAX_FINDINGS} primeros",
                en=f"and {rest} more hidden characters (direction controls or zero-width "
                f"characters): only the first {MAX_FINDINGS} are flagged one by one",
            ),
            span=Span(first, last),
            suggestion=_SUGGESTION,
            reference=_REFERENCE,
        )


def _finding(match: re.Match[str], direction: bool, severity: Severity) -> Finding:
    name = _name(match.group())
    if direction:
        message = Bilingual(
            es=f"un carácter invisible de control de dirección ({name}) "
            "reordena el texto que lo sigue: un enlace o un nombre puede parecer otro",
            en=f"an invisible direction-control character ({name}) "
            "reorders the text after it: a link or a name can look like another",
        )
    else:
        message = Bilingual(
            es=f"un carácter invisible ({name}) parte o une palabras sin "
            "que se vea: las búsquedas y los lectores de pantalla fallan",
            en=f"an invisible character ({name}) splits or joins words "
            "unseen: searches and screen readers stumble on it",
        )
    return Finding(
        rule="hidden-characters",
        severity=severity,
        message=message,
        span=Span(match.start(), match.end()),
        suggestion=_SUGGESTION,
        reference=_REFERENCE,
    )


HIDDEN_CHARACTERS = Rule(
    id="hidden-characters",
    title=Bilingual(es="Caracteres ocultos", en="Hidden characters"),
    default_severity=Severity.WARNING,
    check=check_hidden_characters,
    family="accessibility",
    reference=_REFERENCE,
    explanation=(
        "Bidirectional controls (U+202A–U+202E, U+2066–U+2069) reorder the text around them, "
        "so a link or an account name can read as another (Trojan Source). Zero-width spaces "
        "and joiners outside emoji, word joiners, soft hyphens and a stray byte-order mark "
        "split or glue words unseen, so searches and screen readers miss them. govsm flags "
        "each, the direction controls at the rule's severity; a joiner inside an emoji "
        "sequence (👩‍👩‍👧) is left alone. Past the first 20 in one post, one more finding counts "
        "the rest."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the hidden-characters rule."""
    return [HIDDEN_CHARACTERS]
