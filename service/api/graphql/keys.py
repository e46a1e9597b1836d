"""The stable keys of themes and areas, with their labels, so that a front-end
labels rows (one per theme and area) the same whatever a document printed."""

from __future__ import annotations

import strawberry

from domain.areas import AREAS, THEMES


@strawberry.type(
    description="An area's stable key and its label (a document's own wording is its areaLabel)."
)
class AreaKey:
    key: strawberry.ID
    label: str


@strawberry.type(description="A theme's stable key and its label.")
class ThemeKey:
    key: strawberry.ID
    label: str


def area_keys() -> list[AreaKey]:
    return [AreaKey(key=strawberry.ID(key), label=label) for key, label in AREAS.items()]


def theme_keys() -> list[ThemeKey]:
    return [ThemeKey(key=strawberry.ID(key), label=label) for key, label in THEMES.items()]
