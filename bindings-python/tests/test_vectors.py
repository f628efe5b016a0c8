"""Every shared boleto/arrecadação vector through the installed package.

The expected values come from the vector files (generated from the FEBRABAN
rules by an independent reference), never from this package.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Tuple, Type, Union

import pytest

import stone_openbank as stone

if TYPE_CHECKING:
    from conftest import VectorCase

Document = Union[stone.BankBoleto, stone.CollectionDocument]

#: The vector files' error names -> the exception class a caller catches.
ERROR_CLASSES: Dict[str, Type[stone.InvalidBarcode]] = {
    "character": stone.InvalidCharacter,
    "length": stone.InvalidLength,
    "currency": stone.UnknownCurrency,
    "value_type": stone.UnknownValueType,
    "segment": stone.UnknownSegment,
    "check_digit": stone.CheckDigitMismatch,
}

#: Names of the check digits a CheckDigitMismatch may report.
CHECK_DIGIT_NAMES = {"general", "field1", "field2", "field3", "block1", "block2", "block3", "block4"}

ASCII_DIGITS = "0123456789"


def _parse(text: str, case: VectorCase) -> Document:
    return stone.parse_barcode(text, reference_date=case.reference_date)


def _is_separator(ch: str) -> bool:
    return ch in ".-" or ch.isspace()


# --------------------------------------------------------------------------
# Valid cases


def test_valid_case(valid_case: VectorCase) -> None:
    case = valid_case
    assert case.expected is not None
    expected = case.expected

    doc = _parse(case.input, case)

    # The decoded fields, by value and by type (True == 1 would hide a bool).
    decoded = doc.to_dict()
    assert decoded == expected
    assert {k: type(v) for k, v in decoded.items()} == {k: type(v) for k, v in expected.items()}

    # The attributes agree with the vector too (they are separate getters).
    assert type(doc) is (stone.BankBoleto if expected["kind"] == "bank" else stone.CollectionDocument)
    for name, value in expected.items():
        actual = getattr(doc, name)
        if name == "due_date":
            assert actual == (None if value is None else datetime.date.fromisoformat(value))
            assert actual is None or type(actual) is datetime.date
        else:
            assert actual == value, name
            assert type(actual) is type(value), name

    # Verdicts of the other entry points.
    assert stone.is_valid_barcode(case.input) is True
    # The stub says "-> None"; check that it really returns None (viewed as
    # a function returning object, so the value may be looked at).
    validate: Callable[[str], object] = stone.validate_barcode
    assert validate(case.input) is None

    # Conversions agree with the decoded document.
    assert stone.to_barcode(case.input) == expected["barcode"]
    assert stone.to_digitable_line(case.input) == expected["digitable_line"]
    formatted = stone.format_line(case.input)
    assert formatted == doc.formatted_line
    assert "".join(ch for ch in formatted if ch in ASCII_DIGITS) == expected["digitable_line"]
    assert all(ch in ASCII_DIGITS or _is_separator(ch) for ch in formatted)

    # Every form the document prints decodes to an equal object, same hash.
    for form in (doc.barcode, doc.digitable_line, doc.formatted_line):
        again = _parse(form, case)
        assert again == doc, form
        assert hash(again) == hash(doc), form
        assert not (again != doc)


# --------------------------------------------------------------------------
# Invalid cases


def test_invalid_case(invalid_case: VectorCase) -> None:
    case = invalid_case
    assert case.error is not None
    text = case.input
    cls = ERROR_CLASSES[case.error]

    with pytest.raises(stone.InvalidBarcode) as info:
        _parse(text, case)
    error = info.value
    assert type(error) is cls, f"{type(error).__name__} is not {cls.__name__}"
    assert error.error_class == case.error
    assert isinstance(error, stone.StoneError) and isinstance(error, ValueError)
    assert error.message and str(error) == error.message

    if isinstance(error, stone.InvalidCharacter):
        assert error.position is not None
        assert text[error.position] == error.found
        # The first character that is neither a digit nor a separator.
        first = next(i for i, ch in enumerate(text) if not (ch in ASCII_DIGITS or _is_separator(ch)))
        assert error.position == first
    elif isinstance(error, stone.InvalidLength):
        digits = "".join(ch for ch in text if ch in ASCII_DIGITS)
        assert error.digits == len(digits)
        assert error.position is None
        # The README's length rule, checked independently.
        assert len(digits) != 44
        assert len(digits) != 47 or digits.startswith("8")
        assert len(digits) != 48 or not digits.startswith("8")
    elif isinstance(error, (stone.UnknownCurrency, stone.UnknownValueType, stone.UnknownSegment)):
        assert error.position is not None
        assert text[error.position] == str(error.found)
    elif isinstance(error, stone.CheckDigitMismatch):
        assert error.found != error.expected
        assert error.position is not None
        assert text[error.position] == str(error.found)
        assert error.digit in CHECK_DIGIT_NAMES
        if error.digit != "general":
            # Field and block digits exist only in typeable lines; blocks
            # only in arrecadação (digits starting with 8).
            assert case.input_form != "barcode"
            first_digit = next(ch for ch in text if ch in ASCII_DIGITS)
            assert error.digit.startswith("block") == (first_digit == "8")

    assert stone.is_valid_barcode(text) is False

    # validate_barcode and the conversions refuse it with the same error.
    for function in (stone.validate_barcode, stone.to_barcode, stone.to_digitable_line, stone.format_line):
        with pytest.raises(cls) as other:
            function(text)
        assert vars(other.value) == vars(error), function.__name__


# --------------------------------------------------------------------------
# Batch validation


def test_validate_barcodes_matches_every_verdict(vector_cases: Tuple[VectorCase, ...]) -> None:
    inputs = [case.input for case in vector_cases]
    verdicts = stone.validate_barcodes(inputs)
    assert type(verdicts) is list
    assert all(type(v) is bool for v in verdicts)
    assert len(verdicts) == len(inputs)
    wrong = [c.param_id for c, v in zip(vector_cases, verdicts) if v is not c.valid]
    assert wrong == []
    # Both verdicts occur, so the comparison above is not vacuous.
    assert set(verdicts) == {True, False}


def test_validate_barcodes_accepts_any_iterable(vector_cases: Tuple[VectorCase, ...]) -> None:
    expected = [case.valid for case in vector_cases]
    consumed: List[str] = []

    def generate() -> Iterator[str]:
        for case in vector_cases:
            consumed.append(case.id)
            yield case.input

    assert stone.validate_barcodes(generate()) == expected
    assert len(consumed) == len(vector_cases)
    assert stone.validate_barcodes(tuple(c.input for c in vector_cases)) == expected
    assert stone.validate_barcodes(iter([])) == []
    assert stone.validate_barcodes([]) == []


@pytest.mark.parametrize("bad_item", [None, 42, b"34199999900000123451090000012345678901234567", 1.5])
def test_validate_barcodes_rejects_non_str_items(
    vector_cases: Tuple[VectorCase, ...], bad_item: object
) -> None:
    # Typed as Any on purpose: the point is a wrong item at run time.
    inputs: List[Any] = [case.input for case in vector_cases[:10]]
    inputs.insert(5, bad_item)
    with pytest.raises(TypeError):
        stone.validate_barcodes(inputs)


def test_validate_barcodes_propagates_iterator_errors() -> None:
    def broken() -> Iterator[str]:
        yield "34199999900000123451090000012345678901234567"
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError, match="source failed"):
        stone.validate_barcodes(broken())


# --------------------------------------------------------------------------
# Builders reproduce the vectors


def test_builders_reproduce_every_valid_vector(vector_cases: Tuple[VectorCase, ...]) -> None:
    """Building from the decoded fields gives back the vector's barcode."""
    mismatches: List[str] = []
    built = 0
    for case in vector_cases:
        if case.expected is None:
            continue
        e = case.expected
        doc: Document
        if e["kind"] == "bank":
            doc = stone.build_bank_boleto(e["bank_code"], e["amount_cents"], e["free_field"], e["due_date"])
        else:
            value = e["amount_cents"] if e["amount_cents"] is not None else e["reference_value"]
            doc = stone.build_collection_document(
                e["segment"], e["value_type"], value, e["company_id"], e["free_field"]
            )
        built += 1
        if doc.to_dict() != e:
            mismatches.append(case.param_id)
    assert built > 0
    assert mismatches == []
