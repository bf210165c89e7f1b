"""Where a text stops fitting a limit, found without measuring it over and over.

:func:`first_excess` answers what a binary search over the lengths of the text's prefixes
answers (``measure(text[:i + 1], channel).length > limit``, the first ``i`` where it holds, as
the search finds it), with the same steps, but each prefix's length costs far less than a
measurement:

* where the unit is a plain count of the text as written (code points, UTF-16 units, UTF-8 bytes,
  grapheme clusters; nothing rewritten, nothing normalised), the counter counts each prefix the
  search needs, mostly in C and without looking for entities; Threads' counting (each emoji as its
  UTF-8 bytes) is summed cluster by cluster, the text segmented once;
* X (twitter-text) and Mastodon split the text at *cuts*: after a space or a line feed, before a
  character that is neither white space nor one that joins the one before it. No URL, mention or
  emoji spans a cut, normalisation leaves the characters on either side apart, and a grapheme
  cluster ends there, so a prefix measures as the text before its last cut plus the rest, on its
  own. The text before a cut is measured once, in pieces between the cuts the search has needed
  (a piece only from the nearest cut it already knows), so all the pieces together cover the
  text once; each step adds the few characters after its cut;
* anything else (a counter a plugin registers, a channel whose rules rewrite entities in a plain
  count) measures each prefix the search needs, as :func:`~govsm.text.measure` would, with its
  counter alone.

The lengths are not always larger for longer prefixes (``https://soldeneu.e`` counts 18 on X,
``https://soldeneu.es`` 23, a URL 23 however long), so the answer is the search's, step by step,
not merely some place where the text stops fitting.
"""

from __future__ import annotations

import abc
import bisect
from itertools import accumulate

import regex

from govsm.model import Channel, TextCounting

# importing atproto registers its extractor, as the others do theirs
from govsm.text import atproto, generic, mastodon, registry, twitter  # noqa: F401
from govsm.text.segmentation import grapheme_count

# a cut, searched for from the end: a space or a line feed, then a character that is not white
# space (nor NUL, which Ruby strips) and joins no grapheme cluster with the one before
_CUT = regex.compile(
    r"[ \n](?=[^\p{White_Space}\x00\p{Grapheme_Cluster_Break=Extend}"
    r"\p{Grapheme_Cluster_Break=ZWJ}\p{Grapheme_Cluster_Break=SpacingMark}])",
    regex.REVERSE,
)
_GRAPHEME = regex.compile(r"\X")

_PLAIN_COUNTERS = {
    TextCounting.CODE_POINTS: generic.count_code_points,
    TextCounting.GRAPHEMES: generic.count_graphemes,
    TextCounting.UTF16_UNITS: generic.count_utf16_units,
    TextCounting.UTF8_BYTES: generic.count_utf8_bytes,
}


def first_excess(text: str, channel: Channel, limit: int) -> int:
    """The code point index where ``text`` stops fitting within ``limit`` as ``channel`` counts.

    Exactly what this binary search returns, ``len(text)`` if the text fits::

        low, high = 0, len(text)
        while low < high:
            middle = (low + high) // 2
            if measure(text[: middle + 1], channel).length > limit:
                high = middle
            else:
                low = middle + 1
        return low

    :param text: the text as written (without a content warning).
    :param channel: the channel, already resolved (:func:`govsm.text.first_excess` takes ids).
    :param limit: the most the channel takes, in its unit.
    """
    length = prefix_length(text, channel)
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        if length(middle + 1) > limit:
            high = middle
        else:
            low = middle + 1
    return low


class PrefixLengths(abc.ABC):
    """The lengths of the prefixes of one text, as one channel measures them.

    Called with ``end``, gives ``measure(text[:end], channel).length``.
    """

    @abc.abstractmethod
    def __call__(self, end: int) -> int:
        """The length of ``text[:end]``."""


def prefix_length(text: str, channel: Channel) -> PrefixLengths:
    """The lengths of the prefixes of ``text`` as ``channel`` measures them, each cheaply.

    :raises ConfigError: for a channel whose rules name no known entity syntax or unit.
    """
    counter = registry.implementations(channel)[1]
    rules = channel.text_rules
    if counter is twitter.weighted_length:
        return _XCuts(text, channel)
    build = generic.countable_builder(rules.entity_syntax)
    if counter is _PLAIN_COUNTERS.get(channel.counting):
        if build is mastodon.count_text and channel.counting is TextCounting.GRAPHEMES:
            return _MastodonCuts(text, channel)
        as_written = (
            rules.url_length is None
            and not rules.remote_mention_local_only
            and not rules.normalization
        )
        if as_written and build is generic.countable_text:
            return _Counted(text, channel, counter)
        if as_written and build is generic.threads_countable:
            if channel.counting is TextCounting.CODE_POINTS:
                return _Threads(text)
            return _Counted(text, channel, counter)
    return _Measured(text, channel)


class _Measured(PrefixLengths):
    """Each prefix measured by the channel's extractor and counter, as :func:`measure` does."""

    def __init__(self, text: str, channel: Channel) -> None:
        self.text = text
        self.channel = channel
        self.extractor, self.counter = registry.implementations(channel)

    def __call__(self, end: int) -> int:
        prefix = self.text[:end]
        return self.counter(prefix, self.extractor(prefix, self.channel), self.channel, None)


