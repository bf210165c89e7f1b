"""When a post went out, from the dates LinkedIn's exports write.

**The member export** (``Shares.csv``, ``Comments.csv``) writes ``Date`` as
``2024-05-02 09:30:00``: a moment in UTC, to the second, without saying so (some tools write
``2024-05-02 09:30:00 UTC``; an ISO 8601 moment with its offset is taken too).
:func:`utc_moment` reads it as UTC.

>>> utc_moment("2024-05-02 09:30:00").isoformat()
'2024-05-02T09:30:00+00:00'
>>> utc_moment("2024-05-02T11:30:00+02:00").isoformat()
'2024-05-02T09:30:00+00:00'
>>> utc_moment("dimecres") is None
True

**The Page's content export** writes ``Created date`` as a day alone, ``05/02/2024`` (month
first, as LinkedIn's English interface writes it; day first when the first number cannot be a
month). The post's URN holds the exact moment (:mod:`govsm_linkedin_archive.urns`):
:func:`page_moment` takes it when it falls within a day of the written date (the export's day
is the Page's, not UTC's) — choosing between month-first and day-first by it too — the
written day at 00:00 UTC when there is no URN or they disagree, and the URN's moment alone when
the day is missing or unreadable.

>>> from datetime import UTC, datetime
>>> exact = datetime(2024, 2, 5, 8, 15, 3, tzinfo=UTC)
>>> page_moment("05/02/2024", exact).isoformat()
'2024-02-05T08:15:03+00:00'
>>> page_moment("05/02/2024", None).isoformat()
'2024-05-02T00:00:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

#: the longest date text read
_DATE_CHARACTERS = 40
_WRITTEN_DAYS = ("%Y-%m-%d", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")


def utc_moment(value: str | None) -> datetime | None:
    """The moment ``Date`` says, in UTC; ``None`` when it is empty or not a moment."""
    if value is None:
        return None
    text = value.strip()
    if not text or len(text) > _DATE_CHARACTERS:
        return None
    if text.upper().endswith(" UTC"):
        text = text[:-4].rstrip()
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    if found.tzinfo is None:
        return found.replace(tzinfo=UTC)
    try:
        return found.astimezone(UTC)
    except OverflowError:
        return None


def written_days(value: str | date | None) -> list[date]:
    """The days ``Created date`` may mean, the likelier first (see the module)."""
    if isinstance(value, datetime):
        return [value.date()]
    if isinstance(value, date):
        return [value]
    if value is None:
        return []
    text = value.strip()
    if not text or len(text) > _DATE_CHARACTERS:
        return []
    text = text.split(" ")[0] if "/" in text else text  # "05/02/2024 00:00:00"
    numbers = text.split("/")
    if len(numbers) == 3 and all(n.isdigit() and n.isascii() for n in numbers):
        first, second, year = (int(n) for n in numbers)
        if year < 100:
            year += 2000
        days: list[date] = []
        for month, day in ((first, second), (second, first)):
            try:
                days.append(date(year, month, day))
            except ValueError:
                continue
        return list(dict.fromkeys(days))
    for pattern in _WRITTEN_DAYS:
        try:
            return [datetime.strptime(text, pattern).date()]
        except ValueError:
            continue
    return []


def page_moment(written: str | date | None, exact: datetime | None) -> datetime | None:
    """When a post of the Page export went out (see the module); ``None`` if it does not say."""
    days = written_days(written)
    if exact is not None:
        for day in days:
            if abs(exact.date() - day) <= timedelta(days=1):
                return exact
        if not days:
            return exact
    if not days:
        return None
    return datetime.combine(days[0], time(0, 0), tzinfo=UTC)
