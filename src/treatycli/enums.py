"""The vocabulary as ``str`` enums: statuses, kinds of act, date precision, rule kinds, formats.

Kept apart from the dataclasses so the CLI can declare its options without building them.
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    """A participant's standing in a treaty on one date (DESIGN.md section 3)."""

    NOT_PARTY = "not_party"
    SIGNATORY = "signatory"
    SIGNATURE_WITHDRAWN = "signature_withdrawn"
    RATIFIED_NOT_IN_FORCE = "ratified_not_in_force"
    PARTY = "party"
    WITHDRAWAL_PENDING = "withdrawal_pending"
    WITHDRAWAL_DATE_UNKNOWN = "withdrawal_date_unknown"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    DISSOLVED = "dissolved"
    UNKNOWN = "unknown"

    @property
    def bound(self) -> bool:
        """Whether the status word by itself means bound (see ``Bound`` for the full answer)."""
        return self in _BOUND

    @property
    def negative(self) -> bool:
        """A status that denies consent to be bound: only a list that is current can say it."""
        return self in _NEGATIVE


_BOUND = frozenset({Status.PARTY, Status.WITHDRAWAL_PENDING, Status.WITHDRAWAL_DATE_UNKNOWN})
_NEGATIVE = frozenset({Status.NOT_PARTY, Status.SIGNATORY, Status.SIGNATURE_WITHDRAWN})


class Predicate(enum.StrEnum):
    """What ``--is`` can test: a status word, or whether the state is bound."""

    NOT_PARTY = "not_party"
    SIGNATORY = "signatory"
    SIGNATURE_WITHDRAWN = "signature_withdrawn"
    RATIFIED_NOT_IN_FORCE = "ratified_not_in_force"
    PARTY = "party"
    WITHDRAWAL_PENDING = "withdrawal_pending"
    WITHDRAWAL_DATE_UNKNOWN = "withdrawal_date_unknown"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    DISSOLVED = "dissolved"
    UNKNOWN = "unknown"
    BOUND = "bound"
    NOT_BOUND = "not-bound"

    def holds(self, status: Status, bound: Bound) -> bool:
        """``bound`` holds only for a yes, ``not-bound`` only for a no: unknown satisfies neither."""
        if self is Predicate.BOUND:
            return bound is Bound.YES
        if self is Predicate.NOT_BOUND:
            return bound is Bound.NO
        return status.value == self.value


class Bound(enum.StrEnum):
    """Is the participant bound on the date: what the data supports, never a guess."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ActionKind(enum.StrEnum):
    """One act of one participant under one treaty."""

    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ACCESSION = "accession"
    SUCCESSION = "succession"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    DEFINITIVE_SIGNATURE = "definitive_signature"
    FORMAL_CONFIRMATION = "formal_confirmation"
    CONSENT = "consent"
    PROVISIONAL_APPLICATION = "provisional_application"
    ENTRY_INTO_FORCE = "entry_into_force"
    DENUNCIATION = "denunciation"
    WITHDRAWAL_REVOKED = "withdrawal_revoked"
    SIGNATURE_WITHDRAWN = "signature_withdrawn"
    RATIFICATION_REVOKED = "ratification_revoked"
    MEMBERSHIP_CEASED = "membership_ceased"
    SUSPENSION = "suspension"
    SUSPENSION_LIFTED = "suspension_lifted"
    RESERVATION = "reservation"
    DECLARATION = "declaration"
    DECLARATION_WITHDRAWN = "declaration_withdrawn"
    OBJECTION = "objection"
    TERRITORIAL_APPLICATION = "territorial_application"
    NOTIFICATION = "notification"
    DOMESTIC_ACT = "domestic_act"

    @property
    def is_consent(self) -> bool:
        """Whether this act expresses consent to be bound."""
        return self in CONSENT_KINDS


CONSENT_KINDS = frozenset(
    {
        ActionKind.RATIFICATION,
        ActionKind.ACCESSION,
        ActionKind.SUCCESSION,
        ActionKind.ACCEPTANCE,
        ActionKind.APPROVAL,
        ActionKind.DEFINITIVE_SIGNATURE,
        ActionKind.FORMAL_CONFIRMATION,
        ActionKind.CONSENT,
    }
)


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class EffectiveBasis(enum.StrEnum):
    """Where an effective date comes from."""

    RECORDED = "recorded"
    COMPUTED = "computed"
    EARLIEST_POSSIBLE = "earliest_possible"


class RuleKind(enum.StrEnum):
    """How a treaty's clause turns a date of deposit or notice into an effective date."""

    ON_DEPOSIT = "on_deposit"
    DAYS_AFTER = "days_after"
    MONTHS_AFTER = "months_after"
    FIRST_OF_MONTH_AFTER_MONTHS = "first_of_month_after_months"
    FIRST_OF_MONTH_AFTER_DAYS = "first_of_month_after_days"
    FIXED_PERIODS = "fixed_periods"
    END_OF_YEAR_AFTER_YEARS = "end_of_year_after_years"  # 31 December of the year N years after
    NOTICE_BEFORE_INTENDED_DATE = "notice_before_intended_date"
    VIA_PARENT = "via_parent"
    NONE = "none"
    UNKNOWN = "unknown"


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
