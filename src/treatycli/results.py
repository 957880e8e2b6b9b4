"""Result records of the commands other than ``status`` (kept apart so ``status`` starts faster)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .enums import EffectiveBasis
from .models import Action, Coverage, Derivation, Rules, State, Status, Treaty


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
    # family (un, coe, wipo, ieadb, other) -> coverage (complete as of a date, partial, none) -> treaties
    by_family: dict[str, dict[str, int]] = field(default_factory=dict)
