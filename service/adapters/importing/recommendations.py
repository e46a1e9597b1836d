"""Recommendations, areas for development and areas for exploration, as
documents list them.

A list starts at its heading ("Areas for improvement", "Area(s) for
development", "Areas for exploration in the joint area review",
"Recommendations"). Under it: timescale lines ("Within three months:"),
criteria ending in a colon, area headings, and items, each a bulleted line
or a numbered paragraph (continued on the next line where it runs on in
lower case). A summary table lists them in cells, one outcome's per cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from domain.errors import DomainError
from domain.frameworks import ANNUAL_ASSESSMENT, Framework
from service.adapters.importing.areas import area_named, theme_named
from service.adapters.importing.quotes import Source
from service.adapters.importing.text import Line, clean, is_heading
from service.application.documents import RecommendationToIssue

LIST_HEADING = re.compile(
    r"^(?:areas?(?:\(s\))? for (?:development|improvement|exploration)|recommendations"
    r"|what needs to improve|what does the (?:local authority|lscb|board) need to improve"
    r"|priority and immediate action)\b",
    re.I,
)
_NUMBER = re.compile(r"^\d{1,3}\.\s+")
_CELL_HEADING = re.compile(r"^\s*<p>(?P<heading>.*?)</p>(?P<rest>.*)$", re.S)
_BULLETS = re.compile(r"[•\u2022\u25a0\u25aa\u25fc\uf0b7]")


@dataclass
class Found:
    recommendation: RecommendationToIssue
    flags: list[str] = field(default_factory=list)
    # What may be quoted before the text to make the quote occur once.
    context: list[str] = field(default_factory=list)


@dataclass
class _List:
    kind: str
    section: str
    theme: str | None
    area: str | None
    # A list whose areas are its own sub-headings, each with criteria.
    nested: bool
    timescale: str | None = None
    sub_area: tuple[str, str] | None = None
    criterion: str | None = None
    # Whether the last item's text may go on in the next line.
    open: bool = False
    items: int = 0
    # Whether the last item, numbered and ending in a colon, lists its points in bullets.
    points: bool = False


def kind_of(heading: str, framework: Framework) -> str:
    if "exploration" in heading.casefold():
        return "area for exploration"
    if "development" in heading.casefold() or framework.series == ANNUAL_ASSESSMENT:
        return "area for development"
    return "recommendation"


def find_recommendations(
    lines: list[Line], framework: Framework, source: Source, cover_end: int = 0
) -> list[Found]:
    """`cover_end` as `judgements.find_judgements` takes it."""
    found: list[Found] = []
    theme: tuple[str, str] | None = None
    area: tuple[str, str] | None = None
    current: _List | None = None
    table_heading = ""
    columns: list[str] = []
    for index, line in enumerate(lines):
        if "\t" in line.printed:
            cells = line.printed.split("\t")
            if any(LIST_HEADING.match(clean(c)) for c in cells):
                columns = [clean(c) for c in cells]
            elif columns:
                found.extend(_from_cells(cells, columns, table_heading, framework))
            continue
        columns = []
        text = line.clean
        if current is not None:
            following = lines[index + 1] if index + 1 < len(lines) else None
            if _in_list(current, line, following, framework, found):
                continue
            current = None
        if is_heading(line):
            table_heading = text
        if theme_named(text) and is_heading(line) and line.number > cover_end:
            theme, area = (theme_named(text) or "", text), None
        elif LIST_HEADING.match(text) and is_heading(line):
            following = lines[index + 1] if index + 1 < len(lines) else None
            nested = following is not None and area_named(following.clean) is not None
            context = theme[1] if theme else (area[1] if area and not nested else None)
            current = _List(
                kind_of(text, framework),
                f"{context} > {text}" if context else text,
                theme[0] if theme else None,
                None if theme or nested else (area[0] if area else None),
                nested,
            )
        elif is_heading(line) and area_named(text):
            area = (area_named(text) or "", text)
    return _repeats_flagged([_quoted(_within_catalogue(entry, framework), source) for entry in found])


def _within_catalogue(entry: Found, framework: Framework) -> Found:
    """A recommendation's area only where the framework judges it (under its
    theme): a list's sub-heading ("Quality of practice") may name an area of
    another framework."""
    recommendation = entry.recommendation
    area, theme = recommendation.area, recommendation.theme
    judged = any(j.area == area and (theme is None or j.theme == theme) for j in framework.judged)
    if area is not None and framework.judged and not judged:
        entry.recommendation = replace(recommendation, area=None)
    return entry


def _repeats_flagged(found: list[Found]) -> list[Found]:
    """A document that prints a recommendation twice: the write path takes it
    once, so a person decides (the repeat may be a printing slip)."""
    seen: set[tuple[str | None, str]] = set()
    for entry in found:
        key = (entry.recommendation.theme, " ".join(entry.recommendation.text.split()).casefold())
        if key in seen:
            entry.flags.append("the document prints this recommendation twice: remove one")
        seen.add(key)
    return found


def _in_list(
    current: _List,
    line: Line,
    following: Line | None,
    framework: Framework,
    found: list[Found],
) -> bool:
    """Take `line` into the list; False when the list has ended before it."""
    text = line.clean
    if line.bulleted and found and current.points:
        # A numbered item's points ("Improve services to care leavers by
        # ensuring that:" / "• pathway plans are reviewed"): one recommendation.
        last = found[-1]
        quoted = f"{last.recommendation.quote} {_mark(line)} {text}"
        last.recommendation = replace(
            last.recommendation, text=f"{last.recommendation.text} {text}", quote=quoted
        )
        current.open = not text.endswith(_ENDS)
        return True
    if line.bulleted or (_NUMBER.match(text) and not _announces(text, current)):
        item = _NUMBER.sub("", text) if not line.bulleted else text
        if _NOTHING.match(item):
            return True
        found.append(_item(current, item, _mark(line)))
        current.items += 1
        current.open = not item.endswith(_ENDS)
        current.points = not line.bulleted and item.endswith(":")
        return True
    if _NUMBER.match(text):
        return True
    if found and current.open and _continues(line):
        # An item a page or a column cut: its text goes on.
        last = found[-1]
        last.recommendation = replace(
            last.recommendation,
            text=f"{last.recommendation.text} {text}",
            quote=f"{last.recommendation.quote} {text}",
        )
        current.open = not text.endswith(_ENDS)
        return True
    current.open = False
    if text.endswith((":", ";")) and len(text) <= 400:
        printed = text.rstrip(":;").strip()
        if _timescale(framework, printed):
            current.timescale = printed
        elif current.nested:
            current.criterion = printed
        else:
            return False
        return True
    if current.nested and is_heading(line) and area_named(text):
        current.sub_area, current.criterion = (area_named(text) or "", text), None
        return True
    if not current.items and not is_heading(line) and following is not None and _starts_item(following):
        # A paragraph introducing the list ("The following recommendations
        # are those that inspectors considered to be the priorities").
        return True
    # A sub-heading inside the list ("Quality of practice"), where a
    # numbered item after it asks for an action: a report numbers its
    # findings' paragraphs on from its recommendations, so only the
    # imperative tells the next recommendation from the next finding.
    return is_heading(line) and following is not None and _asks_action(following)


# What closes an item's text; one that does not is continued on the next line.
_ENDS = (".", ";", "?", "!", ":")


def _continues(line: Line) -> bool:
    """A line that goes on with an open item: lower case, or no heading of its own."""
    text = line.clean
    return not LIST_HEADING.match(text) and (text[:1].islower() or not is_heading(line))


def _starts_item(line: Line) -> bool:
    return line.bulleted or bool(_NUMBER.match(line.clean))


def _asks_action(line: Line) -> bool:
    numbered = _NUMBER.match(line.clean)
    if numbered is None:
        return False
    return _imperative(line.clean[numbered.end() :])


def _imperative(text: str) -> bool:
    """Whether `text` opens with an action: "Ensure ...", "Urgently review ..."."""
    words = [word.casefold().strip(",;:") for word in text.split(maxsplit=2)[:2]]
    if words and words[0].endswith("ly") and len(words) > 1:
        words = words[1:]
    return bool(words) and words[0] in IMPERATIVES


# The verbs recommendations open with.
IMPERATIVES = frozenset(
    [
        "accelerate",
        "address",
        "adopt",
        "agree",
        "align",
        "analyse",
        "appoint",
        "assess",
        "audit",
        "build",
        "challenge",
        "check",
        "clarify",
        "collect",
        "commission",
        "complete",
        "consider",
        "consolidate",
        "continue",
        "create",
        "deliver",
        "demonstrate",
        "develop",
        "embed",
        "enable",
        "encourage",
        "engage",
        "enhance",
        "ensure",
        "establish",
        "evaluate",
        "expand",
        "extend",
        "focus",
        "further",
        "gain",
        "give",
        "hold",
        "identify",
        "implement",
        "improve",
        "increase",
        "introduce",
        "involve",
        "keep",
        "learn",
        "listen",
        "maintain",
        "make",
        "maximise",
        "minimise",
        "monitor",
        "offer",
        "plan",
        "prepare",
        "prioritise",
        "produce",
        "progress",
        "promote",
        "provide",
        "publish",
        "put",
        "raise",
        "re-establish",
        "reassess",
        "record",
        "recruit",
        "redesign",
        "reduce",
        "refine",
        "reinforce",
        "require",
        "resolve",
        "respond",
        "restructure",
        "retain",
        "review",
        "revise",
        "scrutinise",
        "secure",
        "seek",
        "set",
        "share",
        "simplify",
        "streamline",
        "strengthen",
        "support",
        "sustain",
        "tackle",
        "take",
        "test",
        "track",
        "train",
        "understand",
        "undertake",
        "update",
        "use",
        "widen",
        "work",
        "write",
    ]
)
# An item that says there is nothing to list.
_NOTHING = re.compile(r"^(?:there (?:are|were) no|the inspection did not (?:find|identify) any|none\b)", re.I)


def _announces(text: str, current: _List) -> bool:
    """A numbered paragraph that introduces the list rather than being an
    item of it; an item ending in a colon after others lists its points."""
    if "following action" in text.casefold():
        return True
    return text.endswith(":") and not current.items and not _imperative(_NUMBER.sub("", text))


def _mark(line: Line) -> str:
    """The number or bullet an item is printed after, to place a quote of a
    text that occurs twice ("3. Continue to ...", "6. Continue to ...")."""
    numbered = _NUMBER.match(line.clean)
    if numbered is not None:
        return numbered[0].strip()
    printed = line.printed.lstrip()
    return printed[:1] if printed[:1] and not printed[:1].isalnum() else ""


def _timescale(framework: Framework, printed: str) -> bool:
    try:
        framework.timescale_for(printed)
    except DomainError:
        return False
    return True


def _item(current: _List, text: str, mark: str = "") -> Found:
    section = current.section
    area = current.area
    if current.nested and current.sub_area is not None:
        area = current.sub_area[0]
        section = f"{section} > {current.sub_area[1]}"
        if current.criterion:
            section = f"{section} > {current.criterion}"
    recommendation = RecommendationToIssue(
        kind=current.kind,
        theme=current.theme,
        area=area,
        text=text,
        timescale=current.timescale,
        section=section,
        quote=text,
    )
    return Found(recommendation, context=[mark] if mark else [])


def _from_cells(
    cells: list[str], columns: list[str], table_heading: str, framework: Framework
) -> list[Found]:
    found = []
    for column, cell in zip(columns, cells, strict=False):
        if not LIST_HEADING.match(column):
            continue
        parts = _CELL_HEADING.match(cell)
        if parts is None:
            continue
        heading = clean(parts["heading"]).rstrip(":").strip()
        rest = re.sub(r"<[^>]+>", " ", parts["rest"])
        items = [clean(i) for i in _BULLETS.split(rest) if clean(i)]
        unbulleted = len(items) == 1 and not _BULLETS.search(rest)
        for text in items:
            recommendation = RecommendationToIssue(
                kind=kind_of(column, framework),
                theme=theme_named(heading),
                area=area_named(heading),
                text=text,
                section=f"{table_heading} > {column} > {heading}",
                quote=text,
            )
            entry = Found(recommendation, context=[f"{heading}:"])
            if unbulleted:
                entry.flags.append(
                    "the cell's items are not separated by bullet marks: if it lists several, split them"
                )
            if recommendation.area is None:
                entry.flags.append(f"no area is named {heading!r}")
            found.append(entry)
    return found


def _quoted(entry: Found, source: Source) -> Found:
    """The quote: the text as the source prints it (an item's points with
    their bullets), with its number or bullet where the text occurs twice."""
    recommendation = entry.recommendation
    printed = recommendation.quote or recommendation.text
    unique = source.unique(printed, entry.context)
    if unique is None:
        entry.flags.append(source.why_not_unique(printed))
        entry.recommendation = replace(recommendation, quote=recommendation.text)
    elif unique != " ".join(recommendation.text.split()):
        entry.recommendation = replace(recommendation, quote=unique)
    else:
        entry.recommendation = replace(recommendation, quote=recommendation.text)
    return entry
