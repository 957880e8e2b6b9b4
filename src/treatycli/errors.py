"""Domain errors. ``cli.py`` alone turns them into a message and an exit code."""

from __future__ import annotations


class TreatyError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 1


class NotFound(TreatyError):
    exit_code = 1

    def __init__(self, what: str, text: str, suggestions: tuple[str, ...] = (), note: str = "") -> None:
        self.what = what
        self.text = text
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {what} {text!r}{hint}{f' ({note})' if note else ''}")


class UnknownState(NotFound):
    def __init__(self, text: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__("state", text, suggestions)


class UnknownTreaty(NotFound):
    def __init__(self, text: str, suggestions: tuple[str, ...] = (), note: str = "") -> None:
        super().__init__("treaty", text, suggestions, note)


class AmbiguousName(TreatyError):
    exit_code = 3

    def __init__(self, what: str, text: str, candidates: tuple[tuple[str, str], ...]) -> None:
        self.what = what
        self.text = text
        self.candidates = candidates
        listed = "; ".join(f"{cid} ({name})" for cid, name in candidates)
        super().__init__(f"ambiguous {what} {text!r}: could be {listed}")


class UsageError(TreatyError):
    exit_code = 2


class BadDate(UsageError):
    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"invalid date {text!r}: expected YYYY-MM-DD, YYYY-MM, YYYY or 'today'")


class DatabaseError(TreatyError):
    exit_code = 4


class UpdateError(TreatyError):
    exit_code = 6
