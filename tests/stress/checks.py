"""The crash harness's checks of a finished round: the network, the store, the audit log."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from attrs import define, field

from govsm.ledger import record as rec
from govsm.ledger.chain import verify
from govsm.model import MessageState, OutboxItem, OutboxState, Outcome
from govsm.store import Store
from tests.stress.targets import Deliveries, Post, same_text

#: outcomes after which another attempt is the right thing to do
RETRY_REASONS = frozenset({Outcome.RATE_LIMITED, Outcome.TRANSIENT, Outcome.NOT_FOUND})

#: outcomes of the attempt that published an item (sent now, or found sent by an earlier one)
PUBLISHING = frozenset({Outcome.PUBLISHED, Outcome.FOUND})


@define
class RoundResult:
    """What one round found."""

    seed: int
    due: int = 0
    delivered: int = 0
    duplicates: int = 0
    lost: int = 0
    strays: int = 0
    unsettled: int = 0
    kills: int = 0
    kills_holding_claim: int = 0
    kills_mid_attempt: int = 0
    attempts: int = 0
    outcomes: Counter[str] = field(factory=Counter)
    seconds: float = 0.0
    problems: list[str] = field(factory=list)
    folder: Path | None = None


def match(
    store: Store, org: str, due: Sequence[OutboxItem], deliveries: Deliveries
) -> tuple[dict[str, list[Post]], list[Post]]:
    """The network's posts of each due item (by item id), and the posts of no due item.

    A post that carries its idempotency key (the sink's) is matched by the key; any other (a
    server's) by its text, white space aside.
    """
    by_key = {item.idempotency_key: item.id for item in due}
    by_text: dict[str, str] = {}
    for item in due:
        message = store.message(org, item.message)
        if message is not None:
            by_text[same_text(message.text)] = item.id
    matched: dict[str, list[Post]] = {item.id: [] for item in due}
    strays: list[Post] = []
    for post in deliveries.posts:
        ident = by_key.get(post.key) if post.key is not None else by_text.get(same_text(post.text))
        if ident is None:
            strays.append(post)
        else:
            matched[ident].append(post)
    return matched, strays


def check(
    store: Store, org: str, due: Sequence[OutboxItem], deliveries: Deliveries, result: RoundResult
) -> None:
    """Check a finished round; fill ``result``'s counts and add what is wrong to its problems.

    * the network: every due item delivered once (``lost``: never delivered; ``duplicates``:
      every delivery after the first, whether the network showed it as a second post or, like
      the sink, answered it with the first), with the message's text, and nothing that was not
      due (``strays``);
    * the store: every item ``published`` with the remote id of its post, its message
      published with the same id; one ``message.published`` entry per message and no
      ``message.publish_failed``; the audit chain verifies;
    * the log of attempts explains every retry: attempts numbered 1 to n (n = the item's
      count), each with an outcome and its end; the last published the item (``published``,
      or ``found`` when a lookup settled it), and each earlier one names a reason to try again
      (``rate-limited``, ``transient``, or ``not-found``: it was unconfirmed and the network
      was asked and had no such post). An attempt left open by a killed worker is settled by
      the next claim, before anything is sent: none may stay open or ``unknown``.
    """
    problems = result.problems
    matched, strays = match(store, org, due, deliveries)
    lost = [item for item in due if not matched[item.id]]
    result.due = len(due)
    result.delivered = len(due) - len(lost)
    result.duplicates = deliveries.repeated + sum(max(0, len(p) - 1) for p in matched.values())
    result.lost = len(lost)
    result.strays = len(strays)
    if result.duplicates:
        repeated = sorted(item.message for item in due if len(matched[item.id]) > 1)
        problems.append(
            f"{result.duplicates} deliveries repeated a post already delivered"
            + (f" ({', '.join(repeated)} twice or more)" if repeated else "")
        )
    if lost:
        problems.append(
            f"never delivered: {sorted(item.idempotency_key for item in lost)} "
            f"({', '.join(sorted(item.message for item in lost))})"
        )
    if strays:
        problems.append(f"delivered but never due: {[(p.remote_id, p.text) for p in strays]}")
    entries = store.audit_entries(org)
    if not verify(org, entries).ok:
        problems.append("the audit chain does not verify")
    failed = [e.subject for e in entries if e.action == rec.MESSAGE_PUBLISH_FAILED]
    if failed:
        problems.append(f"message.publish_failed for {failed}")
    published = Counter(e.subject for e in entries if e.action == rec.MESSAGE_PUBLISHED)
    for before in due:
        item = store.outbox.item(org, before.id)
        assert item is not None
        _check_item(store, org, item, matched[item.id], published[item.message], result)


def _check_item(
    store: Store,
    org: str,
    item: OutboxItem,
    posts: Sequence[Post],
    published: int,
    result: RoundResult,
) -> None:
    """Check one due item, its message, its posts and its attempts."""
    problems = result.problems
    label = f"item {item.id} ({item.message})"
    if item.state is not OutboxState.PUBLISHED:
        result.unsettled += 1
        problems.append(f"{label} is {item.state}, not published")
        return
    if len(posts) == 1 and item.remote_id != posts[0].remote_id:
        problems.append(f"{label} has remote id {item.remote_id}, the network {posts[0].remote_id}")
    message = store.message(org, item.message)
    if message is None or message.state is not MessageState.PUBLISHED:
        problems.append(f"{label}: its message is not published")
    elif message.remote_id != item.remote_id:
        problems.append(f"{label}: its message has {message.remote_id}")
    if message is not None and any(same_text(p.text) != same_text(message.text) for p in posts):
        problems.append(f"{label}: the network received another text")
    if published != 1:
        problems.append(f"{label}: {published} message.published entries")
    attempts = store.outbox.attempts(org, item.id)
    result.attempts += len(attempts)
    result.outcomes.update(str(a.outcome) for a in attempts)
    if [a.number for a in attempts] != list(range(1, len(attempts) + 1)):
        problems.append(f"{label}: attempts numbered {[a.number for a in attempts]}")
    if item.attempts != len(attempts):
        problems.append(f"{label}: counts {item.attempts} attempts, {len(attempts)} recorded")
    if not attempts:
        problems.append(f"{label}: published without an attempt")
        return
    for attempt in attempts:
        if attempt.outcome is None or attempt.finished_at is None:
            problems.append(f"{label}: attempt {attempt.number} has no outcome")
    *earlier, last = attempts
    if last.outcome not in PUBLISHING:
        problems.append(f"{label}: its last attempt is {last.outcome}")
    for attempt in earlier:
        if attempt.outcome is not None and attempt.outcome not in RETRY_REASONS:
            problems.append(
                f"{label}: attempt {attempt.number} ({attempt.outcome}) was followed by "
                "another attempt"
            )
