"""A reference for every read answer, written for clarity rather than speed.

It replays the log's events recorded up to a moment (`known_at`) into plain
Python objects, then answers questions by the published rules:

* a document's judgements and recommendations are known when the document is
  (it is saved whole); a correction or a withdrawal when it is recorded;
* the picture as at D holds, for each series of an authority, the latest
  document published on or before D (of two the same day, the one recorded
  later) that was known and not withdrawn at the moment, with the versions
  of its judgements standing then;
* a judgement is valid until the next such document of its series;
* a fact recorded after the moment has not happened yet, in every field;
  an authority's code and name are shown as the register holds them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.frameworks import SERIES, framework, label_of
from projections.recorded_event import RecordedEvent


@dataclass
class Version:
    raw: str
    label: str | None
    band: str
    recorded_at: datetime
    position: int
    correction_reason: str | None = None
    # Set when a later correction, known at the moment, replaced it.
    replaced_at: datetime | None = None


@dataclass
class Judgement:
    id: str
    theme: str | None
    area: str
    versions: list[Version] = field(default_factory=list)


@dataclass
class Document:
    id: str
    authority: str
    framework: str
    published_on: date
    recorded_at: datetime
    position: int
    judgements: dict[str, Judgement] = field(default_factory=dict)
    recommendations: list[tuple[int, str]] = field(default_factory=list)
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None

    @property
    def series(self) -> str | None:
        return framework(self.framework).series


@dataclass
class Authority:
    code: str
    replaced_on: date | None = None
    successors: list[str] = field(default_factory=list)


class Record:
    """The record as the service knew it at one moment (None: everything recorded)."""

    def __init__(self, events: Iterable[RecordedEvent], known_at: datetime | None) -> None:
        self.known_at = known_at
        self.documents: dict[str, Document] = {}
        self.authorities: dict[str, Authority] = {}
        codes: dict[str, str] = {}
        for event in events:
            known = self._known(event, codes)
            if not known:
                continue
            self._apply(event, codes)

    def _known(self, event: RecordedEvent, codes: dict[str, str]) -> bool:
        if event.type in ("JudgementRecorded", "RecommendationIssued"):
            # Known with its document, saved in the same save.
            return str(event.aggregate_id) in self.documents
        if event.type == "AuthorityRegistered":
            # An authority's code and name are shown as the register holds
            # them; what happens to it (a replacement) only once recorded.
            return True
        return self.known_at is None or event.recorded_at <= self.known_at

    def _apply(self, event: RecordedEvent, codes: dict[str, str]) -> None:
        data = event.payload
        key = str(event.aggregate_id)
        if event.type == "AuthorityRegistered":
            codes[key] = data["gss_code"]
            self.authorities[data["gss_code"]] = Authority(data["gss_code"])
        elif event.type == "AuthorityReplaced":
            authority = self.authorities[codes[key]]
            authority.replaced_on = date.fromisoformat(data["replaced_on"])
            authority.successors = list(data["successors"])
        elif event.type == "InspectionPublished":
            self.documents[key] = Document(
                key,
                data["authority_code"],
                data["framework"],
                date.fromisoformat(data["published_on"]),
                event.recorded_at,
                event.position,
            )
        elif event.type == "JudgementRecorded":
            document = self.documents[key]
            judgement = Judgement(data["judgement_id"], data["theme"], data["area"])
            judgement.versions.append(
                Version(data["raw"], data["label"], data["band"], document.recorded_at, event.position)
            )
            document.judgements[judgement.id] = judgement
        elif event.type == "RecommendationIssued":
            self.documents[key].recommendations.append((event.position, data["recommendation_id"]))
        elif event.type == "JudgementCorrected":
            judgement = self.documents[key].judgements[data["judgement_id"]]
            judgement.versions[-1].replaced_at = event.recorded_at
            judgement.versions.append(
                Version(
                    data["raw"],
                    data["label"],
                    data["band"],
                    event.recorded_at,
                    event.position,
                    data["reason"],
                )
            )
        elif event.type == "InspectionWithdrawn":
            self.documents[key].withdrawn_at = event.recorded_at
            self.documents[key].withdrawal_reason = data["reason"]

    # The rules -------------------------------------------------------------

    def standing(self, document: Document) -> bool:
        return document.withdrawn_at is None

    def in_force(self, code: str, as_at: date) -> list[Document]:
        """The latest standing document of each series published by `as_at`."""
        chosen: dict[str, Document] = {}
        for document in self.documents.values():
            if document.authority != code or document.series is None or not self.standing(document):
                continue
            if document.published_on > as_at:
                continue
            current = chosen.get(document.series)
            if current is None or (document.published_on, document.position) > (
                current.published_on,
                current.position,
            ):
                chosen[document.series] = document
        # In publication order; documents of two series published the same day
        # in the catalogue's order of series.
        return sorted(chosen.values(), key=lambda d: (d.published_on, list(SERIES).index(d.series or "")))

    def valid_until(self, document: Document) -> date | None:
        later = [
            d.published_on
            for d in self.documents.values()
            if d.authority == document.authority
            and d.series == document.series
            and self.standing(d)
            and (d.published_on, d.position) > (document.published_on, document.position)
        ]
        return min(later, default=None)

    def shown(self, document: Document, judgement: Judgement, version: Version) -> dict[str, Any]:
        """A judgement version as an answer shows it at this moment."""
        until = version.replaced_at
        if until is None and version is judgement.versions[-1]:
            until = document.withdrawn_at
        return {
            "id": judgement.id,
            "area": judgement.area,
            "theme": judgement.theme,
            "publishedOn": document.published_on.isoformat(),
            "validUntil": _iso(self.valid_until(document)),
            "recordedAt": version.recorded_at,
            "recordedUntil": until,
            "correctionReason": version.correction_reason,
            "grade": {
                "raw": version.raw,
                "label": label_of(
                    document.framework,
                    version.raw,
                    version.label,
                    judgement.area,
                    document.published_on.isoformat(),
                ),
                "band": version.band,
            },
        }

    def stated(self, document: Document) -> list[dict[str, Any]]:
        """What a document states at this moment: each judgement's last known version."""
        last = [(j.versions[-1].position, j) for j in document.judgements.values()]
        return [self.shown(document, j, j.versions[-1]) for _, j in sorted(last, key=lambda r: r[0])]

    def picture(self, code: str, as_at: date) -> dict[str, Any]:
        documents = self.in_force(code, as_at)
        judgements = sorted(
            (
                (j.versions[-1].position, self.shown(d, j, j.versions[-1]))
                for d in documents
                for j in d.judgements.values()
            ),
            key=lambda r: r[0],
        )
        return {
            "authority": self.authority(code),
            "inspections": [self.document(d) for d in documents],
            "judgements": [row for _, row in judgements],
        }

    def authority(self, code: str) -> dict[str, Any]:
        authority = self.authorities[code]
        return {
            "code": code,
            "replacedOn": _iso(authority.replaced_on),
            "replacedBy": [{"code": c} for c in authority.successors],
        }

    def recommendations(self, code: str, as_at: date) -> list[str]:
        found = sorted(r for d in self.in_force(code, as_at) for r in d.recommendations)
        return [recommendation_id for _, recommendation_id in found]

    def history(self, code: str) -> list[dict[str, Any]]:
        rows = [
            ((d.published_on, v.position), self.shown(d, j, v))
            for d in self.documents.values()
            if d.authority == code
            for j in d.judgements.values()
            for v in j.versions
        ]
        return [row for _, row in sorted(rows, key=lambda r: r[0])]

    def national(self, as_at: date, judgement_ids: set[str]) -> list[dict[str, Any]]:
        rows = [
            ((d.authority, j.versions[-1].position), self.shown(d, j, j.versions[-1]))
            for code in {d.authority for d in self.documents.values()}
            for d in self.in_force(code, as_at)
            for j in d.judgements.values()
            if j.id in judgement_ids
        ]
        return [row for _, row in sorted(rows, key=lambda r: r[0])]

    def document(self, document: Document) -> dict[str, Any]:
        return {
            "id": document.id,
            "publishedOn": document.published_on.isoformat(),
            "withdrawnAt": document.withdrawn_at,
            "withdrawalReason": document.withdrawal_reason,
            "judgementCount": len(document.judgements),
            "recommendationCount": len(document.recommendations),
        }

    def inspection(self, inspection_id: str) -> dict[str, Any] | None:
        document = self.documents.get(inspection_id)
        if document is None:
            return None
        return {
            **self.document(document),
            "judgements": self.stated(document),
            "recommendations": [{"id": r} for _, r in sorted(document.recommendations)],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
