"""Dates as documents print them: a publication date ("Published:",
"Report published:", a letter's date), the inspection's days in their
several forms ("3 – 14 May 2014", "2 June to 4 July 2016",
"3/06/2015 – 26/06/2015", always day first), an assessment meeting's day,
and a date in a file name ("..._18_may_2022").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = r"(?P<{0}>" + "|".join(m.capitalize() for m in MONTHS) + r"|" + "|".join(MONTHS) + r")"
_DAY = r"(?P<{0}>\d{{1,2}})(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>\d{{4}})"
# "5 and 6 February 2019": a letter's two days of a visit.
_TO = r"\s*(?:–|—|-|to|until|and)\s*"


def _full(suffix: str) -> str:
    return rf"{_DAY.format('d' + suffix)}\s+{_MONTH.format('m' + suffix)},?\s+{_YEAR.format('y' + suffix)}"


FULL_DATE = re.compile(_full(""))
_RANGES = (
    # 30 November 2015 – 4 January 2016
    re.compile(_full("1") + _TO + _full("2")),
    # 2 June to 4 July 2016
    re.compile(rf"{_DAY.format('d1')}\s+{_MONTH.format('m1')}{_TO}" + _full("2")),
    # 3 – 14 May 2014
    re.compile(rf"{_DAY.format('d1')}{_TO}" + _full("2")),
    # 3/06/2015 – 26/06/2015
    re.compile(
        r"(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})"
        + _TO
        + r"(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})"
    ),
)
_SINGLE_NUMERIC = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
PUBLISHED_LABEL = re.compile(
    r"^(?:report\s+)?(?:published|publication date|date of publication)\s*:?\s*", re.I
)
PUBLISHED_IN_LINE = re.compile(r"\b(?:report\s+)?published\s*:\s*", re.I)
INSPECTED_LABEL = re.compile(r"^(?:inspection dates?|dates? of (?:the )?inspection)\s*:?\s*", re.I)
MEETING = re.compile(r"\bmeeting\s+(?:held\s+)?on\s+(?:the\s+)?" + _full(""), re.I)
_FILE_DATE = re.compile(
    r"(?<![a-z0-9])(?P<d>\d{1,2})[_\- ](?P<m>" + "|".join(MONTHS) + r")[_\- ](?P<y>\d{4})(?![0-9])", re.I
)


@dataclass(frozen=True)
class Days:
    first: date
    last: date


def _month(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS.index(value.casefold()) + 1


def _date(match: re.Match[str], suffix: str) -> date | None:
    try:
        return date(int(match[f"y{suffix}"]), _month(match[f"m{suffix}"]), int(match[f"d{suffix}"]))
    except ValueError:
        return None


def printed_date(text: str) -> date | None:
    """The first date printed in full in `text` ("1 December 2005", "3/06/2015")."""
    found = FULL_DATE.search(text)
    if found:
        return _date(found, "")
    numeric = _SINGLE_NUMERIC.search(text)
    return _date(numeric, "") if numeric else None


def only_a_date(text: str) -> date | None:
    """`text` when it is a date and nothing else, as a letter prints its own."""
    found = FULL_DATE.fullmatch(text.strip().rstrip("."))
    return _date(found, "") if found else None


def inspection_days(text: str) -> Days | None:
    """The first and last day of a range as printed; the first day takes the
    last's month and year where it omits them."""
    for pattern in _RANGES:
        found = pattern.search(text)
        if not found:
            continue
        last = _date(found, "2")
        groups = found.groupdict()
        first_month = groups.get("m1") or found["m2"]
        first_year = groups.get("y1") or found["y2"]
        try:
            first = date(int(first_year), _month(first_month), int(found["d1"]))
        except ValueError:
            return None
        if last is None:
            return None
        if first > last and groups.get("y1") is None:
            # "28 December – 8 January 2016": the first day is in the year before.
            first = first.replace(year=first.year - 1)
        return Days(first, last)
    single = printed_date(text)
    return Days(single, single) if single else None


# A letter's first sentence: "the focused visit to Stockport children's
# services on 5 and 6 February 2019", "Between 16 and 20 October 2017, Ofsted ...".
_VISITED = re.compile(r"(?:\b(?:visit|inspection)\b[^.]*?\bon|^between|\bbetween|\bfrom)\s+(?=\d)", re.I)


def days_in_prose(text: str) -> Days | None:
    """The days a letter says its visit took, in its sentence naming the visit."""
    for said in _VISITED.finditer(text):
        rest = text[said.end() : said.end() + 80]
        for pattern in (*_RANGES, FULL_DATE):
            found = pattern.match(rest)
            if found:
                return inspection_days(found[0])
    return None


def meeting_day(text: str) -> date | None:
    found = MEETING.search(text)
    return _date(found, "") if found else None


def file_name_date(stem: str) -> date | None:
    found = _FILE_DATE.search(stem)
    if found:
        return _date(found, "")
    iso = re.search(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", stem)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    return None
