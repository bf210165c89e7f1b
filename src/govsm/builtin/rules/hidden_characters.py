"""Built-in rule: characters that change how a post reads without showing (``hidden-characters``).

Bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) reorder the
text around them: ``moc.lpmaxe`` after a right-to-left override reads ``example.com``, so a link
or a name can pass for another. Zero-width spaces and joiners outside emoji, word joiners and a
byte-order mark inside the text split or glue words invisibly, so searches and screen readers
miss them. A post written in an editor has none of these; pasted text sometimes does.
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
#: invisible characters that split or glue words (U+200D is allowed inside emoji sequences)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060-\u2064\ufeff]")

_REFERENCE = (
    "Unicode Technical Report #36, Unicode Security Considerations (bidirectional text "
    "spoofing); CVE-2021-42574 (Trojan Source)"
)


def _name(char: str) -> str:
    return f"U+{ord(char):04X}"


def _inside_emoji(text: str, index: int) -> bool:
    """Whether a zero-width joiner at ``index`` joins two emoji (👩‍👩‍👧), as it should."""
    return (
        text[index] == "\u200d" and 0 < index < len(text) - 1 and is_emoji(text[index - 1])
    ) or (index >= 2 and text[index - 1] == "\ufe0f" and is_emoji(text[index - 2]))


def check_hidden_characters(context: RuleContext) -> Iterator[Finding]:
    """Flag direction controls, and invisible characters outside emoji sequences."""
    text = context.message.text
    for match in _DIRECTION.finditer(text):
        yield Finding(
            rule="hidden-characters",
            severity=context.severity,
            message=Bilingual(
                es=f"un carácter invisible de control de dirección ({_name(match.group())}) "
                "reordena el texto que lo sigue: un enlace o un nombre puede parecer otro",
                en=f"an invisible direction-control character ({_name(match.group())}) "
                "reorders the text after it: a link or a name can look like another",
            ),
            span=Span(match.start(), match.end()),
            suggestion=Bilingual(
                es="quítelo: escriba el texto de nuevo en lugar de pegarlo",
                en="remove it: type the text again instead of pasting it",
            ),
            reference=_REFERENCE,
        )
    for match in _INVISIBLE.finditer(text):
        if _inside_emoji(text, match.start()):
            continue
        yield Finding(
            rule="hidden-characters",
            severity=Severity.INFO if context.severity is Severity.ERROR else context.severity,
            message=Bilingual(
                es=f"un carácter invisible ({_name(match.group())}) parte o une palabras sin "
                "que se vea: las búsquedas y los lectores de pantalla fallan",
                en=f"an invisible character ({_name(match.group())}) splits or joins words "
                "unseen: searches and screen readers stumble on it",
            ),
            span=Span(match.start(), match.end()),
            suggestion=Bilingual(
                es="quítelo: escriba el texto de nuevo en lugar de pegarlo",
                en="remove it: type the text again instead of pasting it",
            ),
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
        "and joiners outside emoji, word joiners and a stray byte-order mark split or glue "
        "words unseen, so searches and screen readers miss them. govsm flags each, the "
        "direction controls at the rule's severity; a joiner inside an emoji sequence "
        "(👩‍👩‍👧) is left alone."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the hidden-characters rule."""
    return [HIDDEN_CHARACTERS]
