"""``govsm check``: check posts against the rules before they go out."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import IO, TextIO

import click

from govsm.cli.context import CliState
from govsm.cli.options import fail_on_option


@click.command("check")
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option(
    "-n",
    "--network",
    default=None,
    metavar="ID",
    help="Measure for this channel when an input does not say (x, mastodon, bluesky…).",
)
@click.option(
    "-w",
    "--workspace",
    default=None,
    type=click.Path(file_okay=True, dir_okay=True),
    help="Use this workspace's policy, profiles and people.",
)
@click.option(
    "-p",
    "--profile",
    default=None,
    metavar="ID",
    help="Attribute inputs to this profile of the workspace (its channel and policy).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "junit"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
@click.option(
    "--explain",
    "explain",
    default=None,
    metavar="RULE",
    help="Print a rule's documentation and exit.",
)
@fail_on_option("an unwaived finding")
@click.option(
    "--max-text-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Report, without checking, texts larger than this many bytes "
    "[default: the workspace's [limits] text_bytes, else 1048576].",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Check with this many processes [default: one per core; 1 checks in this process]. "
    "The output is the same, in the same order.",
)
@click.pass_obj
def command(
    state: CliState,
    inputs: tuple[str, ...],
    network: str | None,
    workspace: str | None,
    profile: str | None,
    fmt: str,
    output: Path | None,
    explain: str | None,
    fail_on: str,
    max_text_bytes: int | None,
    jobs: int | None,
) -> None:
    """Check plain text, JSON Lines, Markdown drafts or standard input (``-``) against the rules.

    JSON Lines records are ``{"id", "text", "network" | "profile", "lang", "media": [...]}`` (or
    full govsm messages); a ``.md`` file with ``+++`` front matter is a draft. Output streams, so
    memory stays flat whatever the input's size. Exit 1 when an unwaived finding is at least as
    severe as ``--fail-on``, 2 when an input could not be read or measured (a missing file, a
    line that is not JSON, a record naming a profile without ``--workspace``); the other inputs
    are checked all the same. Long inputs are checked by one process per core (``--jobs``); the
    output is the same as with ``--jobs 1``, in the same order.
    """
    if explain is not None:
        _explain(state, explain)
        return
    if not inputs:
        if sys.stdin.isatty():
            raise click.UsageError("give files to check, or - to read standard input")
        inputs = ("-",)
    from govsm.checking.formats import make_writer
    from govsm.checking.inputs import read_inputs
    from govsm.checking.parallel import (
        CheckerRecipe,
        OutputRecipe,
        default_jobs,
        render_in_parallel,
    )
    from govsm.model import Severity
    from govsm.rules.engine import Checker
    from govsm.spec.limits import Limits
    from govsm.syncing.limits import kept_profile_channels

    host = state.host()
    ws = state.open(workspace) if workspace else None
    if profile is not None and ws is None:
        raise click.UsageError("--profile needs --workspace")
    if profile is not None and ws is not None:
        try:
            network = network or ws.profile(profile).channel
        except KeyError:
            raise click.BadParameter(
                f"«{profile}» no es un perfil del espacio de trabajo / '{profile}' is not a "
                "profile of the workspace",
                param_hint="--profile",
            ) from None
    rules = host.rules()
    kept = kept_profile_channels(ws) if ws else {}
    checker = Checker(
        rules, host.channels(), ws.snapshot if ws else None, ws.root if ws else None, kept
    )
    items = read_inputs(
        inputs,
        organisation=ws.organisation.id if ws else "check",
        network=network,
        profile=profile,
        stdin=_stdin() if "-" in inputs else None,
        max_text_bytes=max_text_bytes or (ws.limits if ws else Limits()).text_bytes,
        defer=True,  # records are parsed where they are checked: by the workers, with --jobs
    )
    threshold = Severity(fail_on).rank
    failed = False
    with _sink(output) as stream:
        colour = output is None and sys.stdout.isatty()
        writer = make_writer(fmt, stream, language=state.language, colour=colour, rules=dict(rules))
        writer.begin()
        unreadable = False
        recipe = CheckerRecipe(
            snapshot=ws.snapshot if ws else None,
            root=ws.root if ws else None,
            disabled=host.disabled,
            profile_channels=kept,
        )
        rendering = OutputRecipe(fmt=fmt, language=state.language, colour=colour)
        for rendered, worst, bad_input in render_in_parallel(
            checker, writer, recipe, rendering, items, jobs or default_jobs()
        ):
            failed = failed or worst >= threshold
            unreadable = unreadable or bad_input
            writer.emit(rendered)
        writer.end()
    if ws is not None:
        ws.close()
    if unreadable:
        raise SystemExit(2)
    if failed:
        raise SystemExit(1)


def _stdin() -> TextIO:
    """Standard input as UTF-8 text, whatever the locale.

    A byte that is not UTF-8 becomes a lone surrogate, as Python reads standard input in the C
    locale, and the reader names it as that input's error; with a UTF-8 locale's strict decoding
    it was a ``UnicodeDecodeError`` and a traceback. The wrapper is detached when the command
    ends, so standard input itself is not closed.
    """
    import io

    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:  # a stream without bytes underneath (an embedding application's)
        return sys.stdin
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape")
    click.get_current_context().call_on_close(stream.detach)
    return stream


def _explain(state: CliState, rule_id: str) -> None:
    import difflib

    from govsm.spec.rule import Subject

    rules = state.host().rules()
    rule = rules.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, list(rules), n=1)
        hint = f" ¿{close[0]}? / Did you mean '{close[0]}'?" if close else ""
        raise click.BadParameter(
            f"regla desconocida «{rule_id}» / unknown rule '{rule_id}'.{hint}",
            param_hint="--explain",
        )
    lang = state.language
    es = lang.split("-")[0] == "es"
    click.echo(click.style(f"{rule.id} — {rule.title.get(lang)}", bold=True))
    off = " · desactivada por defecto" if es else " · off by default"
    profiles = " · revisa perfiles, no mensajes" if es else " · checks profiles, not messages"
    click.echo(
        ("gravedad: " if es else "severity: ")
        + rule.default_severity.value
        + (" · familia: " if es else " · family: ")
        + rule.family
        + ("" if rule.enabled_by_default else off)
        + (profiles if rule.subject is Subject.PROFILE else "")
    )
    if rule.subject is Subject.MESSAGE:
        click.echo(("juzga: " if es else "judges: ") + rule.scope.describe().get(lang))
    if rule.params:
        values = ", ".join(f"{k} = {v!r}" for k, v in rule.params.items())
        click.echo(("parámetros: " if es else "params: ") + values)
    if rule.explanation:
        if es:
            click.echo("\n(explicación en inglés, la de la documentación de referencia)")
        click.echo("\n" + rule.explanation.strip())
    if rule.reference:
        click.echo(("\nreferencia: " if es else "\nreference: ") + rule.reference)


class _sink:
    """Standard output, or the ``-o`` file.

    A regular file (or a new one) is written through a temporary file in the same folder and
    renamed over the target at the end, so readers never see half a report and a failure leaves
    the previous file intact. Anything else that exists — ``/dev/null``, a FIFO, a terminal — is
    written directly: renaming over it would replace the device itself.
    """

    def __init__(self, output: Path | None) -> None:
        self.output = output
        self._tmp: IO[str] | None = None
        self._direct: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.output is None:
            return sys.stdout
        import stat
        import tempfile

        try:
            mode = self.output.stat().st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            self._direct = self.output.open("w", encoding="utf-8")
            return self._direct
        self._tmp = tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=self.output.parent,
            prefix=f".{self.output.name}.",
            suffix=".tmp",
            delete=False,
        )
        return self._tmp

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        import os

        if self._direct is not None:
            self._direct.close()
        if self._tmp is None:
            return
        self._tmp.close()
        if exc_type is None:
            os.replace(self._tmp.name, self.output)  # type: ignore[arg-type]
        else:
            os.unlink(self._tmp.name)
