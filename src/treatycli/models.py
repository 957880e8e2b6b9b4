"""Typed records shared by every layer: frozen, slotted dataclasses and ``str`` enums."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .enums import (
    CONSENT_KINDS,
    ActionKind,
    DatePrecision,
    EffectiveBasis,
    RuleKind,
    Status,
)

__all__ = ["CONSENT_KINDS", "ActionKind", "DatePrecision", "EffectiveBasis", "RuleKind", "Status"]


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
class Source:
    id: str
    title: str
    url: str | None
    covers_until: str | None = None


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

    @property
    def usable(self) -> bool:
        """Whether the act may drive a status (dated enough and not unverified)."""
        return self.confidence != "unverified"


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
class Derivation:
    """The pure status engine's answer."""

    status: Status
    in_force_on: str | None = None
    in_force_basis: EffectiveBasis | None = None
    withdrawal: Withdrawal | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Consequences:
    ends: str | None
    remains: str | None
    still_binding: tuple[tuple[str, str, str], ...] = ()  # (treaty id, short name, status)


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

    @property
    def status(self) -> Status:
        return self.derivation.status


@dataclass(frozen=True, slots=True)
class Obligation:
    article: str
    summary: str


@dataclass(frozen=True, slots=True)
class ObligationsResult:
    treaty: Treaty
    obligations: tuple[Obligation, ...]
    monitoring_body: str | None
    monitoring: str | None
    monitoring_modes: tuple[str, ...]
    rules: Rules | None
    ends: str | None
    remains: str | None
    sources: tuple[str, ...]
    data_as_of: str | None
    resolved: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class WithdrawalResult:
    treaty: Treaty
    state: State | None
    notified_on: date
    effective_on: str | None
    effective_basis: EffectiveBasis | None
    rule: str | None
    may_notify: bool | None
    may_notify_from: str | None
    reason: str | None
    current_status: Status | None
    ends: str | None
    remains: str | None
    survives: str | None
    still_binding: tuple[tuple[str, str, str], ...]
    data_as_of: str | None
    resolved: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PartyRow:
    state: State
    derivation: Derivation
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class PartiesResult:
    treaty: Treaty
    on: date
    rows: tuple[PartyRow, ...]
    coverage: Coverage | None
    data_as_of: str | None
    resolved: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchHit:
    treaty: Treaty
    matched: str


@dataclass(frozen=True, slots=True)
class InfoResult:
    path: str
    schema_version: str
    data_as_of: str | None
    built_from: str | None
    counts: dict[str, int] = field(default_factory=dict)
    sources: tuple[tuple[str, str, str | None, str | None, int], ...] = ()
    coverage: dict[str, int] = field(default_factory=dict)
