"""The crash harness's stores: the example council loaded once, copied fresh for every round.

A template store holds the example council, loaded, with whatever it schedules itself
cancelled; a target that counts deliveries in the sink gets the round's approved posts in the
template too (the sink is new each round, so the same posts can go out again), while a real
server keeps every round's posts, so those rounds schedule posts of their own, whose texts name
the round (:func:`post_texts`, :func:`schedule`). A round's store is a SQLite file copied with
SQLite's backup API, or a PostgreSQL database created ``TEMPLATE`` the template database (when
the role may create databases; otherwise a schema of its own, loaded from scratch each round).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from govsm.governance import Governance
from govsm.model import Direction, Message, MessageKind, MessageState
from govsm.workspace import Workspace
from tests.paths import EXAMPLE
from tests.publishing.council import APPROVER, EDITOR
from tests.stress.targets import round_marker

#: the PostgreSQL server when ``GOVSM_TEST_POSTGRES_URL`` is not set (as in the store tests)
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

#: what every post of the harness says (then its number, and the round when it has one)
TEXT = "Obrim la piscina municipal dissabte a les 10 h."


def council_folder(base: Path) -> Path:
    """A copy of the example council (read by every worker; nothing writes to it).

    :param base: the folder the copy goes in (as ``council``).
    """
    folder = base / "council"
    if not folder.exists():
        shutil.copytree(EXAMPLE, folder)
    return folder


def round_messages(messages: int) -> list[str]:
    """The ids of a round's posts.

    :param messages: how many posts a round has.
    """
    return [f"stress-{n:02d}" for n in range(messages)]


def post_texts(messages: int, seed: int | None = None) -> list[str]:
    """The texts of a round's posts: each names its number, and the round's seed when given.

    :param messages: how many posts a round has.
    :param seed: the round's seed (:func:`~tests.stress.targets.round_marker`); ``None`` for
        posts that are the same in every round (those of the template).
    """
    marker = "" if seed is None else f" {round_marker(seed)}"
    return [f"{TEXT} Avís {n}{marker}." for n in range(messages)]


def schedule(workspace: Workspace, texts: Sequence[str], profile: str) -> None:
    """Draft, submit, approve and schedule one post per text on ``profile``, due now.

    :param workspace: the council, loaded.
    :param texts: the posts' texts, in the order of :func:`round_messages`.
    :param profile: the profile they are for.
    """
    gov = Governance.of(workspace)
    created = datetime.now(UTC) - timedelta(hours=1)
    due = datetime.now(UTC) - timedelta(seconds=1)
    for ident, text in zip(round_messages(len(texts)), texts, strict=True):
        message = Message(
            organisation=gov.organisation,
            id=ident,
            profile=profile,
            direction=Direction.OUTBOUND,
            kind=MessageKind.POST,
            state=MessageState.DRAFT,
            text=text,
            language="ca-valencia",
            created_at=created,
        )
        gov.draft(message, by=EDITOR)
        gov.submit(ident, by=EDITOR)
        gov.approve(ident, by=APPROVER)
        gov.schedule(ident, due, by=EDITOR)


def prepare(folder: Path, url: str, texts: Sequence[str], profile: str) -> None:
    """Load the council into the store at ``url`` and schedule one approved post per text.

    Whatever the example council had scheduled itself is cancelled first, so that the round's
    posts are the only ones its workers may publish.

    :param folder: the council's folder (:func:`council_folder`).
    :param url: the store.
    :param texts: the posts to schedule (none: the round schedules its own).
    :param profile: the profile the posts are for.
    """
    with Workspace.open(folder, store_url=url) as workspace:
        workspace.load()
        gov = Governance.of(workspace)
        org = workspace.organisation.id
        for item in workspace.store.outbox.items(org):
            if not item.state.done:
                gov.cancel_item(item.id, by=APPROVER, reason="not part of the crash harness")
        schedule(workspace, texts, profile)


class SqliteStores:
    """Fresh SQLite stores, each a copy of one prepared template.

    :param base: where the template goes.
    :param folder: the council's folder.
    :param texts: the posts the template schedules (see :func:`prepare`).
    :param profile: the profile they are for.
    """

    def __init__(self, base: Path, folder: Path, texts: Sequence[str], profile: str) -> None:
        self._template = base / "template.sqlite3"
        prepare(folder, f"sqlite:///{self._template}", texts, profile)

    @contextlib.contextmanager
    def fresh(self, where: Path) -> Iterator[str]:
        """A copy of the template in ``where``."""
        path = where / "store.sqlite3"
        source, target = sqlite3.connect(self._template), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        yield f"sqlite:///{path}"

    def close(self) -> None:
        """Nothing to drop."""


class PostgresStores:
    """Fresh PostgreSQL stores: databases copied from a template database, or schemas.

    :param base_url: the server (``GOVSM_TEST_POSTGRES_URL``).
    :param folder: the council's folder.
    :param texts: the posts the template schedules (see :func:`prepare`).
    :param profile: the profile they are for.
    """

    def __init__(self, base_url: sa.URL, folder: Path, texts: Sequence[str], profile: str) -> None:
        self._base = base_url
        self._folder = folder
        self._texts = list(texts)
        self._profile = profile
        self._admin = sa.create_engine(
            base_url, poolclass=sa.NullPool, isolation_level="AUTOCOMMIT"
        )
        # a dropped database is dropped while the next round runs (DROP DATABASE checkpoints)
        self._dropper = ThreadPoolExecutor(1)
        self._drops: list[Future[None]] = []
        self._template: str | None = f"govsm_stress_tpl_{uuid.uuid4().hex[:16]}"
        try:
            with self._admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{self._template}"')
        except sa.exc.ProgrammingError:  # the role may not create databases: schemas
            self._template = None
            return
        try:
            prepare(folder, self._url(database=self._template), texts, profile)
        except BaseException:
            self.close()
            raise

    def _url(self, *, database: str | None = None, schema: str | None = None) -> str:
        url = self._base
        if database is not None:
            url = url.set(database=database)
        if schema is not None:
            url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    @contextlib.contextmanager
    def fresh(self, where: Path) -> Iterator[str]:
        """A new database from the template (or a new schema, loaded), dropped afterwards."""
        name = f"govsm_stress_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as connection:
            if self._template is not None:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
                # the workers are killed, not the server: a commit need not wait for the disk
                connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
            else:
                connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        try:
            if self._template is not None:
                yield self._url(database=name)
            else:
                url = self._url(schema=name)
                prepare(self._folder, url, self._texts, self._profile)
                yield url
        finally:
            if self._template is not None:
                self._drops.append(self._dropper.submit(self._drop_database, name))
            else:
                with self._admin.connect() as connection:
                    connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')

    def _drop_database(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')

    def close(self) -> None:
        """Drop the rounds' databases and the template."""
        self._dropper.shutdown(wait=True)
        for dropped in self._drops:
            dropped.result()
        if self._template is not None:
            self._drop_database(self._template)
        self._admin.dispose()
