"""A govsm plugin implementing every hook, for govsm's own tests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govsm.model import (
    Bilingual,
    Channel,
    ChannelLimits,
    Direction,
    Finding,
    Message,
    MessageKind,
    MessageState,
    Severity,
    Span,
)
from govsm.spec import AuditStep, Exporter, Importer, Limits, Rule, StepResult
from govsm.spec.adapter import PublishResult, UploadMedia
from govsm.spec.events import PublishVeto
from govsm.spec.hookspecs import hookimpl
from govsm.spec.remote import Capabilities, CredentialStatus, Metrics, Page, RemoteChange

#: every event hook call received: (hook name, keyword arguments)
CALLS: list[tuple[str, dict[str, Any]]] = []


@hookimpl
def govsm_channels() -> list[Channel]:
    return [Channel(id="testnet", name="Test network", limits=ChannelLimits(text=50))]


def _shouting(context: Any) -> Iterable[Finding]:
    message = context.message
    marker = str(context.params.get("marker", "!!!"))
    start = message.text.find(marker)
    if start >= 0:
        yield Finding(
            rule="test-shouting",
            severity=Severity.WARNING,
            message=Bilingual(es="grita", en="shouts"),
            subject=f"message:{message.id}",
            span=Span(start, start + len(marker)),
        )


@hookimpl
def govsm_rules() -> list[Rule]:
    return [
        Rule(
            id="test-shouting",
            title=Bilingual(es="Gritos", en="Shouting"),
            default_severity=Severity.WARNING,
            check=_shouting,
            params={"marker": "!!!"},
        )
    ]


def _read_lines(path: Path, organisation: str, limits: Limits) -> Iterator[Message]:
    """One draft per line; a line over ``limits.text_bytes`` is left to the host to refuse."""
    profile = path.stem
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        yield Message(
            organisation=organisation,
            id=f"{profile}-line-{number}",
            profile=profile,
            direction=Direction.OUTBOUND,
            kind=MessageKind.POST,
            state=MessageState.DRAFT,
            text=line,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )


@hookimpl
def govsm_importers() -> list[Importer]:
    return [
        Importer(
            name="test-lines",
            description="one draft per line",
            suffixes=(".testlines",),
            read=_read_lines,
        )
    ]


def _write_count(report: Any, folder: Path) -> Path:
    path = folder / "test-plugin.txt"
    # the stream: every finding of the run, read once, never all in memory
    count = sum(1 for reported in report.reported() if reported.counted)
    path.write_text(f"{count} findings\n", encoding="utf-8")
    return path


@hookimpl
def govsm_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="test-count",
            description="number of findings",
            media_type="text/plain",
            write=_write_count,
        )
    ]


def _step(context: Any) -> StepResult:
    count = context.store.count_messages(context.organisation)
    return StepResult(
        name="test-plugin-step",
        title=Bilingual(es="Paso de prueba", en="Test step"),
        summary={"messages": count},
        lines=(Bilingual(es=f"{count} mensajes", en=f"{count} messages"),),
    )


@hookimpl
def govsm_audit_steps() -> list[AuditStep]:
    return [
        AuditStep(
            name="test-plugin-step",
            order=950,
            title=Bilingual(es="Paso de prueba", en="Test step"),
            run=_step,
        )
    ]


class MemoryAdapter:
    """An adapter that 'publishes' into a list."""

    def __init__(self, profile: Any, credentials: Any) -> None:
        self.profile = profile
        self.credentials = credentials
        self.published: dict[str, Message] = {}

    def publish(
        self,
        message: Message,
        *,
        idempotency_key: str,
        media: Sequence[UploadMedia] = (),
        reply_to: str | None = None,
    ) -> PublishResult:
        self.published.setdefault(idempotency_key, message)
        return PublishResult(
            remote_id=f"mem-{idempotency_key}", published_at=datetime(2026, 1, 1, tzinfo=UTC)
        )

    def lookup(
        self, message: Message, *, idempotency_key: str, since: datetime
    ) -> PublishResult | None:
        if idempotency_key not in self.published:
            return None
        return PublishResult(
            remote_id=f"mem-{idempotency_key}", published_at=datetime(2026, 1, 1, tzinfo=UTC)
        )

    def capabilities(self) -> Capabilities:
        return Capabilities(network="testnet", threads=True)

    def delete(self, remote_id: str) -> None:
        for key in [k for k in self.published if f"mem-{k}" == remote_id]:
            del self.published[key]

    def fetch_inbound(self, cursor: str | None) -> Page[Message]:
        return Page(cursor=cursor)

    def fetch_own(self, cursor: str | None) -> Page[RemoteChange]:
        return Page(cursor=cursor)

    def metrics(self, remote_id: str | None = None) -> Metrics:
        return Metrics(at=datetime(2026, 1, 1, tzinfo=UTC), remote_id=remote_id)

    def verify(self) -> CredentialStatus:
        return CredentialStatus(valid=True, account=self.profile.handle)


@hookimpl
def govsm_adapter(channel: Any, profile: Any, credentials: Any) -> MemoryAdapter | None:
    return MemoryAdapter(profile, credentials) if channel.id == "testnet" else None


@hookimpl
def govsm_store(url: str) -> Any:
    prefix = "testplugin+"
    if not url.startswith(prefix):
        return None
    from govsm.store import Store

    CALLS.append(("govsm_store", {"url": url}))
    return Store.open(url[len(prefix) :])


@hookimpl
def govsm_before_publish(message: Message, profile: Any) -> PublishVeto | None:
    CALLS.append(("govsm_before_publish", {"message": message, "profile": profile}))
    if "VETO" in message.text:
        return PublishVeto(plugin="test-plugin", reason=Bilingual(es="vetado", en="vetoed"))
    return None


@hookimpl
def govsm_message_published(message: Message, profile: Any, remote_id: str) -> None:
    CALLS.append(("govsm_message_published", {"message": message, "remote_id": remote_id}))


@hookimpl
def govsm_message_failed(message: Message, profile: Any, reason: Bilingual) -> None:
    CALLS.append(("govsm_message_failed", {"message": message, "reason": reason}))


@hookimpl
def govsm_profile_status_changed(profile: Any, old: Any, new: Any, actor: str, reason: str) -> None:
    CALLS.append(("govsm_profile_status_changed", {"profile": profile.id, "old": old, "new": new}))


@hookimpl
def govsm_inbound_received(message: Message, profile: Any) -> None:
    CALLS.append(("govsm_inbound_received", {"message": message.id}))


@hookimpl
def govsm_sla_breached(
    message: Message, profile: Any, target_hours: float, elapsed_hours: float
) -> None:
    CALLS.append(("govsm_sla_breached", {"message": message.id, "elapsed": elapsed_hours}))
