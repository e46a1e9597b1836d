"""A deterministic synthetic history of inspections, in the seed format.

    python -m bench.generate SIZE OUT_DIR [--seed N]

SIZE is `small` (~10k events), `national` (~150k: every current authority over
twenty years of frameworks) or `stress` (~1M). The same seed gives the same
files. Each authority gets the documents its frameworks produced: APA letters
2005-2008 with areas for development, the annual rating 2009-2011, one
safeguarding and looked after children inspection 2009-2012, one SIF
inspection 2013-2017, ILACS inspections from 2018 and ungraded monitoring
visits, with grades drawn from each framework's real scale and
recommendations with the framework's timescales. The files load through the
same code path as seed_events/ (`inspections load OUT_DIR`).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "seed_events" / "authorities.csv"
RENAMES = ROOT / "seed_events" / "renames.csv"

Record = dict[str, object]

# (authorities, monitoring visits per authority per year from 2014)
SIZES = {"small": (50, 0), "national": (153, 7), "stress": (153, 55)}

ECM = [
    ("being_healthy", "Being healthy"),
    ("staying_safe", "Staying safe"),
    ("enjoying_and_achieving", "Enjoying and achieving"),
    ("making_a_positive_contribution", "Making a positive contribution"),
    ("achieving_economic_wellbeing", "Achieving economic well-being"),
]
SLAC_AREAS = [
    ("overall_effectiveness", "Overall effectiveness"),
    ("capacity_to_improve", "Capacity for improvement"),
    ("quality_of_provision", "Quality of provision"),
    ("ambition_and_prioritisation", "Ambition and prioritisation"),
    ("leadership_and_management", "Leadership and management"),
    ("performance_management_and_quality_assurance", "Performance management and quality assurance"),
    ("partnership_working", "Partnership working"),
    ("equality_and_diversity", "Equality and diversity"),
]
# Partnership working was judged under the safeguarding theme only; the
# looked after children theme judged the five outcomes instead.
SLAC_THEME_AREAS = {
    "safeguarding": SLAC_AREAS,
    "looked_after_children": [*SLAC_AREAS[:2], *ECM, *SLAC_AREAS[2:6], SLAC_AREAS[7]],
}
SIF_AREAS = [
    ("help_and_protection", "The experiences and progress of children who need help and protection"),
    ("children_in_care", "The experiences and progress of children looked after and achieving permanence"),
    ("adoption_performance", "Adoption performance"),
    ("leadership_and_management", "Leadership, management and governance"),
]
ILACS_AREAS = [
    ("impact_of_leaders", "The impact of leaders on social work practice with children and families"),
    ("help_and_protection", "The experiences and progress of children who need help and protection"),
    ("children_in_care", "The experiences and progress of children in care and care leavers"),
]
WORDS = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
SLAC_TIMESCALES = ["Immediately", "Within three months", "Within six months"]


def current_authorities() -> list[str]:
    with REGISTER.open(encoding="utf-8", newline="") as handle:
        return [row["gss_code"] for row in csv.DictReader(handle) if not row["replaced_by"]]


def predecessors() -> dict[str, list[tuple[str, str]]]:
    """For each authority created by a reorganisation, its predecessors and
    the day they were replaced."""
    found: dict[str, list[tuple[str, str]]] = {}
    with REGISTER.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for successor in filter(None, row["replaced_by"].split(";")):
                found.setdefault(successor, []).append((row["gss_code"], row["replaced_on"]))
    return found


def owner_on(code: str, day: str, replaced: dict[str, list[tuple[str, str]]]) -> str | None:
    """Which code a current authority's document of `day` is recorded under:
    its own once it exists; before, the one predecessor it continues (a
    recode, a transfer, half of a split), none for a merger's."""
    before = replaced.get(code, [])
    if not before or day >= min(on for _, on in before):
        return code
    return owner_on(before[0][0], day, replaced) if len(before) == 1 else None


SLAC_TITLE = "Inspection of safeguarding and looked after children services"
SIF_TITLE = "Inspection of services for children in need of help and protection"


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _weighted_grade(rng: random.Random, grades: list[str]) -> str:
    # Good is commonest, outstanding and inadequate rarer, as in the published statistics.
    return rng.choices(grades, weights=[1, 5, 3, 1])[0]


