"""Judgements as documents print them.

Two forms: a heading followed (perhaps after a page break's worth of prose)
by a grade line, "Overall effectiveness / Grade 3 (Adequate)"; and a table
row, "label<TAB>grade". A report that grades each area in its body and then
repeats the grades in a table of findings is taken from the body; the table
adds only what the body does not state, and a table grade that disagrees
with the body is flagged. A theme heading in a table whose rows its theme
does not judge is a misplaced heading: the rows stay with the theme before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from domain.errors import DomainError
from domain.frameworks import ECM_OUTCOMES, Framework
from domain.grades import WORDS_SCALE, Band
from service.adapters.importing.areas import area_named, theme_named
from service.adapters.importing.grades import GRADE_LINE, raw_and_label
from service.adapters.importing.quotes import Source, first_sentence
from service.adapters.importing.rows import ROW_NUMBER, table_rows
from service.adapters.importing.sentences import (
    LSCB,
    SENTENCES,
    in_words,
    on_scale,
    sentence_grade,
)
from service.adapters.importing.text import HEADING_LENGTH, Line, is_heading
from service.application.documents import JudgementToRecord

# A page break may put a paragraph between a heading and its grade; further
# than this, the grade may belong to a heading not recognised as an area.
HEADING_DISTANCE = 4
_COVER_FIELD = re.compile(
    r"^(?:(?:report )?published|inspection dates?|(?:lead|reporting) inspector|age group)\b[^:]*:\s*\S", re.I
)


@dataclass
class Found:
    judgement: JudgementToRecord
    flags: list[str] = field(default_factory=list)
    from_table: bool = False


@dataclass
class _Heading:
    index: int
    key: str
    label: str
    used: bool = False


@dataclass
class _Block:
    heading: str
    theme: str | None
    rows: list[tuple[int, str, str, str]] = field(default_factory=list)  # index, area, label, printed grade


def find_judgements(
    lines: list[Line], framework: Framework, source: Source, cover_end: int = 0
) -> list[Found]:
    """`cover_end`: the number of the cover's last line (its dates), above
    which a theme's name is part of the title, not a section's heading."""
    lines = table_rows(lines, framework)
    body: list[Found] = []
    theme: tuple[str, str] | None = None
    group: str | None = None
    heading: _Heading | None = None
    table: list[int] = []
    for index, line in enumerate(lines):
        if "\t" in line.printed:
            table.append(index)
            continue
        if table:
            body.extend(_from_tables(lines, table, framework, source, theme))
            table = []
        # A headline sentence may end in a full stop, unlike a heading.
        following = lines[index + 1].clean if index + 1 < len(lines) else ""
        headline = (
            _headline_sentence(line, following, framework, source)
            if len(line.clean) <= HEADING_LENGTH
            else None
        )
        if headline is not None:
            body.append(headline)
            continue
        if not is_heading(line):
            continue
        named_theme = theme_named(line.clean) if line.number > cover_end else None
        if named_theme is not None:
            theme, group, heading = (named_theme, line.clean), None, None
            continue
        printed = _printed_grade(line, heading, index, framework)
        if printed is not None:
            label, grade = printed
            if label and area_named(label):
                heading = _Heading(index, area_named(label) or "", label)
            if heading is None or heading.used:
                continue
            heading.used = True
            body.append(_from_grade_line(lines, heading, index, grade, theme, group, framework, source))
            continue
        area = area_named(line.clean)
        if area is not None:
            heading = _Heading(index, area, line.clean)
        elif "outcomes" in line.clean.casefold():
            group = line.clean
    if table:
        body.extend(_from_tables(lines, table, framework, source, theme))
    return _merged(body, framework)


def _printed_grade(
    line: Line, heading: _Heading | None, index: int, framework: Framework
) -> tuple[str, str] | None:
    """The heading (perhaps empty) and grade a line prints: "Grade 3 (Adequate)"
    after its heading or alone; "Overall effectiveness: Good"; or, right under
    an area's heading, a grade in words alone ("Requires improvement to be good")."""
    numbered = GRADE_LINE.match(line.clean)
    if numbered is not None:
        return numbered["heading"], numbered["grade"]
    label, colon, grade = line.clean.partition(":")
    if colon and area_named(label) and in_words(framework, grade):
        return label.strip(), grade.strip()
    follows = heading is not None and not heading.used and heading.index == index - 1
    if follows and in_words(framework, line.clean):
        return "", line.clean
    return None


