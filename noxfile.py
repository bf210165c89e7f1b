"""Every check govsm runs, locally and in CI: `nox` runs the default sessions, `nox -s NAME` one."""

from __future__ import annotations

import os
import shutil

import nox

nox.options.sessions = ["lint", "typecheck", "tests", "docs", "demo"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_external_run = True

#: the first-party network plugins, each its own distribution, tested against real servers
NETWORK_PLUGINS = [
    "./plugins/govsm-wordpress",
    "./plugins/govsm-mastodon",
    "./plugins/govsm-bluesky",
]
#: the first-party importer plugins, each its own distribution, tested on archives they build
IMPORTER_PLUGINS = [
    "./plugins/govsm-x-archive",
    "./plugins/govsm-mastodon-archive",
    "./plugins/govsm-bluesky-archive",
    "./plugins/govsm-meta-archive",
    "./plugins/govsm-linkedin-archive",
]
#: the first-party plugins for networks without an API: what they give is pasted or subscribed to
INTEGRATION_PLUGINS = [
    "./plugins/govsm-novagob",
    "./plugins/govsm-inap-social",
]
#: every first-party plugin with its own sources to type-check
TYPED_PLUGINS = [*NETWORK_PLUGINS, *IMPORTER_PLUGINS, *INTEGRATION_PLUGINS]
#: installed editable (the doctests collect their sources, which must be the modules imported)
#: with their test extras (mastodon-mock, the Mastodon API server the tests talk to)
LOCAL_PLUGINS = [
    "./plugins/govsm-plugin-example",
    *(arg for plugin in TYPED_PLUGINS for arg in ("-e", f"{plugin}[test]")),
]
TEST_PLUGINS = ["./tests/plugins/govsm-test-plugin"]
EXAMPLE = "examples/soldeneu"


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (core, plugins, docs doctests) on SQLite and PostgreSQL."""
    session.install("-e", ".[test]", *LOCAL_PLUGINS, *TEST_PLUGINS)
    if shutil.which("npm"):
        # reference implementations for the text engine's differential tests
        for folder in ("tests/text/reference", "tests/cli/sarif"):
            session.run("npm", "ci", "--no-audit", "--no-fund", "--prefix", folder, external=True)
    env = {"HYPOTHESIS_PROFILE": "ci" if os.environ.get("CI") else "dev"}
    # the suite has a 15-minute budget on a 2-core machine: one worker per core (at most 4, as
    # each starts its own peers), and the slowest tests listed at the end
    workers = ["--numprocesses=auto", "--maxprocesses=4"]
    session.run("pytest", *workers, "--durations=20", *session.posargs, env=env)


@nox.session
def fuzz(session: nox.Session) -> None:
    """The fuzzing suite at full strength: 10,000 hostile examples per target (not a default).

    ``nox -s fuzz -- -k histories --hypothesis-seed=1`` runs one target with one seed.
    """
    session.install("-e", ".[test]", *LOCAL_PLUGINS, *TEST_PLUGINS)
    session.run("pytest", "tests/fuzz", *session.posargs, env={"HYPOTHESIS_PROFILE": "fuzz"})


@nox.session
def stress(session: nox.Session) -> None:
    """The crash harness at full strength: 100 rounds per configuration (not a default).

    Workers are killed with SIGKILL at random moments — 1 SQLite worker, 2 SQLite workers, 4
    PostgreSQL workers publishing to the recording sink, and 2 workers publishing to the local
    Mastodon and Bluesky servers through their plugins — and every round is checked; each
    configuration's figures are printed at the end. ``nox -s stress -- -k postgres`` runs one
    configuration.
    """
    session.install("-e", ".[test]", *LOCAL_PLUGINS, *TEST_PLUGINS)
    session.run("pytest", "tests/stress", *session.posargs, env={"GOVSM_STRESS_ROUNDS": "100"})


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (style and errors) and import-linter (layers)."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src/, the first-party plugins' sources and the tutorial's adapter."""
    editable = [arg for plugin in TYPED_PLUGINS for arg in ("-e", f"{plugin}[typecheck]")]
    session.install("-e", ".[typecheck]", *editable)
    sources = [f"{plugin}/src" for plugin in TYPED_PLUGINS]
    tutorial = "docs/tutorials/network_adapter/tutorial_adapter.py"
    session.run("mypy", "--strict", "src/govsm", *sources, tutorial)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx site with warnings as errors."""
    # the testing kits' pages import pytest (govsm.testing.conformance is a pytest kit)
    session.install("-e", ".[docs,test]")
    session.run(
        "sphinx-build", "-W", "--keep-going", "-n", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: govsm beside its anchors, as ratios in one run each."""
    session.install("-e", ".[test]", *(arg for p in IMPORTER_PLUGINS for arg in ("-e", p)))
    session.run(
        "npm", "ci", "--no-audit", "--no-fund", "--prefix", "tests/text/reference", external=True
    )
    session.run("python", "benchmarks/run.py", *session.posargs)
    session.run("python", "benchmarks/text_vs_reference.py")
    session.run("python", "benchmarks/check_stream.py", "--sizes", "5", "50")
    session.run("python", "benchmarks/check_throughput.py")
    session.run("python", "benchmarks/audit_rerun.py", "--messages", "100000")
    session.run("python", "benchmarks/store.py", "--memory-sizes", "10000", "100000")
    session.run("python", "benchmarks/registry.py")
    # the commands keep their bytecode, as an installed govsm has it, whatever the machine says
    pycache = os.path.join(session.create_tmp(), "startup-pycache")
    session.run("python", "benchmarks/plugins_startup.py", "--pycache", pycache)
    session.run("python", "benchmarks/health.py", "--profiles", "10000", "--messages", "1000000")
    session.run("python", "benchmarks/governance.py")
    session.run("python", "benchmarks/language_accuracy.py")
    session.run("python", "benchmarks/rule_quality.py")
    session.run("python", "benchmarks/findings.py", "--sizes", "10000", "100000", "1000000")
    session.run("python", "benchmarks/hostile_input.py")
    session.run("python", "benchmarks/large_message.py")
    session.run("python", "benchmarks/concurrent_writers.py", "--processes", "4", "8")
    session.run("python", "benchmarks/recurrence.py")
    session.run("python", "benchmarks/import_x_archive.py", "--tweets", "100000", "1000000")
    session.run("python", "benchmarks/import_mastodon_archive.py", "--items", "100000", "1000000")
    session.run(
        "python", "benchmarks/import_into_store.py", "--x", "100000", "--mastodon", "100000"
    )
    session.run("python", "benchmarks/outbox_throughput.py", "--items", "2000")


@nox.session
def demo(session: nox.Session) -> None:
    """Install govsm as a user would and run the main job on the example council."""
    # as the README's first command: govsm and the importers of the example's archives
    session.install(".", "./plugins/govsm-x-archive", "./plugins/govsm-mastodon-archive")
    session.run("govsm", "--version")
    session.run("govsm", "audit", EXAMPLE, "--exit-zero")
    session.run("govsm", "status", EXAMPLE)
