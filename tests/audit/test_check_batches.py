"""The checks step cuts the stream of kept results and messages to check into bounded batches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govsm.builtin.steps.checks import CHECK_BATCH, ITEM_BATCH, _batches
from govsm.store.check_cache import Reused, ToCheck


def _item(n: int, to_check: bool) -> Reused | ToCheck:
    if to_check:
        return ToCheck(message=f"m{n}", fingerprint=None)  # type: ignore[arg-type]
    return Reused(message=f"m{n}", profile="p", findings=())


@given(
    st.lists(st.booleans(), max_size=3000)
    | st.integers(0, 2500).map(lambda n: [False] * n)
    | st.integers(0, 600).map(lambda n: [True] * n)
)
def test_batches_keep_the_order_and_stay_bounded(kinds: list[bool]) -> None:
    """Every item once, in order; no batch holds more than CHECK_BATCH to check or ITEM_BATCH in
    all, and a batch is only cut short when the stream ends (so a kept history is not held whole).
    """
    items = [_item(n, to_check) for n, to_check in enumerate(kinds)]
    batches = list(_batches(iter(items)))
    assert [item for batch in batches for item in batch] == items
    for n, batch in enumerate(batches):
        checked = sum(isinstance(item, ToCheck) for item in batch)
        assert batch
        assert checked <= CHECK_BATCH
        assert len(batch) <= ITEM_BATCH
        if n < len(batches) - 1:
            assert checked == CHECK_BATCH or len(batch) == ITEM_BATCH