def _headline_sentence(line: Line, following: str, framework: Framework, source: Source) -> Found | None:
    """An overall effectiveness stated as a sentence of its own, in words:
    the authority's ("Children's services in X are good") or the LSCB's."""
    for pattern, theme in SENTENCES:
        found = pattern.match(line.clean)
        if found is None or (theme is not None and theme_named(found["label"]) != theme):
            continue
        stated = _sentence(found, theme, line, following, framework, source)
        if stated is not None and _judges(framework, theme, "overall_effectiveness"):
            return stated
    return None


def _sentence(
    found: re.Match[str], theme: str | None, line: Line, following: str, framework: Framework, source: Source
) -> Found | None:
    grade = found["grade"]
    if not in_words(framework, sentence_grade(grade)):
        return None
    headline = Found(
        JudgementToRecord(
            theme=theme,
            area="overall_effectiveness",
            area_label=found["label"],
            raw=grade,
            label=None,
            section=line.clean,
            quote=line.clean,
        )
    )
    _check_grade(headline, framework, grade)
    # The executive summary may repeat the cover's sentence: the line after it tells them apart.
    unique = source.unique(line.clean, after=[following] if following else [])
    if unique is None:
        headline.flags.append(source.why_not_unique(line.clean))
    else:
        headline.judgement = replace(headline.judgement, quote=unique)
    return headline


def _from_grade_line(
    lines: list[Line],
    heading: _Heading,
    index: int,
    grade: str,
    theme: tuple[str, str] | None,
    group: str | None,
    framework: Framework,
    source: Source,
) -> Found:
    raw, label = raw_and_label(grade)
    if theme is not None and _judged_under(framework, theme[0], heading.key) is None:
        theme = None
    parts = [p for p in (theme[1] if theme else None, group if heading.key in ECM_OUTCOMES else None) if p]
    section = " > ".join([*parts, heading.label])
    quote = " ".join(line.printed for line in lines[heading.index : index + 1])
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is not None and following.numbered_paragraph:
        # A report's numbered paragraph opens by stating the grade in words.
        quote = f"{quote} {first_sentence(following.clean)}"
    found = Found(
        JudgementToRecord(
            theme=theme[0] if theme else None,
            area=heading.key,
            area_label=heading.label,
            raw=raw,
            label=label,
            section=section,
            quote=quote,
        )
    )
    _check_grade(found, framework, grade)
    if index - heading.index > HEADING_DISTANCE:
        found.flags.append(
            f"the grade is printed {index - heading.index} lines after its heading: check it grades that area"
        )
    unique = source.unique(quote)
    if unique is None and following is not None and not following.numbered_paragraph:
        unique = source.unique(f"{quote} {first_sentence(following.clean)}")
    if unique is None:
        found.flags.append(source.why_not_unique(quote))
    else:
        found.judgement = replace(found.judgement, quote=unique)
    return found


