"""Running the command line in-process (click's CliRunner) or, for end-to-end tests, as a process."""

from __future__ import annotations

import os
import subprocess
import sys

from attrs import frozen
from click.testing import CliRunner

from govsm.cli.main import cli


@frozen
class Done:
    """What a run of ``govsm`` left: its exit status and its two output streams."""

    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str, env: dict[str, str] | None = None, stdin: str | bytes | None = None) -> Done:
    """Run ``govsm ARGS`` in this process, output captured (not a terminal), messages in English."""
    result = CliRunner().invoke(
        cli, list(args), input=stdin, env={"GOVSM_LANG": "en", **(env or {})}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, env: dict[str, str] | None = None) -> Done:
    """Run the real console entry point in a subprocess — for what only a process shows."""
    done = subprocess.run(
        [sys.executable, "-m", "govsm.cli.main", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GOVSM_LANG": "en", **(env or {})},
    )
    return Done(done.returncode, done.stdout, done.stderr)
