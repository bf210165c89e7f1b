"""``govsm.check``: the Python face of ``govsm check``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from govsm.checking.inputs import CheckInput
from govsm.checking.records import NO_PROFILE, _message
from govsm.errors import ConfigError
from govsm.model import Bilingual, Channel, Finding, Message, Severity
from govsm.plugins import PluginHost
from govsm.rules.engine import Checker, CheckResult

if TYPE_CHECKING:
    from govsm.workspace import Workspace


def check(
    items: Iterable[str | Message | CheckInput],
    *,
    network: str | None = None,
    workspace: Workspace | None = None,
    host: PluginHost | None = None,
) -> Iterator[CheckResult]:
    """Check texts or messages, one at a time, as ``govsm check`` does.

    :param items: plain texts, :class:`~govsm.model.Message` objects or
        :class:`~govsm.checking.CheckInput` objects (from :func:`~govsm.checking.read_inputs`).
    :param network: the channel to measure for when an item does not say (a message's profile
        does, in a workspace).
    :param workspace: the organisation whose policy, profiles and people the rules use; without
        one, rules run with their defaults.
    :param host: the plugin host (default: the workspace's, else a new one).
    :returns: one :class:`~govsm.rules.engine.CheckResult` per item, lazily.
    """
    from govsm.syncing.limits import kept_profile_channels

    host = host or (workspace.host if workspace else PluginHost())
    checker = Checker(
        host.rules(),
        host.channels(),
        workspace.snapshot if workspace else None,
        workspace.root if workspace else None,
        kept_profile_channels(workspace) if workspace else None,
    )
    organisation = workspace.organisation.id if workspace else "check"
    now = datetime.now(UTC)
    for index, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = CheckInput(
                _message(organisation, f"text-{index}", item, profile=None, now=now),
                network,
                "<text>",
                first_line=1,
            )
        elif isinstance(item, Message):
            item = CheckInput(item, network, "<message>")
        yield check_input(checker, item)


#: the rule id of an input that could not be read or measured: ``govsm check`` exits 2 for it
INPUT_ERROR = "input-error"


def check_input(checker: Checker, item: CheckInput) -> CheckResult:
    """Check one :class:`~govsm.checking.CheckInput` with ``checker``."""
    ready = _prepared(checker, item)
    if isinstance(ready, CheckResult):
        return ready
    return checker.check(*ready)


def check_inputs(checker: Checker, items: Sequence[CheckInput]) -> list[CheckResult]:
    """Check several :class:`~govsm.checking.CheckInput` objects with ``checker``, in order.

    What :func:`check_input` gives for each, through
    :meth:`Checker.check_many <govsm.rules.engine.Checker.check_many>`: the rules take turns
    over the batch, which is faster than one input at a time.
    """
    results: list[CheckResult | None] = []
    batch: list[tuple[Message, Channel | None]] = []
    for item in items:
        ready = _prepared(checker, item)
        if isinstance(ready, CheckResult):
            results.append(ready)
        else:
            results.append(None)
            batch.append(ready)
    checked = iter(checker.check_many(batch))
    return [next(checked) if result is None else result for result in results]


def _prepared(checker: Checker, item: CheckInput) -> CheckResult | tuple[Message, Channel | None]:
    """The message to check and its network, or the result of an input that cannot be checked."""
    from govsm.rules.engine import PLAIN_TEXT
    from govsm.text import measure

    channel = checker.channels.get(item.network) if item.network else None
    if item.oversized is not None:
        return CheckResult(
            id=item.message.id,
            network=channel.id if channel else None,
            measurement=measure("", channel or PLAIN_TEXT),
            findings=(
                Finding(
                    rule="input-too-large",
                    severity=Severity.ERROR,
                    message=Bilingual(
                        es=f"el texto ocupa {item.oversized} bytes: demasiado para una "
                        "publicación; no se ha comprobado",
                        en=f"the text takes {item.oversized} bytes: too large for a post; it "
                        "was not checked",
                    ),
                    subject=f"message:{item.message.id}",
                    suggestion=Bilingual(
                        es="compruebe que el fichero es el correcto, o súbalo con --max-text-bytes",
                        en="check that the file is the right one, or raise --max-text-bytes",
                    ),
                ),
            ),
        )
    if item.error is not None:
        return _input_error(item, item.error)
    if item.network and channel is None:
        known = ", ".join(sorted(checker.channels))
        return _input_error(
            item,
            ConfigError(
                f"red desconocida «{item.network}»; conocidas: {known}",
                f"unknown network '{item.network}'; known: {known}",
                where=f"{item.source}:{item.line}" if item.line else item.source,
            ),
        )
    profile = item.message.profile
    if channel is None and profile != NO_PROFILE and checker.profile(profile) is None:
        return _input_error(item, _unknown_profile(item, profile, checker))
    return item.message, channel


def _unknown_profile(item: CheckInput, profile: str, checker: Checker) -> ConfigError:
    """Why an input that names a profile cannot be measured: no workspace, or not one of its."""
    where = f"{item.source}:{item.line}" if item.line else item.source
    if checker.snapshot is None:
        return ConfigError(
            f"nombra el perfil «{profile}», pero no se indicó espacio de trabajo: se "
            "desconocen su red y su política (indique --workspace, o la red con --network)",
            f"names profile '{profile}', but no workspace was given: its network and policy "
            "are unknown (give --workspace, or the network with --network)",
            where=where,
        )
    return ConfigError(
        f"«{profile}» no es un perfil del espacio de trabajo",
        f"'{profile}' is not a profile of the workspace",
        where=where,
    )


def _input_error(item: CheckInput, error: ConfigError) -> CheckResult:
    """A result that reports why an input could not be checked."""
    from govsm.rules.engine import PLAIN_TEXT
    from govsm.text import measure

    where = f"{error.where}: " if error.where else ""
    return CheckResult(
        id=item.message.id,
        network=None,
        measurement=measure("", PLAIN_TEXT),
        findings=(
            Finding(
                rule=INPUT_ERROR,
                severity=Severity.ERROR,
                message=Bilingual(es=f"{where}{error.es}", en=f"{where}{error.en}"),
                subject=f"input:{item.source}" + (f":{item.line}" if item.line else ""),
                suggestion=Bilingual(
                    es="corrija esta entrada; las demás se han comprobado",
                    en="fix this input; the others were checked",
                ),
            ),
        ),
    )
