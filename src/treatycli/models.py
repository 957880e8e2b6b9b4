"""Typed records shared by every layer: frozen, slotted dataclasses and ``str`` enums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .enums import (
    CONSENT_KINDS,
    ActionKind,
    Bound,
    DatePrecision,
    EffectiveBasis,
    RuleKind,
    Status,
)

__all__ = ["CONSENT_KINDS", "ActionKind", "Bound", "DatePrecision", "EffectiveBasis", "RuleKind", "Status"]


@dataclass(frozen=True, slots=True)
class DateRule:
    """An effective-date rule as data; ``status.apply_rule`` evaluates it."""

    kind: RuleKind
    n: int = 0
    article: str | None = None
    text: str | None = None
    later_date_allowed: bool = False
    armed_conflict_suspends: bool = False
    min_membership_years: int = 0
    first_period_years: int = 0
    period_years: int = 0
    notice_months_before_end: int = 0
    periods_from_party: bool = False  # fixed periods count from entry into force for the party


@dataclass(frozen=True, slots=True)
class State:
    id: str
    name: str
    common_name: str | None = None
    iso2: str | None = None
    m49: str | None = None
    kind: str = "state"
    dissolved_on: str | None = None
    successors: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Treaty:
    id: str
    title: str
    short_name: str | None
    series: str | None
    depositary: str | None = None
    adopted_on: str | None = None
    adopted_place: str | None = None
    entry_into_force_on: str | None = None
    terminated_on: str | None = None
    parent_id: str | None = None
    not_in_force_as_of: str | None = None  # a source says the treaty was not in force on this date
    not_in_force_source: str | None = None
    subjects: tuple[str, ...] = ()
    status_url: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    date: str | None
    date_precision: DatePrecision
    effective_on: str | None = None
    effective_basis: EffectiveBasis | None = None
    note: str | None = None
    source: str | None = None
    source_url: str | None = None
    confidence: str = "verified"
    contested: str | None = None  # who disputes the act, where the depositary or parties do
    void: bool = False  # an act that starts nothing (a law never promulgated or notified)

    @property
    def usable(self) -> bool:
        """Whether the act may drive a status (verified or corroborated, and not void)."""
        return self.confidence != "unverified" and not self.void


@dataclass(frozen=True, slots=True)
class Rules:
    """A treaty's clauses as data."""

    entry_into_force: DateRule
    denunciation: DateRule
    notice: str | None = None
    survival: str | None = None
    none_reason: str | None = None
    none_authority: str | None = None
    via_parent: str | None = None
    also_ends: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coverage:
    coverage: str
    as_of: str | None
    source: str | None = None
    note: str | None = None

    @property
    def records_exits(self) -> bool:
        """Whether the list shows withdrawals: the 2015 copy of the UN pages kept consents only."""
        return not (self.source or "").startswith("UN Multilateral")


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """What the data says about a state leaving a treaty."""

    notified_on: str | None
    effective_on: str | None
    effective_basis: EffectiveBasis | None
    earliest_effective_on: str | None
    rule: str | None
    survives: str | None
    reason: str | None = None
    revoked_on: str | None = None


@dataclass(frozen=True, slots=True)
class LastKnown:
    """What the data last said, where it cannot say what holds on the date asked."""

    status: Status
    as_of: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Derivation:
    """The pure status engine's answer."""

    status: Status
    in_force_on: str | None = None
    in_force_basis: EffectiveBasis | None = None
    withdrawal: Withdrawal | None = None
    notes: tuple[str, ...] = ()
    bound: Bound = Bound.UNKNOWN
    as_of: str | None = None  # the date through which our list for the treaty is current
    current: bool = False  # whether that list reaches the date asked
    contested: str | None = None
    last_known: LastKnown | None = None
    since: str | None = None  # the date the current status began, where the data gives it


@dataclass(frozen=True, slots=True)
class Consequences:
    ends: str | None
    remains: str | None
    still_binding: tuple[tuple[str, str, str], ...] = ()  # (treaty id, short name, status)


@dataclass(frozen=True, slots=True)
class Procedure:
    """Whether a state accepts an optional procedure of a treaty (complaints, inquiry)."""

    procedure: str  # individual_complaints | inter_state | inquiry
    via: str  # "Art. 22 declaration", "Optional Protocol (MTDSG IV-5)"
    accepted: Bound  # yes / no / unknown
    since: str | None = None
    as_of: str | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class StatusResult:
    state: State
    treaty: Treaty
    on: date
    derivation: Derivation
    actions: tuple[Action, ...]
    coverage: Coverage | None
    data_as_of: str | None
    resolved: tuple[tuple[str, str], ...] = ()  # (input, what it resolved to)
    consequences: Consequences | None = None
    caveats: tuple[str, ...] = ()
    procedures: tuple[Procedure, ...] = ()

    @property
    def status(self) -> Status:
        return self.derivation.status
