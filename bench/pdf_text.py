"""Which library reads a report's PDF: table rows kept whole, and seconds per page.

    python -m bench.pdf_text [--pages N] [--reports DIR]

Writes the fixture reports of tests/published_pdfs.py (SIF 2016, ILACS
2022: table labels over two lines, an ILACS grade over two lines too) and,
for each library's plain text:

* rows in order: the label's words, then its grade's, one after the other
  once line breaks are spaces (the order a reader needs);
* rows as cells: a line holding the whole label and the whole grade, apart
  (what tells a label's second line from a grade without knowing grades);

then seconds per page on a report N screens of filler long (about N/2 pages), best of
three, with the ratio to pypdf (the pure-Python baseline the issue names).
`pdfminer.six + rows` is the importer's own reader (service/adapters/importing/pdf.py).

With `--reports DIR`, seconds per page are also measured on the PDFs in DIR
(real reports are denser than the fixtures: tables, footnotes, two-column
pages), once each, as a ratio to pypdf on the same files.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pypdfium2
from pdfminer.high_level import extract_text

from service.adapters.importing.pdf import read_pdf_file
from tests.published_pdfs import ILACS_ROWS, Report, filler, ilacs_report, para, sif_report, write

SIF_ROWS = [
    ("1. Children who need help and protection", "Requires improvement"),
    ("2. Children looked after and achieving permanence", "Good"),
    ("2.1 Adoption performance", "Good"),
    ("2.2 Experiences and progress of care leavers", "Requires improvement"),
    ("3. Leadership, management and governance", "Requires improvement"),
]


def with_pypdf(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def with_pypdf_layout(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return "\n".join(page.extract_text(extraction_mode="layout") for page in pages)


def with_pdfium(path: Path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def with_pdfminer(path: Path) -> str:
    return extract_text(path)


READERS: dict[str, Callable[[Path], str]] = {
    "pypdf": with_pypdf,
    "pypdf layout": with_pypdf_layout,
    "pypdfium2": with_pdfium,
    "pdfminer.six": with_pdfminer,
    "pdfminer.six + rows": read_pdf_file,
}


def rows_in_order(text: str, rows: list[tuple[str, str]]) -> int:
    flowing = " ".join(text.split())
    return sum(f"{label} {grade}" in flowing for label, grade in rows)


def rows_as_cells(text: str, rows: list[tuple[str, str]]) -> int:
    lines = [
        [" ".join(cell.split()) for cell in line.split("  ") if cell.strip()] for line in text.splitlines()
    ]
    lines += [[" ".join(cell.split()) for cell in line.split("\t")] for line in text.splitlines()]
    return sum(any(label in cells and grade in cells for cells in lines) for label, grade in rows)


def long_report(pages: int) -> Report:
    report = sif_report()
    story = list(report.story)
    for _ in range(pages):
        story[-2:-2] = [*filler()[:5], para("A page more of findings.")]
    return Report(report.header, story)


def seconds_per_page(read: Callable[[Path], str], path: Path, pages: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        read(path)
        best = min(best, time.perf_counter() - started)
    return best / pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--reports", type=Path, metavar="DIR", help="also time these PDFs (real reports)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        sif = write(sif_report(), folder / "sif.pdf")
        ilacs = write(ilacs_report(), folder / "ilacs.pdf")
        long = write(long_report(arguments.pages), folder / "long.pdf")
        pages = len(pypdf.PdfReader(long).pages)
        speeds = {name: seconds_per_page(read, long, pages) for name, read in READERS.items()}
        print(f"{'library':<20} {'rows in order':>14} {'rows as cells':>14} {'s/page':>8} {'× pypdf':>8}")
        for name, read in READERS.items():
            texts = [(read(sif), SIF_ROWS), (read(ilacs), ILACS_ROWS)]
            ordered = sum(rows_in_order(text, rows) for text, rows in texts)
            cells = sum(rows_as_cells(text, rows) for text, rows in texts)
            total = len(SIF_ROWS) + len(ILACS_ROWS)
            speed = speeds[name]
            print(
                f"{name:<20} {f'{ordered}/{total}':>14} {f'{cells}/{total}':>14} "
                f"{speed:>8.4f} {speed / speeds['pypdf']:>8.2f}"
            )
        print(f"({pages} pages for speed)")
    if arguments.reports is not None:
        print_reports(arguments.reports)


def print_reports(directory: Path) -> None:
    files = sorted(directory.glob("*.pdf"))
    readable = [f for f in files if f.read_bytes()[:5] == b"%PDF-"]
    pages = sum(len(pypdf.PdfReader(f).pages) for f in readable)
    timings = {}
    for name, read in READERS.items():
        started = time.perf_counter()
        for file in readable:
            read(file)
        timings[name] = (time.perf_counter() - started) / pages
    print(f"{len(readable)} reports of {directory} ({len(files) - len(readable)} not PDFs), {pages} pages:")
    print(f"{'library':<20} {'s/page':>8} {'× pypdf':>8}")
    for name, seconds in timings.items():
        print(f"{name:<20} {seconds:>8.4f} {seconds / timings['pypdf']:>8.2f}")


if __name__ == "__main__":
    main()
