"""Domain errors: each names the field, the value and what is wrong with it."""

from __future__ import annotations

# A refused value is echoed back so the writer can find it, but a refused
# 200 KB title is not worth 200 KB of error: longer values are cut.
SHOWN_CHARACTERS = 80


def shown(value: object) -> str:
    """A refused value as an error message quotes it: its repr, cut to a
    readable length with its full length said."""
    text = repr(value)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    length = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} characters as text"
    return f"{text[:SHOWN_CHARACTERS]}… ({length})"


class DomainError(ValueError):
    """A fact the domain refuses to record."""

    def __init__(self, field: str, value: object, problem: str) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        super().__init__(f"{field}: {problem} (got {shown(value)})")


class UnknownAuthority(DomainError):
    def __init__(self, code: object, field: str = "authority") -> None:
        super().__init__(field, code, "no authority with this GSS code is registered")


class UnknownFramework(DomainError):
    def __init__(self, key: object, field: str = "framework") -> None:
        super().__init__(field, key, "not a known framework key")


class GradeNotOnScale(DomainError):
    pass


class UnknownTimescale(DomainError):
    pass


class InvalidDate(DomainError):
    pass


class InvalidValue(DomainError):
    pass


class UnknownJudgement(DomainError):
    def __init__(self, judgement_id: str) -> None:
        super().__init__("judgement", judgement_id, "no judgement with this id is recorded")


class DocumentAlreadyRecorded(DomainError):
    def __init__(self, description: str) -> None:
        super().__init__("document", description, "already recorded; a document is recorded once")


class AuthorityAlreadyRegistered(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__("gss_code", code, "already registered")