def _from_tables(
    lines: list[Line],
    indices: list[int],
    framework: Framework,
    source: Source,
    theme: tuple[str, str] | None,
) -> list[Found]:
    """Judgements from a run of table rows under one heading, in the section
    of `theme` (a grade beside its heading is a row of its own)."""
    before = indices[0] - 1
    while before >= 0 and (not is_heading(lines[before]) or _labelled(lines[before])):
        before -= 1
    table_heading = lines[before].clean.split(":", 1)[0].strip() if before >= 0 else ""
    blocks = [_Block(table_heading, theme[0] if theme else None)]
    for index in indices:
        cells = [c for c in lines[index].cells if c]
        if len(cells) == 1 and theme_named(cells[0]):
            blocks.append(_Block(f"{table_heading} > {cells[0]}", theme_named(cells[0])))
            continue
        if len(cells) < 2:
            continue
        label = ROW_NUMBER.sub("", cells[0])
        if theme_named(label) == LSCB and _judges(framework, LSCB, "overall_effectiveness"):
            if on_scale(framework, cells[-1]):
                # A row of its own theme, between rows of the table's theme.
                resumed = blocks[-1]
                blocks.append(
                    _Block(table_heading, LSCB, [(index, "overall_effectiveness", label, cells[-1])])
                )
                blocks.append(_Block(resumed.heading, resumed.theme))
            continue
        area = area_named(label)
        if area is None or not on_scale(framework, cells[-1]):
            continue
        blocks[-1].rows.append((index, area, label, cells[-1]))
    found: list[Found] = []
    previous: _Block | None = None
    for block in blocks:
        if not block.rows:
            continue
        if previous is not None and _misplaced(block, previous, framework):
            block.theme, block.heading = previous.theme, previous.heading
        for index, area, label, printed in block.rows:
            raw, word = raw_and_label(printed)
            judged_under = _judged_under(framework, block.theme, area)
            context = [
                lines[i].clean.replace("\t", " ")
                for i in range(index - 1, max(indices[0], index - 4) - 1, -1)
            ]
            # As printed, with the row's number: the same label and grade
            # may head the area's section again.
            quote = lines[index].clean
            judgement = JudgementToRecord(
                theme=judged_under,
                area=area,
                area_label=label,
                raw=raw,
                label=word,
                section=block.heading,
                quote=quote,
            )
            entry = Found(judgement, from_table=True)
            unique = source.unique(quote, [" ".join(context[: n + 1][::-1]) for n in range(len(context))])
            if unique is None:
                entry.flags.append(source.why_not_unique(quote))
            else:
                entry.judgement = replace(judgement, quote=unique)
            _check_grade(entry, framework, printed)
            found.append(entry)
        previous = block
    return found


def _labelled(line: Line) -> bool:
    """A cover's labelled value, which heads no table: its dates, its inspector."""
    return bool(_COVER_FIELD.match(line.clean))


def _judged_under(framework: Framework, theme: str | None, area: str) -> str | None:
    """The theme a grade of `area` found in `theme`'s section is judged under:
    the document as a whole (None) where the theme does not judge the area
    and the document does, as the SIF's report on the authority may follow
    the LSCB's heading; else the section's theme."""
    if not _judges(framework, theme, area) and _judges(framework, None, area):
        return None
    return theme


def _judges(framework: Framework, theme: str | None, area: str) -> bool:
    return any(j.area == area and j.theme == theme for j in framework.judged)


def _misplaced(block: _Block, previous: _Block, framework: Framework) -> bool:
    areas = [area for _, area, _, _ in block.rows]
    return any(not _judges(framework, block.theme, a) for a in areas) and all(
        _judges(framework, previous.theme, a) for a in areas
    )


def _band(framework: Framework, printed: str) -> Band | None:
    try:
        return framework.grade_for(printed).band
    except DomainError:
        return None


def _check_grade(found: Found, framework: Framework, printed: str) -> None:
    try:
        framework.grade_for(printed)
    except DomainError as error:
        found.flags.append(f"the grade {printed!r}: {error.problem}")


def _merged(found: list[Found], framework: Framework) -> list[Found]:
    """Body judgements, then what only the tables state, each theme's together
    in the order the themes first appear."""
    stated: dict[tuple[str | None, str], Found] = {}
    merged: list[Found] = []
    body = [f for f in found if not f.from_table]
    tables = [f for f in found if f.from_table]
    # Grades in words are stated formally in the cover's table and again,
    # in a sentence's case, in the body: the table's words are taken. A
    # numbered grade is stated in full in the body ("Grade 3 (Adequate)").
    ordered = tables + body if framework.scale is WORDS_SCALE else body + tables
    # A grade stated again (the SIF's headline sentence in its summary and
    # its executive summary; a table of findings after the body) is one
    # judgement, taken where first stated; a restatement that differs is flagged.
    for entry in ordered:
        key = (entry.judgement.theme, entry.judgement.area)
        said = stated.get(key)
        if said is None:
            stated[key] = entry
            merged.append(entry)
        elif _band(framework, said.judgement.raw) != _band(framework, entry.judgement.raw):
            where = "the table of findings" if entry.from_table else "the document's body"
            said.flags.append(f"{where} prints {entry.judgement.raw!r} for it")
    # In the order the document states them, each theme's together.
    in_order = sorted(merged, key=lambda f: next(i for i, each in enumerate(found) if each is f))
    themes: list[str | None] = []
    for f in in_order:
        if f.judgement.theme not in themes:
            themes.append(f.judgement.theme)
    return sorted(in_order, key=lambda f: themes.index(f.judgement.theme))
