"""A chaos writer: publishes synthetic documents, some twice on purpose.

Run as `python -m tests.chaos.writer URL SEED COUNT`; prints one JSON line of
counts when done. Connection failures (the chaos test terminates backends)
are retried; a retry that finds its document already recorded counts it as
recorded once, never twice.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date, timedelta

from eventsourcing.persistence import IntegrityError

from domain.errors import DocumentAlreadyRecorded
from service.adapters.settings import parse_database_url
from service.adapters.stores import open_records
from service.application.documents import (
    Attribution,
    DocumentToPublish,
    JudgementToRecord,
    RecommendationToIssue,
)
from service.application.recording import Recording

AUTHORITIES = ["E08000007", "E08000002", "E06000021", "E09000002", "E09000003", "E08000016"]
# Areas each framework judged, the headline first (a document must carry it).
AREAS = {
    "slac": ["overall_effectiveness", "quality_of_provision", "leadership_and_management", "staying_safe"],
    "sif": ["overall_effectiveness", "help_and_protection", "children_in_care", "leadership_and_management"],
    "ilacs": ["overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care"],
}


def a_document(rng: random.Random) -> DocumentToPublish:
    framework, grades, first, last = rng.choice(
        [
            ("slac", ["Grade 1", "Grade 2", "Grade 3", "Grade 4"], date(2009, 6, 1), date(2012, 12, 31)),
            (
                "sif",
                ["Outstanding", "Good", "Requires improvement", "Inadequate"],
                date(2013, 11, 1),
                date(2017, 12, 31),
            ),
            (
                "ilacs",
                ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"],
                date(2018, 3, 1),
                date(2025, 12, 31),
            ),
        ]
    )
    published_on = first + timedelta(days=rng.randrange((last - first).days))
    headline, *others = AREAS[framework]
    # SLAC judges each area under both themes; the others under none.
    themes = ["safeguarding", "looked_after_children"] if framework == "slac" else [None]
    judged = [
        (theme, area) for theme in themes for area in [headline, *rng.sample(others, rng.randint(0, 3))]
    ]
    return DocumentToPublish(
        authority=rng.choice(AUTHORITIES),
        framework=framework,
        title=f"Chaos inspection {rng.random():.6f}",
        published_on=published_on,
        source="chaos writer",
        judgements=tuple(
            JudgementToRecord(
                theme=theme, area=area, area_label=area.replace("_", " "), raw=rng.choice(grades)
            )
            for theme, area in judged
        ),
        recommendations=tuple(
            RecommendationToIssue(kind="recommendation", text=f"act on item {i}")
            for i in range(rng.randint(0, 3))
        ),
    )


def main(url: str, seed: int, count: int) -> None:
    rng = random.Random(seed)
    records = open_records(parse_database_url(url), create_tables=False)
    recording = Recording(records, document_of_judgement=lambda _: None)
    counts = {"recorded": 0, "refused": 0, "refused_at_insert": 0, "retries": 0}
    written: list[DocumentToPublish] = []
    attribution = Attribution(f"chaos writer {seed}", "tests.chaos.writer")
    for _ in range(count):
        # One in ten is a document this writer recorded already: it must be refused.
        duplicate = bool(written) and rng.random() < 0.1
        document = rng.choice(written) if duplicate else a_document(rng)
        if duplicate and rng.random() < 0.5:
            # Past the application's check, straight at the store: the insert
            # is refused and its rolled-back transaction leaves a hole in the
            # notification sequence, which readers must pass over.
            try:
                records.save_attributed([(recording.build(document), attribution)])
            except IntegrityError:
                counts["refused_at_insert"] += 1
                continue
            except Exception:
                counts["retries"] += 1
                continue
            raise AssertionError("a duplicate was saved")
        for attempt in range(30):
            try:
                recording.publish(document, attribution)
                counts["recorded"] += 1
                written.append(document)
            except DocumentAlreadyRecorded:
                # A deliberate duplicate, a collision with another writer's
                # document, or an attempt whose commit outlived its connection.
                counts["refused"] += 1
            except Exception:  # a terminated backend or a lock timeout: try again
                counts["retries"] += 1
                time.sleep(0.05 * (attempt + 1))
                continue
            break
        time.sleep(rng.random() * 0.01)
    records.close()
    print(json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
