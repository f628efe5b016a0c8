"""examples/python/erp_import.py, run as a user runs it: a subprocess on the
sample CSV, with the installed package. Every output row is checked against
the shared vector case with the same input."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Tuple

if TYPE_CHECKING:
    from conftest import VectorCase

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "examples" / "python"
EXAMPLE = EXAMPLE_DIR / "erp_import.py"
SAMPLE = EXAMPLE_DIR / "boletos.csv"

COLUMNS = [
    "id",
    "input",
    "valid",
    "kind",
    "amount_cents",
    "due_date",
    "barcode",
    "digitable_line",
    "error_class",
    "error_message",
]


def run_example(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_csv(path: Path) -> Tuple[List[str], List[Dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_erp_import_on_the_sample(tmp_path: Path, vector_cases: Tuple[VectorCase, ...]) -> None:
    out = tmp_path / "out.csv"
    done = run_example(str(SAMPLE), str(out), "--reference-date", "2026-11-26", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""

    _, sample_rows = read_csv(SAMPLE)
    header, rows = read_csv(out)
    assert header == COLUMNS
    assert [r["id"] for r in rows] == [r["id"] for r in sample_rows]
    assert [r["input"] for r in rows] == [r["linha"] for r in sample_rows]

    # The sample mixes valid and invalid lines, bank and arrecadação.
    valid = [r for r in rows if r["valid"] == "true"]
    invalid = [r for r in rows if r["valid"] == "false"]
    assert (len(valid), len(invalid)) == (6, 3)
    assert {r["kind"] for r in valid} == {"bank", "collection"}
    assert {r["error_class"] for r in invalid} == {"check_digit", "length", "character"}
    # bb-line of the vectors: R$ 1.026,56 due 2018-07-15.
    nf1001 = next(r for r in rows if r["id"] == "NF-1001")
    assert (nf1001["amount_cents"], nf1001["due_date"]) == ("102656", "2018-07-15")

    # Every row agrees with the vector case of the same input.
    by_input = {case.input: case for case in vector_cases}
    for row in rows:
        case = by_input[row["input"]]
        assert row["valid"] == ("true" if case.valid else "false"), row["id"]
        if case.expected is not None:
            e = case.expected
            assert row["kind"] == e["kind"]
            assert row["amount_cents"] == ("" if e["amount_cents"] is None else str(e["amount_cents"]))
            assert row["due_date"] == (e.get("due_date") or "")
            assert row["barcode"] == e["barcode"]
            assert row["digitable_line"] == e["digitable_line"]
            assert row["error_class"] == row["error_message"] == ""
        else:
            assert row["error_class"] == case.error, row["id"]
            assert row["error_message"]
            assert row["kind"] == row["amount_cents"] == row["barcode"] == ""

    assert "6 valid" in done.stdout and "3 invalid" in done.stdout


def test_erp_import_reads_spreadsheet_csv(tmp_path: Path) -> None:
    """A BOM and ';' as delimiter, as spreadsheet programs in Brazil save."""
    source = tmp_path / "planilha.csv"
    source.write_text(
        "\ufeffid;linha\n"
        "A;34191.09008 00012.345674 89012.345677 9 99990000012345\n"
        "\n"
        "B;83860000005096000190000008017823000034306271\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    done = run_example(str(source), str(out), cwd=tmp_path)  # default reference date
    assert done.returncode == 0, done.stderr
    _, rows = read_csv(out)
    assert [(r["id"], r["valid"], r["amount_cents"]) for r in rows] == [
        ("A", "true", "12345"),
        ("B", "true", "50960"),
    ]


def test_erp_import_refuses_a_file_without_the_columns(tmp_path: Path) -> None:
    source = tmp_path / "wrong.csv"
    source.write_text("codigo,valor\n1,2\n", encoding="utf-8")
    done = run_example(str(source), str(tmp_path / "out.csv"), cwd=tmp_path)
    assert done.returncode == 2
    assert "linha" in done.stderr
    assert not (tmp_path / "out.csv").exists()
