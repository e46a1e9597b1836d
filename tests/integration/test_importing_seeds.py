"""Importing the five published letters and reports whose seed files were
written by hand builds the same documents as those seed files.

The texts are seed_events/sources/ (the same files as the shared seeds);
each is imported as `inspections import` does, the written seed file is read
back with the loader's reader, and every field of every record is compared
with the hand-made seed file. Where they differ, the difference is named here:

* 000 (APA 2005, Stockport): the summary table prints its areas for
  improvement with their bullet marks lost, so a cell's items run together.
  The importer does not guess where one ends: it takes each cell as one item
  and flags it (11 items by hand, 5 flagged cells imported).
* 003 (SLAC 2012): two quotes were cut by hand mid-sentence; the importer
  quotes the whole first sentence, which occurs once as well.
"""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from service.adapters.importing.letters import DocumentFileReader, Given
from service.adapters.importing.reviewed import ReviewDirectory
from service.adapters.register_file import read_register
from service.adapters.seed_files import read_document
from service.application.documents import DocumentToPublish
from service.application.importing import import_documents
from tests.conftest import ROOT

SEEDS = ROOT / "seed_events"
NAMES = sorted(p.stem for p in (SEEDS / "sources").glob("*.txt"))
UNBULLETED = "the cell's items are not separated by bullet marks: if it lists several, split them"
# (judgement index, field) pairs that differ from the hand-made seed file, and why above.
JUDGEMENT_DIFFERENCES: dict[str, set[tuple[int, str]]] = {
    "003_163ae6bd151f8e62": {(8, "quote"), (19, "quote")},
}


def imported(name: str, out: Path) -> tuple[DocumentToPublish, list[str]]:
    """The document as the written seed file states it (flags aside), and the flags' reasons."""
    letters = out / "letters"
    letters.mkdir(exist_ok=True)
    letter = shutil.copy(SEEDS / "sources" / f"{name}.txt", letters / f"{name}.txt")
    register = [entry for _, entry in read_register(SEEDS / "authorities.csv")]
    reviewed = ReviewDirectory(out / "import")
    (outcome,) = import_documents([Path(letter)], DocumentFileReader(register, Given()), reviewed)
    assert outcome.problems == [] and outcome.imported is not None and outcome.written is not None
    copy = outcome.written.with_name(f"{name}.unflagged.jsonl")
    copy.write_text(outcome.written.read_text().replace(', "flag": "' + UNBULLETED + '"', ""))
    return read_document(copy).document, [f.why for f in outcome.imported.flags]


def hand_made(name: str) -> DocumentToPublish:
    return read_document(SEEDS / f"{name}.jsonl").document


@pytest.mark.parametrize("name", NAMES)
def test_an_imported_document_states_what_its_hand_made_seed_file_states(name: str, tmp_path: Path) -> None:
    document, _ = imported(name, tmp_path)
    expected = hand_made(name)
    for definition in fields(DocumentToPublish):
        if definition.name not in ("judgements", "recommendations"):
            assert getattr(document, definition.name) == getattr(expected, definition.name), definition.name
    assert len(document.judgements) == len(expected.judgements)
    differing = {
        (index, definition.name)
        for index, (got, wanted) in enumerate(zip(document.judgements, expected.judgements, strict=True))
        for definition in fields(got)
        if getattr(got, definition.name) != getattr(wanted, definition.name)
    }
    assert differing == JUDGEMENT_DIFFERENCES.get(name, set())


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith("000_")])
def test_an_imported_document_lists_the_same_recommendations_in_the_same_order(
    name: str, tmp_path: Path
) -> None:
    document, flags = imported(name, tmp_path)
    assert document.recommendations == hand_made(name).recommendations
    assert flags == []


def test_a_summary_cell_whose_bullets_were_lost_is_one_flagged_item_and_the_rest_is_exact(
    tmp_path: Path,
) -> None:
    name = "000_f91d154181784c8b"
    document, flags = imported(name, tmp_path)
    expected = hand_made(name).recommendations
    summary = [r for r in document.recommendations if r.section and r.section.startswith("SUMMARY")]
    assert len(summary) == 5 and flags == [UNBULLETED] * 5
    by_hand = [r for r in expected if r.section and r.section.startswith("SUMMARY")]
    for cell in summary:
        items = [r.text for r in by_hand if r.section == cell.section]
        assert cell.text == " ".join(items)
    rest = [r for r in document.recommendations if r not in summary]
    assert rest == [r for r in expected if r not in by_hand]