class _Counted(PrefixLengths):
    """Each prefix counted as written: one pass of C code, and no entities to find."""

    def __init__(self, text: str, channel: Channel, counter: registry.Counter) -> None:
        self.text = text
        self.channel = channel
        self.counter = counter

    def __call__(self, end: int) -> int:
        return self.counter(self.text[:end], (), self.channel, None)


class _Threads(PrefixLengths):
    """Threads' count (each emoji cluster as its UTF-8 bytes) of each prefix, cluster by cluster.

    A grapheme boundary depends on what comes before it and on the character after, so a prefix
    is segmented as the whole text is, its last cluster cut short.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        clusters = _GRAPHEME.findall(text)
        self.starts = list(accumulate(map(len, clusters), initial=0))[:-1]
        sizes = [
            len(cluster) if cluster.isascii() else len(generic.emoji_as_utf8_bytes(cluster))
            for cluster in clusters
        ]
        self.before = list(accumulate(sizes, initial=0))  # the count of the clusters before each

    def __call__(self, end: int) -> int:
        cluster = bisect.bisect_left(self.starts, end) - 1  # the one `end` cuts into, or ends
        if cluster < 0:
            return 0
        start = self.starts[cluster]
        return self.before[cluster] + len(generic.emoji_as_utf8_bytes(self.text[start:end]))


class _Cuts(PrefixLengths):
    """Prefix lengths from the cuts of a text (see the module's documentation).

    A piece after a cut is measured with the space or line feed before it, which the patterns
    see there (a URL's ``before``, a mention's lookbehind), and which a subclass counts out: on
    its own, a piece could give its first character to the pattern as what comes before a URL.

    A subclass says how much the first piece adds (:meth:`first`), how much a piece after a cut
    adds (:meth:`piece`, given with the space before it), how much the piece after a prefix's
    last cut adds (:meth:`tail`, the same way), what length a sum makes (:meth:`total`), and how
    long a prefix without a cut is (:meth:`whole`).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._known = [0]  # cuts whose prefix is measured, in order
        self._before = [0]  # the amount of the text before each

    def __call__(self, end: int) -> int:
        cut = self._cut_before(end)
        if cut == 0:
            return self.whole(self.text[:end])
        return self.total(self._amount_before(cut) + self.tail(self.text[cut - 1 : end]))

    def _cut_before(self, end: int) -> int:
        """The last cut before ``end`` (so that something follows it), or 0."""
        cut = _CUT.search(self.text, 0, end)  # the character after it lies before `end`
        return 0 if cut is None else cut.end()

    def _amount_before(self, cut: int) -> int:
        index = bisect.bisect_right(self._known, cut) - 1
        start = self._known[index]
        if start == cut:
            return self._before[index]
        if start == 0:
            amount = self.first(self.text[:cut])
        else:
            amount = self._before[index] + self.piece(self.text[start - 1 : cut])
        self._known.insert(index + 1, cut)
        self._before.insert(index + 1, amount)
        return amount

    @abc.abstractmethod
    def first(self, piece: str) -> int:
        """How much the text from its start to a cut adds."""

    @abc.abstractmethod
    def piece(self, piece: str) -> int:
        """How much a piece between two cuts adds, given with the space before it."""

    @abc.abstractmethod
    def tail(self, piece: str) -> int:
        """How much the piece after a prefix's last cut adds, given with the space before it."""

    @abc.abstractmethod
    def total(self, amount: int) -> int:
        """The length a text of ``amount`` measures."""

    @abc.abstractmethod
    def whole(self, prefix: str) -> int:
        """The length of a prefix without a cut."""


class _XCuts(_Cuts):
    """X: weights add up (twitter-text's, before dividing by the scale)."""

    def __init__(self, text: str, channel: Channel) -> None:
        super().__init__(text)
        self.channel = channel
        self.scale = channel.text_rules.scale

    def first(self, piece: str) -> int:
        return twitter.weigh(piece, self.channel)

    def piece(self, piece: str) -> int:
        # the space before weighs as a character: no URL or emoji holds it
        return twitter.weigh(piece, self.channel) - twitter.weigh(piece[0], self.channel)

    def tail(self, piece: str) -> int:
        return self.piece(piece)

    def total(self, amount: int) -> int:
        return -(-amount // self.scale)

    def whole(self, prefix: str) -> int:
        # the counter needs no entities: it finds the URLs again in the normalised text
        return twitter.weighted_length(prefix, (), self.channel, None)


class _MastodonCuts(_Cuts):
    """Mastodon: grapheme clusters add up; the text's start and end are stripped.

    A piece after a cut begins with a character that is not stripped (nor white space), so only
    the first piece loses its leading white space and only the last its trailing one, and the
    text is never blank. The space before a piece is a cluster of its own.
    """

    def __init__(self, text: str, channel: Channel) -> None:
        super().__init__(text)
        self.channel = channel
        self.extractor, self.counter = registry.implementations(channel)

    def first(self, piece: str) -> int:
        return grapheme_count(mastodon.shortened(piece, self.channel).lstrip(mastodon.STRIP))

    def piece(self, piece: str) -> int:
        return grapheme_count(mastodon.shortened(piece, self.channel)) - 1

    def tail(self, piece: str) -> int:
        return grapheme_count(mastodon.shortened(piece, self.channel).rstrip(mastodon.STRIP)) - 1

    def total(self, amount: int) -> int:
        return amount

    def whole(self, prefix: str) -> int:
        return self.counter(prefix, self.extractor(prefix, self.channel), self.channel, None)
