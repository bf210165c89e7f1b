"""Office holders in a text: by name, by their personal accounts, or by title.

The built-in rule ``institutional-neutrality`` (``govsm.builtin.rules.neutrality``) looks for the
people who govern: the people with a ``political_office`` in the workspace — by full name, by
given name and first surname, by both surnames, by their personal accounts (``@neusferrando``)
— and any office holder by title (``l'alcaldessa``, ``la concejala``, the first word of a
person's office). :func:`account_key` makes one account comparable across its spellings.
"""

from __future__ import annotations

import functools

import regex
from attrs import frozen

from govsm.rules.neutrality_lexicon import alternation, titles

#: an office holder as the rule reads them: name, office (``""`` for none) and accounts
Holder = tuple[str, str, tuple[str, ...]]


@frozen
class Mention:
    """Where a text names an office holder.

    :param start: where the mention starts in the text.
    :param end: where it ends.
    :param who: whom it names (``"Name, Office"``), or the title as written.
    :param person: whether it names a person (by name or account), not only a title.
    """

    start: int
    end: int
    who: str
    person: bool


@frozen
class _People:
    names: regex.Pattern[str] | None  # names and @accounts of the office holders, extra names
    titles: regex.Pattern[str] | None  # the lexicon's titles, the holders' offices, extra ones
    who: dict[str, str]  # a matched name or account, lower case → "Name, Office"


def name_forms(name: str) -> list[str]:
    """The forms a person's name takes in a post.

    The whole name and, for three words or more, given name and first surname, and both
    surnames.

    :param name: the full name (``Neus Ferrando Puig``).
    """
    words = name.split()
    forms = [name]
    if len(words) >= 3:
        forms.append(f"{words[0]} {words[1]}")  # given name and first surname
        forms.append(f"{words[-2]} {words[-1]}")  # both surnames
    return forms


def account_key(account: str) -> str:
    """An account as a comparable key: its user name, lower case, without ``@`` or address.

    ``@NeusFerrando``, ``https://x.com/neusferrando`` and ``neusferrando`` are one account;
    so are ``@neus@mastodon.social`` and ``https://mastodon.social/@neus`` (user ``neus``).
    """
    key = account.strip()
    if "://" in key:
        key = key.split("://", 1)[1].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return key.lstrip("@").split("@", 1)[0].casefold()


@functools.lru_cache(maxsize=64)
def _people(
    holders: tuple[Holder, ...],
    extra_names: tuple[str, ...],
    extra_titles: tuple[str, ...],
) -> _People:
    who: dict[str, str] = {}
    names: list[str] = []
    found_titles = list(titles()) + list(extra_titles)
    for name, office, accounts in holders:
        label = f"{name}, {office}" if office else name
        forms = name_forms(name) + [f"@{account_key(a)}" for a in accounts if account_key(a)]
        for form in forms:
            names.append(form)
            who.setdefault(form.lower(), label)
        if office:
            found_titles.append(office)
            first = office.split()[0]
            if len(first) > 3:
                found_titles.append(first)  # "Regidor d'Esports i Joventut" → "Regidor"
    for name in extra_names:
        names.append(name)
        who.setdefault(name.lower(), name)
    return _People(
        names=alternation(tuple(names)),
        titles=alternation(tuple(found_titles), prefix=r"(?:l['’])?"),
        who=who,
    )


def mentions(
    holders: tuple[Holder, ...],
    extra_names: tuple[str, ...],
    extra_titles: tuple[str, ...],
    text: str,
    start: int,
    end: int,
) -> list[Mention]:
    """The office holders ``text[start:end]`` names, in order; a title inside a name is not one.

    The patterns are built once per set of holders and extra words (the cache holds the last
    64).

    :param holders: the office holders of the workspace.
    :param extra_names: more names to find (the rule's ``names`` parameter).
    :param extra_titles: more titles (the rule's ``titles`` parameter).
    :param text: the whole text (offsets are into it).
    :param start: where to start looking.
    :param end: where to stop.
    """
    people = _people(holders, extra_names, extra_titles)
    found: list[Mention] = []
    if people.names is not None:
        for match in people.names.finditer(text, start, end):
            who = people.who.get(match.group().lower(), match.group())
            found.append(Mention(match.start(), match.end(), who, person=True))
    if people.titles is not None:
        for match in people.titles.finditer(text, start, end):
            if any(m.start < match.end() and match.start() < m.end for m in found):
                continue
            found.append(Mention(match.start(), match.end(), match.group(), person=False))
    return sorted(found, key=lambda m: m.start)
