"""Which authority a document is about, matched against the register.

The cover names the authority in its own words ("Stockport Metropolitan
Borough Council", "STOKE-ON-TRENT CITY COUNCIL"); each register entry's name
and aliases are looked for as whole words, first in the title, then in the
cover's lines that name a council, then anywhere on the cover. An Ofsted URN
in the file name, where it is one of the register's, settles it. More than
one authority in the first place that names any is ambiguous: the candidates
are listed and nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from service.application.register import AuthorityToRegister

COVER_LINES = 60
_COUNCIL = re.compile(r"\b(council|borough|county)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Matched:
    code: str
    origin: str


class AuthorityNotFound(ValueError):
    """No authority, or several: `candidates` lists them (empty when none)."""

    def __init__(self, candidates: list[AuthorityToRegister]) -> None:
        self.candidates = candidates
        if candidates:
            named = "; ".join(f"{c.gss_code} {c.name}" for c in candidates)
            problem = f"ambiguous: the cover names several authorities ({named}); give --authority CODE"
        else:
            problem = "no registered authority is named on the cover; give --authority CODE"
        super().__init__(problem)


def fold(text: str) -> str:
    """Names as compared: case, hyphens, ampersands and punctuation aside."""
    text = text.replace("’", "'").replace("&", " and ").casefold()
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


def names_of(entry: AuthorityToRegister) -> list[str]:
    names = [entry.name, *entry.also_known_as]
    if ", " in entry.name:
        # "Bristol, City of" is printed "City of Bristol" or "Bristol".
        place, kind = entry.name.split(", ", 1)
        names += [f"{kind} {place}", place]
    return [fold(n) for n in names if n.strip()]


def match_authority(
    register: list[AuthorityToRegister],
    cover: list[str],
    title: str,
    file_stem: str,
    published_on: date | None,
) -> Matched:
    for digits in re.findall(r"(?<!\d)\d{5,8}(?!\d)", file_stem):
        # A recode keeps the URN: the code alive on the publication date is the one.
        holders = [e for e in register if e.ofsted_urn == digits]
        if published_on is not None and len(holders) > 1:
            holders = _existing_on(register, holders, published_on) or holders
        if len(holders) == 1:
            return Matched(holders[0].gss_code, "file name (Ofsted URN)")
    zones = (
        [title],
        [line for line in cover[:COVER_LINES] if _COUNCIL.search(line)],
        cover[:COVER_LINES],
    )
    for zone in zones:
        found = _named_in(register, [fold(line) for line in zone], published_on)
        if len(found) == 1:
            return Matched(found[0].gss_code, "printed")
        if found:
            raise AuthorityNotFound(found)
    raise AuthorityNotFound([])


def _named_in(
    register: list[AuthorityToRegister], zone: list[str], published_on: date | None
) -> list[AuthorityToRegister]:
    spans: list[tuple[int, int, int, AuthorityToRegister]] = []
    for line_index, line in enumerate(zone):
        for entry in register:
            for name in names_of(entry):
                for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", line):
                    spans.append((line_index, match.start(), match.end(), entry))
    # A name inside a longer name ("Bournemouth" in "Bournemouth, Christchurch
    # and Poole") is not a second authority.
    kept = [
        s
        for s in spans
        if not any(
            o[0] == s[0] and o[1] <= s[1] and s[2] <= o[2] and (o[2] - o[1]) > (s[2] - s[1]) for o in spans
        )
    ]
    found: dict[str, AuthorityToRegister] = {}
    for *_, entry in kept:
        found.setdefault(entry.gss_code, entry)
    candidates = list(found.values())
    if published_on is not None and len(candidates) > 1:
        candidates = _existing_on(register, candidates, published_on) or candidates
    return candidates


def _existing_on(
    register: list[AuthorityToRegister], candidates: list[AuthorityToRegister], day: date
) -> list[AuthorityToRegister]:
    """The candidates that existed on `day`: neither replaced by then, nor
    the successor of a replacement still to come."""
    not_yet = {
        successor
        for e in register
        if e.replaced_on is not None and e.replaced_on > day
        for successor in e.replaced_by
    }
    return [
        c for c in candidates if (c.replaced_on is None or c.replaced_on > day) and c.gss_code not in not_yet
    ]
