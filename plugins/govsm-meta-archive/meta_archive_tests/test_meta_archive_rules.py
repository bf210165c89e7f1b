"""End to end: imported posts checked by the rule engine on the Facebook and Instagram channels.

The imported words are the council's as typed (Meta's escaping undone), so the length the rules
measure is the text's, and the alt-text rule reports the photos: Meta's exports hold no alt text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from govsm_meta_archive.layout import Platform

from govsm.plugins import PluginHost
from govsm.rules.engine import Checker
from govsm.text import measure
from meta_archive_tests.builder import TEXTS, council_facebook, council_instagram
from meta_archive_tests.conftest import messages_of, read_all


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost()


def test_every_imported_message_is_checked(host: PluginHost, tmp_path: Path) -> None:
    """Each imported post and reply goes through the rules; photos without alt text are reported."""
    checker = Checker(host.rules(), host.channels())
    facebook = messages_of(
        read_all(Platform.FACEBOOK, council_facebook().write(tmp_path / "fb.zip"))
    )
    instagram = messages_of(
        read_all(Platform.INSTAGRAM, council_instagram().write(tmp_path / "ig.zip"))
    )
    channels = host.channels()
    for messages, channel in ((facebook, channels["facebook"]), (instagram, channels["instagram"])):
        for message in messages:
            found = {f.rule for f in checker.check(message, channel).findings}
            if any(m.kind.value == "image" for m in message.media):
                assert "alt-text" in found, message.text
            else:
                assert "alt-text" not in found


def test_lengths_are_measured_on_the_words_as_typed(tmp_path: Path) -> None:
    """The Catalan text with its ``l·l`` and emoji measures as typed, not as Meta escaped it."""
    (first, *_) = messages_of(
        read_all(Platform.FACEBOOK, council_facebook().write(tmp_path / "fb.zip"))
    )
    assert first.text == TEXTS["festa"]
    assert measure(first.text, "facebook").length == len(TEXTS["festa"])
