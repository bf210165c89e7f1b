"""Not found and conflict are different errors: an application can tell a typo from a race."""

from __future__ import annotations

import pytest

from govsm.errors import ConcurrentChange, Conflict, GovernanceError, NotFound

from .conftest import complete_request, council, pending_post


class TestNotFound:
    def test_unknown_profile_message_and_request(self) -> None:
        """Reading something the organisation does not have raises NotFound, in both languages."""
        c = council()
        for read in (
            lambda: c.gov.profile("nope"),
            lambda: c.gov.message("nope"),
            lambda: c.gov.request("nope"),
        ):
            with pytest.raises(NotFound) as caught:
                read()
            assert "nope" in caught.value.es and "nope" in caught.value.en

    def test_acting_on_an_unknown_message(self) -> None:
        """Submitting a message that was never drafted is NotFound, not a state conflict."""
        c = council()
        with pytest.raises(NotFound):
            c.gov.submit("never-drafted", by="edu")


class TestConflict:
    def test_a_message_no_longer_editable(self) -> None:
        """Editing a published message conflicts with its state; nothing is written."""
        c = council()
        pending_post(c)
        c.gov.approve("m1", by="ana")
        with pytest.raises(Conflict) as caught:
            c.gov.submit("m1", by="edu")
        assert not isinstance(caught.value, NotFound)

    def test_filing_the_same_request_twice(self) -> None:
        """A request id already taken is a conflict."""
        c = council()
        c.gov.submit_request(complete_request(), by="edu")
        with pytest.raises(Conflict, match="there is a request"):
            c.gov.submit_request(complete_request(), by="edu")

    def test_deciding_a_request_twice(self) -> None:
        """A request already decided cannot be decided again: a conflict, not a typo."""
        c = council()
        filed = c.gov.submit_request(complete_request(), by="edu")
        c.gov.approve_request(filed.id, by="cora")
        with pytest.raises(Conflict):
            c.gov.approve_request(filed.id, by="cora")


def test_the_hierarchy() -> None:
    """Both are governance errors (existing handlers still catch them); a race is a conflict."""
    assert issubclass(NotFound, GovernanceError)
    assert issubclass(Conflict, GovernanceError)
    assert issubclass(ConcurrentChange, Conflict)
    assert not issubclass(NotFound, Conflict)