def documents_for(code: str, rng: random.Random, visits_per_year: int) -> list[list[Record]]:
    documents: list[list[Record]] = []

    def document(
        framework: str, title: str, published_on: date, first_day: date | None = None
    ) -> list[Record]:
        last_day = first_day + timedelta(days=11) if first_day else None
        return [
            {
                "record": "inspection",
                "authority": code,
                "framework": framework,
                "title": title,
                "published_on": published_on.isoformat(),
                "assessment_meeting_on": None,
                "first_day": first_day.isoformat() if first_day else None,
                "last_day": last_day.isoformat() if last_day else None,
                "source": f"synthetic://{code}/{framework}/{published_on.isoformat()}",
            }
        ]

    def inspected(framework: str, title: str, first: date, last: date, report_days: int = 40) -> list[Record]:
        """A report of an inspection on a day between `first` and `last`, published `report_days` later."""
        visited = _day(rng, first, last)
        return document(framework, title, visited + timedelta(days=report_days), visited)

    def judgement(theme: str | None, area: str, label: str, raw: str) -> Record:
        return {"record": "judgement", "theme": theme, "area": area, "area_label": label, "raw": raw}

    def recommendation(
        kind: str, text: str, theme: str | None = None, timescale: str | None = None
    ) -> Record:
        return {
            "record": "recommendation",
            "kind": kind,
            "theme": theme,
            "text": text,
            "timescale": timescale,
        }

    for year in range(2005, 2009):
        letter = document("apa", f"Annual performance assessment {year}", date(year, 12, 1))
        # The 2005 letters graded the children's services as a whole; later
        # ones their overall effectiveness and each outcome.
        areas = (
            [
                ("childrens_services", "The contribution of the local authority's children's services"),
                ("social_care_services", "The contribution of the local authority's social care services"),
                ("education_services", "The contribution of the local authority's education services"),
                ("capacity_to_improve", "Capacity"),
            ]
            if year == 2005
            else [
                ("overall_effectiveness", "Overall effectiveness"),
                *ECM,
                ("capacity_to_improve", "Capacity"),
            ]
        )
        letter += [
            judgement(None, key, label, str(rng.choices([4, 3, 2, 1], [1, 5, 3, 1])[0]))
            for key, label in areas
        ]
        letter += [
            recommendation("area for development", f"Improve {label.lower()} ({year}, item {i})")
            for key, label in ECM
            for i in range(rng.randint(1, 4))
        ]
        documents.append(letter)
    for year in range(2009, 2012):
        rating = document("annual_rating", "Children's services annual rating", date(year, 12, 9))
        raw = rng.choices(
            ["Performs excellently", "Performs well", "Performs adequately", "Performs poorly"], [1, 5, 3, 1]
        )[0]
        rating.append(judgement(None, "childrens_services_rating", "Children's services rating", raw))
        documents.append(rating)
    slac = inspected("slac", SLAC_TITLE, date(2009, 7, 1), date(2012, 10, 31))
    for theme, theme_areas in SLAC_THEME_AREAS.items():
        slac += [
            judgement(theme, key, label, f"Grade {rng.choices([1, 2, 3, 4], [1, 5, 3, 1])[0]}")
            for key, label in theme_areas
        ]
        slac += [
            recommendation("recommendation", f"{theme} action {i}", theme, rng.choice(SLAC_TIMESCALES))
            for i in range(rng.randint(8, 16))
        ]
    documents.append(slac)
    sif = inspected("sif", SIF_TITLE, date(2013, 11, 1), date(2017, 10, 31), report_days=45)
    sif += [
        judgement(None, key, label, _weighted_grade(rng, WORDS))
        for key, label in [("overall_effectiveness", "Overall effectiveness"), *SIF_AREAS]
    ]
    sif += [recommendation("recommendation", f"SIF action {i}") for i in range(rng.randint(5, 12))]
    documents.append(sif)
    start = date(2018, 3, 1)
    while start < date(2025, 9, 1):
        visited = _day(rng, start, start + timedelta(days=300))
        ilacs = document(
            "ilacs", "Inspection of children's social care services", visited + timedelta(days=40), visited
        )
        ilacs += [
            judgement(None, key, label, _weighted_grade(rng, WORDS))
            for key, label in [("overall_effectiveness", "Overall effectiveness"), *ILACS_AREAS]
        ]
        ilacs += [recommendation("recommendation", f"ILACS action {i}") for i in range(rng.randint(3, 8))]
        documents.append(ilacs)
        start = visited + timedelta(days=rng.randint(900, 1500))
    for year in range(2014, 2026):
        for visit in range(visits_per_year):
            day = date(year, 1, 15) + timedelta(days=(365 * visit) // max(visits_per_year, 1))
            monitoring = document("monitoring_visit", f"Monitoring visit {year}/{visit + 1}", day)
            monitoring += [
                recommendation("area for development", f"Visit {visit + 1} point {i}")
                for i in range(rng.randint(4, 12))
            ]
            documents.append(monitoring)
    return documents


def generate(size: str, out_dir: Path, seed: int = 2026) -> int:
    """Write the history; returns how many document events it holds."""
    authorities, visits = SIZES[size]
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(REGISTER, out_dir / "authorities.csv")
    shutil.copy(RENAMES, out_dir / "renames.csv")
    events = 0
    replaced = predecessors()
    # The authority whose history each predecessor's documents make: the
    # first successor to reach it (so half of a split, not both).
    claimed: dict[str, str] = {}
    for number, code in enumerate(current_authorities()[:authorities]):
        for index, records in enumerate(documents_for(code, rng, visits)):
            owner = owner_on(code, str(records[0]["published_on"]), replaced)
            if owner is None or claimed.setdefault(owner, code) != code:
                continue  # a merger's documents from before it existed, or the other half's
            records[0]["authority"] = owner
            records[0]["source"] = str(records[0]["source"]).replace(code, owner)
            path = out_dir / f"{number:03d}_{code}_{index:03d}.jsonl"
            path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
            events += len(records)
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    events = generate(args.size, args.out_dir, args.seed)
    print(f"{args.out_dir}: {events} document events ({args.size}, seed {args.seed})")


if __name__ == "__main__":
    main()
