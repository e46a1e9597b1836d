"""The synthetic history for benchmarks: deterministic, and valid through the real loader."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench.generate import generate
from service.adapters.seed_files import read_document
from service.application.recording import Recording
from service.application.records import InspectionRecords
from tests.factories import load_seeds


def digest(directory: Path) -> str:
    files = sorted(directory.glob("*.jsonl"))
    return hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()


def test_the_same_seed_gives_the_same_history_and_another_seed_another(tmp_path: Path) -> None:
    generate("small", tmp_path / "a", seed=7)
    generate("small", tmp_path / "b", seed=7)
    generate("small", tmp_path / "c", seed=8)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_the_small_history_holds_about_ten_thousand_events_that_the_loader_accepts(
    tmp_path: Path, records: InspectionRecords, recording: Recording
) -> None:
    events = generate("small", tmp_path / "small")
    assert 8_000 <= events <= 12_000
    documents = sorted((tmp_path / "small").glob("*.jsonl"))
    assert sum(len(read_document(p).document.judgements) for p in documents) > 2_000
    for path in documents[:40]:
        (tmp_path / "some").mkdir(exist_ok=True)
        (tmp_path / "some" / path.name).write_bytes(path.read_bytes())
    (tmp_path / "some" / "authorities.csv").write_bytes((tmp_path / "small" / "authorities.csv").read_bytes())
    summary = load_seeds(recording, tmp_path / "some")
    assert summary.failures == [] and summary.documents_recorded == 40
