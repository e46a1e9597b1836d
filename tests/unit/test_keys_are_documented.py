"""The keys page lists every key the catalogue defines, so clients can rely on it."""

from pathlib import Path

from domain.areas import AREAS, THEMES
from domain.frameworks import FRAMEWORKS, SERIES

KEYS_PAGE = (Path(__file__).resolve().parents[2] / "docs" / "keys.md").read_text(encoding="utf-8")


def test_every_framework_series_theme_and_area_key_is_listed_in_the_keys_page() -> None:
    for key in [*FRAMEWORKS, *SERIES, *THEMES, *AREAS]:
        assert f"`{key}`" in KEYS_PAGE, key


def test_every_headline_area_is_an_area_key() -> None:
    for framework in FRAMEWORKS.values():
        assert framework.headline_areas <= set(AREAS), framework.key


def test_every_theme_and_area_the_catalogue_judges_is_a_key() -> None:
    for framework in FRAMEWORKS.values():
        for judged in framework.judged:
            assert judged.theme is None or judged.theme in THEMES, framework.key
            assert judged.area in AREAS, framework.key
