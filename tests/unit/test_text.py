"""What the record accepts as text: each refusal says what and where."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.text import optional_text, required_text


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("a\x00b", "contains control character U+0000 at offset 1"),
        ("ab\x85", "contains control character U+0085 at offset 2"),
        ("a\ud800", "contains a lone surrogate U+D800 at offset 1"),
        ("abc\u202e", "contains U+202E at offset 3, which reorders or hides text"),
        ("a\U000e0041", "contains U+E0041 at offset 1, which reorders or hides text"),
        ("a\ufdd0", "contains the noncharacter U+FDD0 at offset 1"),
        ("a\U0001fffe", "contains the noncharacter U+1FFFE at offset 1"),
        ("\u200b\ufeff ", "must be non-empty text"),
        ("x" * 501, "is 501 characters long; at most 500 are allowed"),
    ],
)
def test_a_title_no_document_could_print_is_refused_saying_what_and_where(value: str, problem: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        required_text(value, "title")
    assert refused.value.problem == problem


def test_tabs_line_breaks_soft_hyphens_and_joiners_are_kept_and_surrounding_space_stripped() -> None:
    assert (
        required_text("  Staying\tsafe\r\nchild\u00adren \u200dok ", "quote")
        == "Staying\tsafe\r\nchild\u00adren \u200dok"
    )


def test_an_optional_field_of_spaces_or_invisible_characters_is_not_stated() -> None:
    assert optional_text("   ", "section") is None
    assert optional_text("\u200b", "section") is None
    assert optional_text(None, "section") is None
