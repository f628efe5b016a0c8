"""ERP import: check and decode the boleto / arrecadação lines of a CSV file.

    python erp_import.py IN.csv OUT.csv [--reference-date YYYY-MM-DD]

IN.csv has the columns ``id`` and ``linha`` (a 44-digit barcode, a typeable
line, or the line as printed on paper, with dots, spaces and dashes); ``,``
or ``;`` as delimiter, UTF-8 with or without a BOM (as spreadsheets save it).

All lines are validated in one ``validate_barcodes`` call (one crossing into
the Rust core for the whole file); each line is then decoded, or its error
explained. OUT.csv gets one row per input row, in order:

    id, input, valid, kind, amount_cents, due_date, barcode, digitable_line,
    error_class, error_message

(empty where a column does not apply: ``amount_cents`` is empty for
arrecadação documents that carry a reference value instead of money, and
``due_date`` for arrecadação documents and boletos without one). A summary
goes to stdout. The exit code is 0 when the file was processed, invalid lines
included; 2 when the input cannot be read as described or the output cannot
be written.

Due dates are read relative to ``--reference-date`` (default: today in
Brasília time), because the due-date factor restarted in 2025.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import stone_openbank as stone

OUTPUT_COLUMNS: Tuple[str, ...] = (
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
)


class InputError(Exception):
    """The input file is not a CSV with the columns ``id`` and ``linha``."""


@dataclass(frozen=True)
class InputRow:
    id: str
    linha: str


@dataclass(frozen=True)
class Result:
    row: InputRow
    document: Optional[Union[stone.BankBoleto, stone.CollectionDocument]]
    error: Optional[stone.InvalidBarcode]

    @property
    def valid(self) -> bool:
        return self.document is not None

    def as_csv_row(self) -> Dict[str, str]:
        out = dict.fromkeys(OUTPUT_COLUMNS, "")
        out["id"] = self.row.id
        out["input"] = self.row.linha
        out["valid"] = "true" if self.valid else "false"
        doc = self.document
        if doc is not None:
            out["kind"] = doc.kind
            if doc.amount_cents is not None:
                out["amount_cents"] = str(doc.amount_cents)
            if isinstance(doc, stone.BankBoleto) and doc.due_date is not None:
                out["due_date"] = doc.due_date.isoformat()
            out["barcode"] = doc.barcode
            out["digitable_line"] = doc.digitable_line
        if self.error is not None:
            out["error_class"] = self.error.error_class
            out["error_message"] = self.error.message
        return out


def read_rows(path: Path) -> List[InputRow]:
    """The rows of IN.csv; blank lines are skipped."""
    try:
        # utf-8-sig drops the BOM that spreadsheet programs write.
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header_line = handle.readline()
            delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            header = [name.strip().lower() for name in next(reader, [])]
            missing = [name for name in ("id", "linha") if name not in header]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)} (header: {header})")
            id_at, line_at = header.index("id"), header.index("linha")
            rows: List[InputRow] = []
            for number, record in enumerate(reader, start=2):
                if not any(field.strip() for field in record):
                    continue
                if len(record) <= max(id_at, line_at):
                    raise InputError(f"{path}:{number}: expected {len(header)} fields, got {len(record)}")
                rows.append(InputRow(id=record[id_at].strip(), linha=record[line_at]))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: {exc}") from exc


def decode(rows: Sequence[InputRow], reference_date: Optional[datetime.date]) -> List[Result]:
    """Validates every line in one call, then decodes or explains each one."""
    verdicts = stone.validate_barcodes(row.linha for row in rows)
    results: List[Result] = []
    for row, valid in zip(rows, verdicts):
        try:
            if valid:
                results.append(Result(row, stone.parse_barcode(row.linha, reference_date=reference_date), None))
            else:
                # Raises the error that explains the verdict.
                stone.validate_barcode(row.linha)
                raise AssertionError(f"{row.id}: validate_barcodes and validate_barcode disagree")
        except stone.InvalidBarcode as error:
            results.append(Result(row, None, error))
    return results


def write_results(path: Path, results: Sequence[Result]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS)
        writer.writeheader()
        for result in results:
            writer.writerow(result.as_csv_row())


def format_brl(cents: int) -> str:
    """``102656`` -> ``R$ 1.026,56``."""
    reais = f"{cents // 100:,}".replace(",", ".")
    return f"R$ {reais},{cents % 100:02d}"


def summary(results: Sequence[Result]) -> List[str]:
    valid = [r for r in results if r.document is not None]
    invalid = [r for r in results if r.error is not None]
    bank = sum(1 for r in valid if isinstance(r.document, stone.BankBoleto))
    collection = len(valid) - bank
    total = sum(r.document.amount_cents or 0 for r in valid if r.document is not None)
    lines = [
        f"{len(results)} lines: {len(valid)} valid ({bank} bank boletos, "
        f"{collection} arrecadação), {len(invalid)} invalid",
        f"total amount of the valid lines: {format_brl(total)}",
    ]
    for r in invalid:
        assert r.error is not None
        lines.append(f"  {r.row.id}: {r.error.error_class}: {r.error.message}")
    return lines


def parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("input", type=Path, help="CSV with the columns id,linha")
    parser.add_argument("output", type=Path, help="CSV to write")
    parser.add_argument(
        "--reference-date",
        type=datetime.date.fromisoformat,
        default=None,
        help="read due dates relative to this date (YYYY-MM-DD; default: today in Brasília)",
    )
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    input_path: Path = args.input
    output_path: Path = args.output
    reference_date: Optional[datetime.date] = args.reference_date
    try:
        rows = read_rows(input_path)
    except InputError as exc:
        print(f"erp_import: {exc}", file=sys.stderr)
        return 2
    results = decode(rows, reference_date)
    try:
        write_results(output_path, results)
    except OSError as exc:
        print(f"erp_import: {output_path}: {exc}", file=sys.stderr)
        return 2
    for line in summary(results):
        print(line)
    print(f"written: {output_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
