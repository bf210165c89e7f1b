"""Built-in rules: accessibility — emoji, which screen readers read aloud by name.

``emoji-bullets`` flags lists whose lines start with an emoji; ``emoji-runs`` flags more emoji
in a row than a listener can bear.
"""

from __future__ import annotations

from collections.abc import Iterator

from govsm.model import Bilingual, Finding, Severity, Span
from govsm.rules.params import int_param
from govsm.rules.styled_letters import regional_letters
from govsm.rules.wording import CLUSTER, EMOJI_HINT, emoji_clusters, is_emoji
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

# ---------------------------------------------------------------------------------------------
# emoji-bullets, emoji-runs
# ---------------------------------------------------------------------------------------------

_EMOJI_REFERENCE = (
    "Guia de xarxes socials de la Generalitat de Catalunya (2019), eines.md §4.2.6 "
    "(Accessibilitat) and continguts.md §6.5; WCAG 2.2 SC 1.3.1 Info and Relationships"
)


#: the first character of a flag: a regional-indicator letter (🇪🇸), or the black or white flag
#: that starts a subdivision's flag (🏴 and tag letters) or a sequence (🏳️‍🌈)
_FLAG_START = frozenset(
    [chr(code) for code in range(0x1F1E6, 0x1F200)] + ["\U0001f3f4", "\U0001f3f3"]
)


def _leading_emoji(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The emoji a line starts with (after spaces), if it starts with one that is no flag.

    A flag at the start of a line labels the language of what follows (🇪🇸 … then 🏴 … in a
    bilingual post, each version on its own line): it names the version, and is not a bullet.
    """
    position = start
    while position < end and text[position] in " \t\u00a0":
        position += 1
    match = CLUSTER.match(text, position, end)
    if match is None or match.group()[0] in _FLAG_START or not is_emoji(match.group()):
        return None
    return match.start(), match.end(), match.group()


def check_emoji_bullets(context: RuleContext) -> Iterator[Finding]:
    """Flag lists whose lines start with an emoji instead of words."""
    text = context.message.text
    if not EMOJI_HINT.search(text):
        return
    min_lines = max(1, int_param(context, "min_lines", 2))
    blocks: list[list[tuple[int, int, str, int]]] = []
    current: list[tuple[int, int, str, int]] = []
    offset = 0
    for line in text.split("\n"):
        line_end = offset + len(line)
        bullet = _leading_emoji(text, offset, line_end)
        if bullet is not None:
            current.append((*bullet, line_end))
        elif line.strip() or not current:
            if current:
                blocks.append(current)
            current = []
        offset = line_end + 1
    if current:
        blocks.append(current)
    for block in blocks:
        if len(block) < min_lines:
            continue
        emoji = " ".join(item[2] for item in block)
        yield Finding(
            rule="emoji-bullets",
            severity=context.severity,
            message=Bilingual(
                es=f"{len(block)} líneas empiezan con un emoji a modo de viñeta ({emoji}): el "
                "lector de pantalla lee el nombre de cada emoji antes de cada línea",
                en=f"{len(block)} lines start with an emoji used as a bullet ({emoji}): a screen "
                "reader reads each emoji's name before each line",
            ),
            span=Span(block[0][0], block[-1][3]),
            suggestion=Bilingual(
                es="empiece cada línea con la información (o con un guion) y, si quiere un emoji, "
                "póngalo una vez, al final",
                en="start each line with the information (or a hyphen) and, if you want an "
                "emoji, use one, at the end",
            ),
            reference=_EMOJI_REFERENCE,
        )


def check_emoji_runs(context: RuleContext) -> Iterator[Finding]:
    """Flag more than ``max_run`` emoji in a row (spaces between them do not break the row).

    Regional indicators used as letters (🇧 🇴 🇳) are words spelled in fake letters, which
    ``fake-bold`` flags: they are not counted as emoji here.
    """
    text = context.message.text
    clusters = emoji_clusters(text)
    if not clusters:
        return
    letters = regional_letters(text)
    if letters:
        clusters = [c for c in clusters if not any(s <= c[0] < e for s, e in letters)]
    max_run = max(1, int_param(context, "max_run", 3))
    runs: list[list[tuple[int, int, str]]] = []
    for cluster in clusters:
        if runs and not text[runs[-1][-1][1] : cluster[0]].strip():
            runs[-1].append(cluster)
        else:
            runs.append([cluster])
    for run in runs:
        if len(run) <= max_run:
            continue
        start, end = run[0][0], run[-1][1]
        yield Finding(
            rule="emoji-runs",
            severity=context.severity,
            message=Bilingual(
                es=f"{len(run)} emojis seguidos ({text[start:end]}): el lector de pantalla lee "
                f"el nombre de cada uno; se admiten {max_run}",
                en=f"{len(run)} emoji in a row ({text[start:end]}): a screen reader reads the "
                f"name of each one; {max_run} are allowed",
            ),
            span=Span(start, end),
            suggestion=Bilingual(
                es="deje uno o dos que aporten algo y diga con palabras lo que expresan",
                en="keep one or two that add something and say in words what they express",
            ),
            reference=_EMOJI_REFERENCE,
        )


EMOJI_BULLETS = Rule(
    id="emoji-bullets",
    title=Bilingual(es="Emojis como viñetas", en="Emoji used as bullets"),
    default_severity=Severity.WARNING,
    check=check_emoji_bullets,
    params={"min_lines": 2},
    family="accessibility",
    reference=_EMOJI_REFERENCE,
    explanation=(
        "A list whose lines start with emoji (📅 Monday…, 📚 Wednesday…) makes a screen reader "
        "say the name of every emoji ('calendar', 'books') before the information, line after "
        "line. The Generalitat's guide asks to limit emoji because screen readers turn them "
        "into text. Flags a block of at least `min_lines` consecutive lines (blank lines "
        "allowed between them) that start with an emoji; one emoji leading a single line (📢 at "
        "the start of a notice) is not a list and is not flagged. Nor is a flag at the start "
        "of a line (🇪🇸 …, then 🏴 … on the next): in a bilingual post it labels the language "
        "of each version."
    ),
)

EMOJI_RUNS = Rule(
    id="emoji-runs",
    title=Bilingual(es="Emojis seguidos", en="Emoji in a row"),
    default_severity=Severity.WARNING,
    check=check_emoji_runs,
    params={"max_run": 3},
    family="accessibility",
    reference=_EMOJI_REFERENCE,
    explanation=(
        "Emoji are read aloud by name, so 🎉🎉🎉🎉 is 'party popper' four times. Flags more than "
        "`max_run` emoji in a row (spaces between them do not break the row). Each emoji is "
        "one grapheme cluster: a family (👨‍👩‍👧), a flag (🇪🇸) or a keycap (1️⃣) counts once. "
        "Regional indicators used as letters (🇧 🇴 🇳) are not counted: they spell a word, "
        "which `fake-bold` flags."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the emoji rules."""
    return [EMOJI_BULLETS, EMOJI_RUNS]
