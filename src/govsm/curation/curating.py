"""``curate``: read a workspace's sources, draft what is new, save the drafts and check them.

For each source chosen, in the order ``govsm.toml`` lists them: the profiles it feeds are
found (those it names and the live ones of its unit, as the store holds them now); its feed is
read (:class:`~govsm.curation.fetching.Fetcher`) and taken apart
(:func:`~govsm.curation.parsing.read_feed`); each entry becomes a draft per profile
(:func:`~govsm.curation.drafting.draft`) unless the profile has it already — the same id, the
same link or the same words (:mod:`govsm.curation.dedup`). The new drafts are saved in the
store with the entry's own record beside each (:class:`~govsm.spec.Imported`), holding the
organisation's write lock, so that a draft someone submitted meanwhile is never overwritten.
Then they are checked against the organisation's rules (:func:`govsm.checking.check`), and
the findings come back with them.

A source that cannot be read is reported with what is wrong — unreachable, refused, too slow,
too large, not a feed — and the others are read all the same.

The drafts are the governance API's from then on: an editor submits them
(:meth:`Governance.submit <govsm.governance.Governance.submit>`), an approver approves them;
their author is nobody until someone takes them up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs
from attrs import frozen

from govsm.checking.api import check
from govsm.curation.dedup import Seen, content_key
from govsm.curation.drafting import draft
from govsm.curation.errors import SourceError
from govsm.curation.fetching import Fetched, Fetcher
from govsm.curation.parsing import FeedEntry, read_feed
from govsm.errors import ConfigError, ModelError
from govsm.model import Bilingual, Finding, LifecycleState, Message, Profile
from govsm.spec.importer import Imported
from govsm.workspace.sources_config import FeedSource

if TYPE_CHECKING:
    from govsm.store import Store
    from govsm.workspace import Workspace

#: the states of a profile a source feeds: it is, or is about to be, on its network
FED_STATES = frozenset({LifecycleState.APPROVED, LifecycleState.ACTIVE, LifecycleState.DORMANT})


@frozen
class CuratedDraft:
    """A draft curation wrote (or would write), and what the rules found in it.

    :param message: the draft.
    :param entry: the entry's place in its feed (1 is the first).
    :param findings: what checking it found (empty when it was not checked).
    """

    message: Message
    entry: int
    findings: tuple[Finding, ...] = ()


@frozen
class SourceReport:
    """What reading one source came to.

    :param source: the source's id.
    :param location: where it was read, as messages show it (no query).
    :param profiles: the profiles it feeds.
    :param read: whether it was read (the audit does not read sources over the network).
    :param kind: the feed's format (``rss20``, ``atom10``, ``json11``…).
    :param entries: the entries taken from it (at most its ``max_items``).
    :param total: the entries it has in all.
    :param new_entries: the entries that gave at least one new draft.
    :param drafts: the new drafts.
    :param known: drafts it had made before (the same id: the same entry, source and profile).
    :param same_link: drafts left out because the profile has a curated draft with that link.
    :param same_content: drafts left out because the profile has one saying the same.
    :param notes: what was wrong but did not stop it (a damaged feed, a skipped entry, a
        profile it names that is not live).
    :param error: why it could not be read, if it could not.
    """

    source: str
    location: str
    profiles: tuple[str, ...] = ()
    read: bool = False
    kind: str | None = None
    entries: int = 0
    total: int = 0
    new_entries: int = 0
    drafts: tuple[CuratedDraft, ...] = ()
    known: int = 0
    same_link: int = 0
    same_content: int = 0
    notes: tuple[Bilingual, ...] = ()
    error: Bilingual | None = None


@frozen
class CurationReport:
    """What :func:`curate` did.

    :param sources: one report per source, in the order they were read.
    :param saved: whether the drafts were saved (``False`` for a dry run).
    """

    sources: tuple[SourceReport, ...]
    saved: bool

    @property
    def drafts(self) -> tuple[CuratedDraft, ...]:
        """Every new draft, source by source."""
        return tuple(d for s in self.sources for d in s.drafts)

    @property
    def failed(self) -> tuple[SourceReport, ...]:
        """The sources that could not be read."""
        return tuple(s for s in self.sources if s.error is not None)


def chosen_sources(sources: Sequence[FeedSource], ids: Iterable[str] | None) -> list[FeedSource]:
    """The sources ``ids`` names, in ``govsm.toml``'s order (all of them for ``None``).

    :raises ConfigError: an id names no source.
    """
    if ids is None:
        return list(sources)
    wanted = list(dict.fromkeys(ids))
    known = {s.id for s in sources}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "—"
        raise ConfigError(
            f"fuente desconocida: {', '.join(unknown)}; declaradas: {listed}",
            f"unknown source: {', '.join(unknown)}; declared: {listed}",
        )
    return [s for s in sources if s.id in wanted]


def fed_profiles(
    source: FeedSource, profiles: Mapping[str, Profile]
) -> tuple[list[Profile], list[Bilingual]]:
    """The profiles ``source`` feeds now, and a note for each it names that it cannot feed.

    Those it names come first, in its order; then its unit's, by id. Only profiles in one of
    :data:`FED_STATES` are fed; a unit's other profiles are left out without a note.
    """
    fed: list[Profile] = []
    notes: list[Bilingual] = []
    for ident in source.profiles:
        profile = profiles.get(ident)
        if profile is None:
            notes.append(
                Bilingual(
                    es=f"el perfil «{ident}» no está en el almacén: cargue el espacio de trabajo",
                    en=f"profile '{ident}' is not in the store: load the workspace",
                )
            )
        elif profile.state not in FED_STATES:
            notes.append(
                Bilingual(
                    es=f"el perfil «{ident}» está {profile.state.spanish}: no se le preparan "
                    "borradores",
                    en=f"profile '{ident}' is {profile.state}: no drafts are prepared for it",
                )
            )
        else:
            fed.append(profile)
    if source.unit is not None:
        fed.extend(
            p
            for p in sorted(profiles.values(), key=lambda p: p.id)
            if p.unit == source.unit and p.id not in source.profiles and p.state in FED_STATES
        )
    return fed, notes


def curate(
    workspace: Workspace,
    *,
    sources: Iterable[str] | None = None,
    dry_run: bool = False,
    files_only: bool = False,
    checks: bool = True,
    fetcher: Fetcher | None = None,
    now: datetime | None = None,
) -> CurationReport:
    """Read the workspace's sources and draft what is new (see the module's description).

    The workspace must be loaded into its store (:meth:`Workspace.load
    <govsm.Workspace.load>`), as ``govsm sources fetch`` does first.

    :param workspace: a workspace opened from its folder.
    :param sources: the ids of the sources to read (default: all of them).
    :param dry_run: find what is new without saving anything.
    :param files_only: read only the ``file:`` sources (``govsm audit`` makes no network
        requests); the others are reported as not read.
    :param checks: check the new drafts against the organisation's rules.
    :param fetcher: how sources are read (default: a :class:`~govsm.curation.fetching.Fetcher` with
        the system's resolver and certificate authorities).
    :param now: when the drafts are written (default: now).
    :raises ConfigError: the workspace was opened from a store, is not loaded, or ``sources``
        names a source it does not declare.
    """
    config = workspace.config
    if config is None:
        raise ConfigError(
            "las fuentes se leen de govsm.toml: abra la carpeta del espacio de trabajo, no el "
            "almacén",
            "sources are read from govsm.toml: open the workspace folder, not the store",
        )
    chosen = chosen_sources(config.sources, sources)
    organisation = workspace.organisation.id
    store = workspace.store
    if organisation not in {o.id for o in store.organisations()}:
        raise ConfigError(
            f"la organización «{organisation}» no está en el almacén: cargue antes el espacio "
            "de trabajo (govsm audit, o Workspace.load())",
            f"organisation '{organisation}' is not in the store: load the workspace first "
            "(govsm audit, or Workspace.load())",
        )
    profiles = {p.id: p for p in store.profiles(organisation)}
    context = _Run(
        workspace=workspace,
        store=store,
        organisation=organisation,
        fetcher=fetcher or Fetcher(),
        now=now or datetime.now(UTC),
        dry_run=dry_run,
    )
    reports = []
    for source in chosen:
        fed, notes = fed_profiles(source, profiles)
        if files_only and not source.is_file:
            reports.append(
                SourceReport(
                    source=source.id,
                    location=source.shown_url,
                    profiles=tuple(p.id for p in fed),
                    notes=(
                        *notes,
                        Bilingual(
                            es="no se lee: la auditoría no hace peticiones por la red (use "
                            "govsm sources fetch)",
                            en="not read: the audit makes no network requests (use govsm "
                            "sources fetch)",
                        ),
                    ),
                )
            )
            continue
        report = context.read(source, fed, notes)
        if checks and report.drafts:
            report = _checked(workspace, report)
        reports.append(report)
    return CurationReport(sources=tuple(reports), saved=not dry_run)


class _Run:
    """One :func:`curate` call: what every source shares."""

    def __init__(
        self,
        *,
        workspace: Workspace,
        store: Store,
        organisation: str,
        fetcher: Fetcher,
        now: datetime,
        dry_run: bool,
    ) -> None:
        self.workspace = workspace
        self.store = store
        self.organisation = organisation
        self.fetcher = fetcher
        self.now = now
        self.dry_run = dry_run
        self.seen = Seen()
        self.channels = workspace.channels()

    def read(self, source: FeedSource, fed: list[Profile], notes: list[Bilingual]) -> SourceReport:
        config = self.workspace.config
        assert config is not None
        base = SourceReport(
            source=source.id, location=source.shown_url, profiles=tuple(p.id for p in fed)
        )
        try:
            fetched = self.fetcher.fetch(source, root=config.root, folders=config.readable_folders)
            feed = read_feed(fetched, source.max_items)
        except SourceError as exc:
            return attrs.evolve(base, notes=tuple(notes), error=Bilingual(es=exc.es, en=exc.en))
        self.seen.load(self.store, self.organisation, (p.id for p in fed))
        counts = {"known": 0, "same_link": 0, "same_content": 0}
        planned: list[tuple[Message, FeedEntry]] = []
        new_entries = 0
        notes = [*notes, *feed.notes]
        for entry in feed.entries:
            made = 0
            for profile in fed:
                outcome = self._plan(source, profile, entry, planned)
                if isinstance(outcome, Bilingual):
                    notes.append(outcome)
                elif outcome in counts:
                    counts[outcome] += 1
                else:
                    made += 1
            new_entries += made > 0
        if planned and not self.dry_run:
            _save(self.store, self.organisation, planned, fetched)
        return SourceReport(
            source=source.id,
            location=fetched.location,
            profiles=base.profiles,
            read=True,
            kind=feed.kind,
            entries=len(feed.entries),
            total=feed.total,
            new_entries=new_entries,
            drafts=tuple(CuratedDraft(m, e.position) for m, e in planned),
            known=counts["known"],
            same_link=counts["same_link"],
            same_content=counts["same_content"],
            notes=tuple(notes),
        )

    def _plan(
        self,
        source: FeedSource,
        profile: Profile,
        entry: FeedEntry,
        planned: list[tuple[Message, FeedEntry]],
    ) -> str | Bilingual:
        """Plan the draft of ``entry`` for ``profile``: ``new``, or why not."""
        try:
            message = draft(
                self.organisation,
                source.id,
                profile,
                entry,
                self.channels.get(profile.channel),
                source.language or entry.language,
                self.now,
            )
        except ModelError as exc:  # what the feed holds cannot be a message
            return Bilingual(
                es=f"la entrada {entry.position} no puede ser un borrador: {exc.es}",
                en=f"entry {entry.position} cannot be a draft: {exc.en}",
            )
        if any(m.id == message.id for m, _ in planned) or self.store.message(
            self.organisation, message.id
        ):
            return "known"
        if self.seen.has_link(profile.id, entry.link):
            return "same_link"
        key = content_key(message.text)
        if self.seen.has_content(profile.id, key):
            return "same_content"
        self.seen.add(profile.id, entry.link, key)
        planned.append((message, entry))
        return "new"


def _save(
    store: Store, organisation: str, planned: list[tuple[Message, FeedEntry]], fetched: Fetched
) -> None:
    """Save the drafts not stored yet, each with its entry's record, holding the write lock."""
    with store.serialised(organisation):
        items = [
            Imported(
                message=message,
                original=entry.record,
                source=f"{fetched.source}: {fetched.location} (entry {entry.position})",
            )
            for message, entry in planned
            if store.message(organisation, message.id) is None
        ]
        store.save_messages(organisation, items)


def _checked(workspace: Workspace, report: SourceReport) -> SourceReport:
    results = check([d.message for d in report.drafts], workspace=workspace)
    drafts = tuple(
        CuratedDraft(d.message, d.entry, result.findings)
        for d, result in zip(report.drafts, results, strict=True)
    )
    return attrs.evolve(report, drafts=drafts)
