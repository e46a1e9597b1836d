"""Table rows as text exports and PDFs break them: cells run together
("2.1 Adoption performance Good"), a label's last words on a line of their
own ("permanence"), a row or a headline sentence wrapped over two lines.
Each is made again a row of tab-separated cells, or one line."""

from __future__ import annotations

import re
from dataclasses import replace

from domain.frameworks import Framework
from service.adapters.importing.areas import area_named, theme_named
from service.adapters.importing.sentences import LSCB, VERB, in_words, states_headline
from service.adapters.importing.text import HEADING_LENGTH, Line

# The most a label's tail on a line of its own holds: "permanence", "and families".
_LABEL_TAIL = 40
# The most words a grade prints: "Requires improvement to be good".
_GRADE_WORDS = 5
# A table's label may carry its row's number: "2.1 Adoption performance".
ROW_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


def table_rows(lines: list[Line], framework: Framework) -> list[Line]:
    """The lines with each run-together table row as a row of cells; a row
    or a headline sentence that a text export wrapped over two lines
    ("Children's services in Manchester require improvement to be" / "good")
    is joined again when only the two together read as one."""
    joined: list[Line] = []
    index = 0
    while index < len(lines):
        line, row = lines[index], _as_row(lines[index], framework)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and _label_goes_on(row, following):
            # "2. Children looked after and achieving<TAB>Good" / "permanence"
            label, rest = row.printed.split("\t", 1)
            joined.append(
                replace(
                    row,
                    printed=f"{label} {following.printed.strip()}\t{rest}",
                    # As the source prints it, for the quote: the grade, then the label's tail.
                    clean=f"{row.clean} {following.clean}",
                )
            )
            index += 2
            continue
        if row is line and following is not None and _wrapped(line, following):
            both = replace(
                line, printed=f"{line.printed} {following.printed}", clean=f"{line.clean} {following.clean}"
            )
            as_row = _as_row(both, framework)
            headline = states_headline(both, framework) and not states_headline(line, framework)
            if as_row is not both or headline:
                joined.append(as_row)
                index += 2
                continue
        joined.append(row)
        index += 1
    return joined


def _label_goes_on(row: Line, following: Line) -> bool:
    """A table row whose label's last words a PDF set on a line of their own."""
    text = following.clean
    return (
        "\t" in row.printed
        and "\t" not in following.printed
        and not following.bulleted
        and text[:1].islower()
        and len(text) <= _LABEL_TAIL
        and not text.endswith(".")
    )


def _wrapped(line: Line, following: Line) -> bool:
    """Two lines that may be one cut short: neither a table row, a list item or a paragraph's end."""
    # A row's label may carry its number ("2. Children looked after and achieving").
    return (
        not any("\t" in each.printed or each.bulleted for each in (line, following))
        and not following.numbered_paragraph
        and not line.clean.endswith((".", ":"))
        and len(line.clean) + len(following.clean) <= HEADING_LENGTH
    )


def _as_row(line: Line, framework: Framework) -> Line:
    """A table row whose cells a text export ran together ("2.1 Adoption
    performance Good") as a row of tab-separated cells; any other line as it is.
    The grade is the longest capitalised run of closing words on the scale,
    after a label that names an area, so prose ("... is good.") is no row."""
    text = line.clean
    if "\t" in line.printed or line.bulleted or len(text) > HEADING_LENGTH or text.endswith((".", ",", ":")):
        return line
    words = text.split()
    for size in range(min(len(words) - 1, _GRADE_WORDS), 0, -1):
        grade, label = " ".join(words[-size:]), " ".join(words[:-size])
        if not grade[0].isupper() or VERB.match(grade) or label.endswith(":"):
            continue
        named = ROW_NUMBER.sub("", label)
        if in_words(framework, grade) and (area_named(named) or theme_named(named) == LSCB):
            return replace(line, printed=f"{label}\t{grade}")
    return line
