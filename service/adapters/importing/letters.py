"""A published document's text read as a document to review.

`DocumentFileReader` reads a file through the text source its suffix names
(`.txt` or `.pdf`), then recognises the framework, dates, authority, judgements
and recommendations, noting where each document value came from and
flagging whatever it is not sure of.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from domain.frameworks import FRAMEWORKS, Framework
from service.adapters.importing import dates
from service.adapters.importing.authorities import AuthorityNotFound, match_authority
from service.adapters.importing.frameworks import COVER_LINES, recognise_framework
from service.adapters.importing.judgements import Found as FoundJudgement
from service.adapters.importing.judgements import find_judgements
from service.adapters.importing.pdf import read_pdf_file
from service.adapters.importing.quotes import Source
from service.adapters.importing.recommendations import find_recommendations
from service.adapters.importing.text import (
    Line,
    contents_line,
    lines_of,
    read_text_file,
    without_contents,
)
from service.application.documents import DocumentToPublish
from service.application.importing import Flag, ImportedDocument, ImportRefused
from service.application.register import AuthorityToRegister

# A line of the cover, not a paragraph of the body.
COVER_LINE_LENGTH = 300


# The text of a document by its file's suffix.
TEXT_SOURCES: dict[str, Callable[[Path], str]] = {".txt": read_text_file, ".pdf": read_pdf_file}


@dataclass(frozen=True)
class Given:
    """What the command line states for every file, overriding nothing printed."""

    published_on: date | None = None
    authority: str | None = None


class DocumentFileReader:
    def __init__(self, register: list[AuthorityToRegister], given: Given) -> None:
        self.register = register
        self.given = given

    def read(self, file: Path) -> ImportedDocument:
        source_of = TEXT_SOURCES.get(file.suffix.casefold())
        if source_of is None:
            raise ImportRefused(file, "file", "not a .txt or .pdf document")
        raw = file.read_bytes() if file.is_file() else b""
        text = source_of(file)
        lines = lines_of(text)
        recognised = recognise_framework(lines)
        if recognised is None:
            raise ImportRefused(
                file, "framework", "unknown framework: no known title on the document's cover"
            )
        framework = FRAMEWORKS[recognised.framework]
        flags: list[Flag] = []
        origins = {"framework": "printed", "title": "printed"}
        cover = [line for line in lines[:COVER_LINES] if len(line.clean) <= COVER_LINE_LENGTH]
        published_on = self._published_on(file, cover, recognised.line, origins, flags)
        days = _inspection_days(cover, origins, flags)
        if days is None and not framework.graded:
            # The first paragraph may be longer than a cover's line.
            days = _visit_days(lines[:COVER_LINES], origins)
        meeting = dates.meeting_day(" ".join(line.clean for line in lines[:COVER_LINES]))
        if meeting is not None:
            origins["assessment_meeting_on"] = "printed"
        authority = self._authority(file, cover, recognised.title, published_on, origins)
        source = Source(text)
        body = without_contents(lines)
        cover_end = _cover_end(cover, recognised.line, contents_line(lines))
        judgements = find_judgements(body, framework, source, cover_end)
        recommendations = find_recommendations(body, framework, source, cover_end)
        for index, j in enumerate(judgements):
            flags.extend(Flag(f"judgements[{index}]", why) for why in j.flags)
        for index, r in enumerate(recommendations):
            flags.extend(Flag(f"recommendations[{index}]", why) for why in r.flags)
        if framework.graded and not judgements:
            flags.append(Flag("judgements", "a graded framework, but no judgement was found"))
        elif framework.graded:
            flags.extend(_missing_headlines(framework, judgements, days, published_on))
        document = DocumentToPublish(
            authority=authority,
            framework=framework.key,
            title=recognised.title,
            published_on=published_on,
            first_day=days.first if days else None,
            last_day=days.last if days else None,
            assessment_meeting_on=meeting,
            source=f"sources/{file.stem}.txt",
            judgements=tuple(j.judgement for j in judgements),
            recommendations=tuple(r.recommendation for r in recommendations),
        )
        return ImportedDocument(file, document, origins, tuple(flags), text, hashlib.sha256(raw).hexdigest())

    def _published_on(
        self, file: Path, cover: list[Line], title_line: int, origins: dict[str, str], flags: list[Flag]
    ) -> date:
        printed = _labelled_publication(cover) or _letter_date(cover, title_line)
        named = dates.file_name_date(file.stem)
        given = self.given.published_on
        if printed is not None:
            origins["published_on"] = "printed"
            for other, where in ((given, "--published-on"), (named, "the file name")):
                if other is not None and other != printed:
                    why = f"{where} says {other.isoformat()}; the printed date is taken"
                    flags.append(Flag("published_on", why))
            return printed
        if given is not None:
            origins["published_on"] = "option"
            return given
        if named is not None:
            origins["published_on"] = "file name"
            flags.append(Flag("published_on", "from file name: no publication date is printed"))
            return named
        raise ImportRefused(
            file, "published_on", "no publication date is printed or in the file name; give --published-on"
        )

    def _authority(
        self, file: Path, cover: list[Line], title: str, published_on: date, origins: dict[str, str]
    ) -> str:
        codes = {entry.gss_code for entry in self.register}
        if self.given.authority is not None:
            if self.given.authority not in codes:
                raise ImportRefused(file, "authority", f"{self.given.authority} is not in the register")
            origins["authority"] = "option"
            return self.given.authority
        try:
            matched = match_authority(
                self.register, [line.clean for line in cover], title, file.stem, published_on
            )
        except AuthorityNotFound as error:
            raise ImportRefused(file, "authority", str(error)) from None
        origins["authority"] = matched.origin
        return matched.code


def _missing_headlines(
    framework: Framework, judgements: list[FoundJudgement], days: dates.Days | None, published_on: date
) -> list[Flag]:
    """A headline the catalogue requires and the reading did not find (its
    sentence run into the next): a person adds it from the document."""
    stated = {(j.judgement.theme, j.judgement.area) for j in judgements}
    inspected_on = days.first if days is not None else published_on
    return [
        Flag("judgements", f"no {j.area} headline was found{f' under {j.theme}' if j.theme else ''}: add it")
        for j in framework.missing_headlines(stated, inspected_on)
    ]


def _visit_days(opening: list[Line], origins: dict[str, str]) -> dates.Days | None:
    """A visit's days, as its letter's first paragraph names them."""
    for line in opening:
        days = dates.days_in_prose(line.clean)
        if days is not None:
            origins["first_day"] = origins["last_day"] = "printed"
            return days
    return None


def _cover_end(cover: list[Line], title_line: int, contents: int) -> int:
    """The number of the cover's last line: its title's, or its last date's
    where the title runs on above them (the SIF's names the LSCB's review),
    or the contents page's heading where a summary (naming the LSCB's grade)
    comes before it."""
    labelled = [
        line.number
        for line in cover
        if dates.PUBLISHED_LABEL.match(line.clean) or dates.INSPECTED_LABEL.match(line.clean)
    ]
    return max([title_line, contents, *labelled])


def _labelled_publication(cover: list[Line]) -> date | None:
    """The date after "Published:" on the cover, also where a table set the
    label beside another ("Age group: Published:<TAB>All 16 August 2013")."""
    for line in cover:
        label = dates.PUBLISHED_LABEL.match(line.clean) or dates.PUBLISHED_IN_LINE.search(line.clean)
        if label:
            found = dates.printed_date(line.clean[label.end() :])
            if found is not None:
                return found
    return None


def _letter_date(cover: list[Line], title_line: int) -> date | None:
    """A letter's own date: a line that is a date and nothing else, above its title."""
    for line in cover:
        if line.number >= title_line:
            break
        found = dates.only_a_date(line.clean)
        if found is not None:
            return found
    return None


def _inspection_days(cover: list[Line], origins: dict[str, str], flags: list[Flag]) -> dates.Days | None:
    found = []
    for line in cover:
        label = dates.INSPECTED_LABEL.match(line.clean)
        if label:
            days = dates.inspection_days(line.clean[label.end() :])
            if days is None:
                flags.append(Flag("first_day", f"inspection dates not understood: {line.clean!r}"))
            else:
                found.append(days)
    if not found:
        return None
    origins["first_day"] = origins["last_day"] = "printed"
    if len(set(found)) > 1:
        flags.append(Flag("first_day", "the cover prints several different inspection dates"))
    return found[0]
