"""The Pythonic surface of stone_openbank: types, dunders, exceptions, dates,
builders, conversions, CPF/CNPJ and the installed distribution.

Literal barcodes and their decoded fields below are copied from the shared
vectors (``shared/testdata/boleto/edge-cases.json``, case id in the comment);
CPF/CNPJ check digits are checked against an independent implementation of
the Receita Federal rule written here.
"""

from __future__ import annotations

import copy
import datetime
import importlib.metadata
import json
import pickle
import random
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple, Type, Union

import pytest

import stone_openbank as stone
import stone_openbank._native as native
import stone_openbank.errors as errors

Document = Union[stone.BankBoleto, stone.CollectionDocument]

REFERENCE = datetime.date(2026, 11, 26)

# factor-9999-barcode / factor-9999-line
BANK_BARCODE = "34199999900000123451090000012345678901234567"
BANK_LINE = "34191090080001234567489012345677999990000012345"
BANK_PRINTED = "34191.09008 00012.345674 89012.345677 9 99990000012345"
BANK_FIELDS: Dict[str, Any] = {
    "kind": "bank",
    "bank_code": "341",
    "currency_code": "9",
    "due_factor": 9999,
    "due_date": "2025-02-21",
    "amount_cents": 12345,
    "free_field": "1090000012345678901234567",
    "barcode": BANK_BARCODE,
    "digitable_line": BANK_LINE,
}
# factor-1000-new-barcode / factor-1000-old-barcode: one barcode, two cycles.
FACTOR_1000_BARCODE = "34194100000000123451090000012345678901234567"
# no-due-date-barcode
NO_DUE_DATE_BARCODE = "34197000000000009901090000012345678901234567"
# energy-barcode / masked-collection (segment 3, value type 8)
COLLECTION_BARCODE = "83860000005096000190000008017823000034306271"
COLLECTION_LINE = "838600000050096000190009000801782309000343062712"
COLLECTION_PRINTED = "83860000005-0 09600019000-9 00080178230-9 00034306271-2"
# vt7-reference-barcode (value type 7: a reference value, not money)
REFERENCE_VALUE_BARCODE = "85720000000000101230000000000000000000000001"
# amount-altered: the amount of bb-line changed, only the general digit catches it
AMOUNT_ALTERED_LINE = "00190000090114971860168524522114675860000102657"

FIRST_FACTOR_DAY = datetime.date(1997, 10, 7)  # factor 0 of the first cycle


class NotADate:
    def __repr__(self) -> str:
        return "NotADate()"


DateLike = Union[datetime.date, str]  # what reference_date and due_date accept


def parse_bank(text: str, reference: DateLike = REFERENCE) -> stone.BankBoleto:
    doc = stone.parse_barcode(text, reference_date=reference)
    assert isinstance(doc, stone.BankBoleto)
    return doc


def parse_collection(text: str) -> stone.CollectionDocument:
    doc = stone.parse_barcode(text, reference_date=REFERENCE)
    assert isinstance(doc, stone.CollectionDocument)
    return doc


# --------------------------------------------------------------------------
# The installed distribution


def test_imported_from_the_installed_wheel_not_the_source_tree() -> None:
    package_file = Path(stone.__file__).resolve()
    native_file = Path(native.__file__).resolve()
    source_tree = Path(__file__).resolve().parents[1] / "python"
    for path in (package_file, native_file):
        assert "site-packages" in path.parts, path
        assert not path.is_relative_to(source_tree), path
    # The module is the file the installed distribution recorded.
    dist = importlib.metadata.distribution("stone-openbank")
    installed = Path(str(dist.locate_file("stone_openbank/__init__.py"))).resolve()
    assert installed == package_file
    recorded = {str(f) for f in dist.files or []}
    assert "stone_openbank/py.typed" in recorded
    assert "stone_openbank/_native.pyi" in recorded


def test_version_is_the_distribution_version() -> None:
    assert isinstance(stone.__version__, str)
    assert re.fullmatch(r"\d+\.\d+\.\d+([.+-].*)?", stone.__version__)
    assert stone.__version__ == importlib.metadata.version("stone-openbank")


def test_all_names_exist() -> None:
    missing = [name for name in stone.__all__ if not hasattr(stone, name)]
    assert missing == []
    assert len(set(stone.__all__)) == len(stone.__all__)


# --------------------------------------------------------------------------
# Decoded documents: attributes and types


def test_bank_boleto_attributes() -> None:
    doc = parse_bank(BANK_PRINTED)
    assert doc.kind == "bank"
    assert doc.bank_code == "341"
    assert doc.currency_code == "9"
    assert doc.due_factor == 9999 and type(doc.due_factor) is int
    assert doc.due_date == datetime.date(2025, 2, 21)
    assert type(doc.due_date) is datetime.date
    assert doc.amount_cents == 12345 and type(doc.amount_cents) is int
    assert doc.free_field == "1090000012345678901234567"
    assert doc.barcode == BANK_BARCODE
    assert doc.digitable_line == BANK_LINE
    assert doc.formatted_line == BANK_PRINTED


def test_bank_boleto_without_due_date() -> None:
    doc = parse_bank(NO_DUE_DATE_BARCODE)
    assert doc.due_factor == 0
    assert doc.due_date is None
    assert doc.amount_cents == 990
    assert doc.to_dict()["due_date"] is None


def test_collection_document_attributes() -> None:
    doc = parse_collection(COLLECTION_PRINTED)
    assert doc.kind == "collection"
    assert (doc.segment, doc.value_type) == (3, 8)
    assert type(doc.segment) is int and type(doc.value_type) is int
    assert doc.check_digit_method == "mod11"
    assert doc.amount_cents == 50960 and type(doc.amount_cents) is int
    assert doc.reference_value is None
    assert doc.company_id == "0019"
    assert doc.free_field == "0000008017823000034306271"
    assert doc.barcode == COLLECTION_BARCODE
    assert doc.digitable_line == COLLECTION_LINE
    assert doc.formatted_line == COLLECTION_PRINTED


def test_reference_value_is_not_an_amount() -> None:
    doc = parse_collection(REFERENCE_VALUE_BARCODE)
    assert doc.value_type == 7
    assert doc.check_digit_method == "mod10"
    assert doc.amount_cents is None
    assert doc.reference_value == 1 and type(doc.reference_value) is int


def test_documents_are_immutable() -> None:
    doc = parse_bank(BANK_BARCODE)
    with pytest.raises(AttributeError):
        setattr(doc, "amount_cents", 1)
    assert doc.amount_cents == 12345


# --------------------------------------------------------------------------
# to_dict and repr


def test_to_dict() -> None:
    doc = parse_bank(BANK_BARCODE)
    d = doc.to_dict()
    assert d == BANK_FIELDS
    assert list(d) == list(BANK_FIELDS)  # the vectors' key order
    assert json.loads(json.dumps(d)) == d  # JSON-ready
    d["amount_cents"] = 0  # a fresh dict: the document is untouched
    assert doc.amount_cents == 12345
    assert doc.to_dict() == BANK_FIELDS


def test_collection_to_dict_keys() -> None:
    d = parse_collection(COLLECTION_BARCODE).to_dict()
    assert list(d) == [
        "kind",
        "segment",
        "value_type",
        "check_digit_method",
        "amount_cents",
        "reference_value",
        "company_id",
        "free_field",
        "barcode",
        "digitable_line",
    ]
    assert json.loads(json.dumps(d)) == d


def test_repr_is_informative() -> None:
    bank = repr(parse_bank(BANK_BARCODE))
    assert bank.startswith("BankBoleto(") and bank.endswith(")")
    for part in ("341", "12345", BANK_BARCODE, "2025"):
        assert part in bank, part
    collection = repr(parse_collection(COLLECTION_BARCODE))
    assert collection.startswith("CollectionDocument(") and collection.endswith(")")
    for part in ("50960", COLLECTION_BARCODE):
        assert part in collection, part
    assert "529.982.247-25" in repr(stone.parse_cpf("52998224725"))
    assert repr(stone.parse_cpf("52998224725")).startswith("Cpf(")
    assert "12.ABC.345/01DE-35" in repr(stone.parse_cnpj("12ABC34501DE35"))
    assert repr(stone.parse_cnpj("12ABC34501DE35")).startswith("Cnpj(")


# --------------------------------------------------------------------------
# Equality and hashing


def test_equal_forms_are_one_value() -> None:
    forms = [parse_bank(f) for f in (BANK_BARCODE, BANK_LINE, BANK_PRINTED, f"  {BANK_PRINTED}\n")]
    assert len(set(forms)) == 1
    assert all(f == forms[0] and hash(f) == hash(forms[0]) for f in forms)
    table = {forms[0]: "first"}
    assert table[parse_bank(BANK_PRINTED)] == "first"

    collections = {parse_collection(f) for f in (COLLECTION_BARCODE, COLLECTION_LINE, COLLECTION_PRINTED)}
    assert len(collections) == 1


def test_different_values_are_different() -> None:
    bank = parse_bank(BANK_BARCODE)
    other = parse_bank(NO_DUE_DATE_BARCODE)
    collection = parse_collection(COLLECTION_BARCODE)
    assert bank != other and not (bank == other)
    assert bank != collection
    assert bank != BANK_BARCODE  # not equal to its own text
    assert bank != None  # noqa: E711 (the == operator is what is tested)
    assert len({bank, other, collection}) == 3


def test_equality_covers_the_decoded_due_date() -> None:
    # factor-1000-new / factor-1000-old: the same barcode in two cycles.
    new = parse_bank(FACTOR_1000_BARCODE, datetime.date(2026, 11, 26))
    old = parse_bank(FACTOR_1000_BARCODE, datetime.date(2000, 7, 1))
    assert new.due_date == datetime.date(2025, 2, 22)
    assert old.due_date == datetime.date(2000, 7, 3)
    assert new.barcode == old.barcode
    assert new != old


# --------------------------------------------------------------------------
# Exceptions

BARCODE_ERRORS: List[Type[stone.InvalidBarcode]] = [
    stone.InvalidCharacter,
    stone.InvalidLength,
    stone.UnknownCurrency,
    stone.UnknownValueType,
    stone.UnknownSegment,
    stone.CheckDigitMismatch,
    stone.InvalidField,
]


def test_exception_hierarchy() -> None:
    for cls in [*BARCODE_ERRORS, stone.InvalidBarcode, stone.InvalidDocument]:
        assert issubclass(cls, stone.StoneError), cls
        assert issubclass(cls, ValueError), cls
        assert issubclass(cls, Exception), cls
    for cls in BARCODE_ERRORS:
        assert issubclass(cls, stone.InvalidBarcode), cls
    assert not issubclass(stone.InvalidDocument, stone.InvalidBarcode)
    # The package re-exports the very classes of stone_openbank.errors.
    for name in errors.__all__:
        assert getattr(stone, name) is getattr(errors, name), name


def test_value_error_handlers_catch_sdk_errors() -> None:
    with pytest.raises(ValueError):
        stone.parse_barcode("not a boleto")
    with pytest.raises(ValueError):
        stone.parse_cpf("123")


def _raise_each() -> List[Tuple[str, Callable[[], object]]]:
    return [
        ("character", lambda: stone.parse_barcode("ABCDE.FGHIJ")),  # letters
        ("length", lambda: stone.parse_barcode("")),  # empty
        ("currency", lambda: stone.parse_barcode("00171234566789012345767890123457190000000015000")),
        ("value_type", lambda: stone.parse_barcode("85500000000000000000000000000000000000000000")),
        ("segment", lambda: stone.parse_barcode("806900000019234501235555000000000000000003141645")),
        ("check_digit", lambda: stone.parse_barcode(AMOUNT_ALTERED_LINE)),
        ("field", lambda: stone.build_bank_boleto("34", 100, "1" * 25)),
        ("document", lambda: stone.parse_cpf("529.982.247-24")),
    ]


@pytest.mark.parametrize("label, action", _raise_each(), ids=[label for label, _ in _raise_each()])
def test_exceptions_survive_pickle_and_copy(label: str, action: Callable[[], object]) -> None:
    with pytest.raises(stone.StoneError) as info:
        action()
    error = info.value
    assert error.error_class and error.message
    fields = vars(error)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(error, protocol))
        assert type(again) is type(error)
        assert vars(again) == fields
        assert again.args == error.args
        assert str(again) == str(error)
    duplicate = copy.deepcopy(error)
    assert type(duplicate) is type(error) and vars(duplicate) == fields
    # Still raisable and catchable as what it is.
    with pytest.raises(type(error)):
        raise pickle.loads(pickle.dumps(error))


def test_check_digit_error_fields() -> None:
    with pytest.raises(stone.CheckDigitMismatch) as info:
        stone.parse_barcode(AMOUNT_ALTERED_LINE)
    e = info.value
    assert e.error_class == "check_digit"
    assert e.digit == "general"
    assert e.found != e.expected
    assert type(e.found) is int and type(e.expected) is int
    assert e.position is not None and AMOUNT_ALTERED_LINE[e.position] == str(e.found)
    # Putting the expected digit there repairs the line.
    fixed = AMOUNT_ALTERED_LINE[: e.position] + str(e.expected) + AMOUNT_ALTERED_LINE[e.position + 1 :]
    assert stone.is_valid_barcode(fixed)
    assert parse_bank(fixed).amount_cents == 102657


def test_positions_count_characters_not_bytes() -> None:
    # A non-ASCII separator (no-break space) before the fault: the position is
    # an index into the Python string.
    text = "\u00a0\u00a0" + BANK_PRINTED + "x"
    with pytest.raises(stone.InvalidCharacter) as info:
        stone.parse_barcode(text)
    assert info.value.position is not None
    assert text[info.value.position] == "x" == info.value.found
    altered = "\u00a0" + BANK_PRINTED[:-1] + "6"
    with pytest.raises(stone.CheckDigitMismatch) as cd:
        stone.parse_barcode(altered)
    assert cd.value.position is not None
    assert altered[cd.value.position] == str(cd.value.found)


@pytest.mark.parametrize("text", ["１２３", "\u0663" + BANK_LINE[1:], "😀" + BANK_LINE])
def test_non_ascii_characters_are_refused_with_their_position(text: str) -> None:
    with pytest.raises(stone.InvalidCharacter) as info:
        stone.parse_barcode(text)
    assert info.value.position is not None
    assert text[info.value.position] == info.value.found
    assert stone.is_valid_barcode(text) is False


def test_lone_surrogate_is_an_invalid_character() -> None:
    text = "\udcff" + BANK_LINE
    assert stone.is_valid_barcode(text) is False
    with pytest.raises(stone.InvalidCharacter):
        stone.parse_barcode(text)


# --------------------------------------------------------------------------
# reference_date


@pytest.mark.parametrize(
    "reference, expected_due",
    [
        (datetime.date(2026, 11, 26), datetime.date(2025, 2, 22)),
        (datetime.datetime(2026, 11, 26, 23, 59, 59), datetime.date(2025, 2, 22)),
        ("2026-11-26", datetime.date(2025, 2, 22)),
        (datetime.date(2000, 7, 1), datetime.date(2000, 7, 3)),
        (datetime.datetime(2000, 7, 1, 0, 0), datetime.date(2000, 7, 3)),
        ("2000-07-01", datetime.date(2000, 7, 3)),
    ],
)
def test_reference_date_forms(reference: DateLike, expected_due: datetime.date) -> None:
    # factor-1000-new / factor-1000-old
    assert parse_bank(FACTOR_1000_BARCODE, reference).due_date == expected_due


def test_reference_date_picks_the_nearest_cycle() -> None:
    first = datetime.date(2000, 7, 3)  # factor 1000, first cycle
    second = first + datetime.timedelta(days=9000)
    assert second == datetime.date(2025, 2, 22)
    middle = first + datetime.timedelta(days=4500)
    before = parse_bank(FACTOR_1000_BARCODE, middle - datetime.timedelta(days=1))
    after = parse_bank(FACTOR_1000_BARCODE, middle + datetime.timedelta(days=1))
    assert before.due_date == first
    assert after.due_date == second


def test_reference_date_defaults_to_today_in_brasilia() -> None:
    brasilia = datetime.timezone(datetime.timedelta(hours=-3))
    today = datetime.datetime.now(brasilia).date()
    implicit = stone.parse_barcode(FACTOR_1000_BARCODE)
    explicit = stone.parse_barcode(FACTOR_1000_BARCODE, reference_date=today)
    assert implicit == explicit


@pytest.mark.parametrize(
    "garbage",
    [
        12,
        3.5,
        b"2026-11-26",
        NotADate(),
        [2026, 11, 26],
        (2026, 11, 26),
        "garbage",
        "",
        "2026-13-01",
        "2026-02-30",
        "2026-11-31",
        "26/11/2026",
        "2026/11/26",
        "2026-11-26 extra",
    ],
    ids=repr,
)
def test_reference_date_garbage_is_refused(garbage: Any) -> None:
    # ``garbage`` is typed Any on purpose: the wrong types are the test.
    with pytest.raises((TypeError, ValueError)) as info:
        stone.parse_barcode(BANK_BARCODE, reference_date=garbage)
    # A bad date is not a bad barcode.
    assert not isinstance(info.value, stone.InvalidBarcode)


@pytest.mark.parametrize(
    "reference",
    [datetime.date.min, datetime.date.max, datetime.datetime.min, datetime.datetime.max, "0001-01-01", "9999-12-31"],
    ids=repr,
)
def test_extreme_reference_dates_do_not_crash(reference: DateLike) -> None:
    doc = parse_bank(FACTOR_1000_BARCODE, reference)
    assert doc.due_factor == 1000
    assert doc.barcode == FACTOR_1000_BARCODE
    assert doc.due_date is None or type(doc.due_date) is datetime.date


# --------------------------------------------------------------------------
# Builders


def _factor_for(date: datetime.date) -> int:
    """The README's factor rule, written independently of the package."""
    days = (date - FIRST_FACTOR_DAY).days
    return days if days < 1000 else (days - 1000) % 9000 + 1000


def test_build_bank_boleto_matches_the_vector() -> None:
    for due in (datetime.date(2025, 2, 21), datetime.datetime(2025, 2, 21, 8, 30), "2025-02-21"):
        doc = stone.build_bank_boleto("341", 12345, "1090000012345678901234567", due)
        assert isinstance(doc, stone.BankBoleto)
        assert doc.to_dict() == BANK_FIELDS
        assert doc == parse_bank(BANK_PRINTED)


def test_build_bank_boleto_without_due_date() -> None:
    doc = stone.build_bank_boleto("341", 990, "1090000012345678901234567")
    assert doc.due_factor == 0 and doc.due_date is None
    assert doc.barcode == NO_DUE_DATE_BARCODE  # no-due-date-barcode
    assert parse_bank(doc.formatted_line) == doc


def test_build_bank_boleto_round_trips_across_cycles() -> None:
    day = datetime.date(1997, 10, 8)  # factor 1, the first expressible date
    end = datetime.date(2060, 1, 1)
    checked = 0
    while day < end:
        for amount in (0, 1, 9_999_999_999):
            doc = stone.build_bank_boleto("001", amount, "0000001149718606852452211", day)
            assert doc.due_date == day
            assert doc.due_factor == _factor_for(day), day
            assert doc.amount_cents == amount
            for form in (doc.barcode, doc.digitable_line, doc.formatted_line):
                assert parse_bank(form, day) == doc, (day, form)
            checked += 1
        day += datetime.timedelta(days=97)
    assert checked > 500


@pytest.mark.parametrize("segment", [1, 2, 3, 4, 5, 6, 7, 9])
@pytest.mark.parametrize("value_type", [6, 7, 8, 9])
def test_build_collection_document_round_trips(segment: int, value_type: int) -> None:
    company = "11222333" if segment == 6 else "0019"
    free_field = "1" * 21 if segment == 6 else "0000008017823000034306271"
    for value in (0, 12345, 99_999_999_999):
        doc = stone.build_collection_document(segment, value_type, value, company, free_field)
        assert (doc.segment, doc.value_type) == (segment, value_type)
        assert doc.check_digit_method == ("mod10" if value_type in (6, 7) else "mod11")
        if value_type in (6, 8):
            assert (doc.amount_cents, doc.reference_value) == (value, None)
        else:
            assert (doc.amount_cents, doc.reference_value) == (None, value)
        assert doc.company_id == company
        assert doc.free_field == free_field
        assert doc.barcode.startswith(f"8{segment}{value_type}")
        assert len(doc.barcode) == 44 and len(doc.digitable_line) == 48
        for form in (doc.barcode, doc.digitable_line, doc.formatted_line):
            assert parse_collection(form) == doc


def test_build_collection_document_matches_the_vector() -> None:
    # energy-barcode
    doc = stone.build_collection_document(3, 8, 50960, "0019", "0000008017823000034306271")
    assert doc.barcode == COLLECTION_BARCODE
    assert doc.digitable_line == COLLECTION_LINE


FREE = "1090000012345678901234567"

INVALID_FIELDS: List[Tuple[str, Callable[[], object]]] = [
    ("bank_code", lambda: stone.build_bank_boleto("34", 100, FREE)),
    ("bank_code", lambda: stone.build_bank_boleto("34a", 100, FREE)),
    ("bank_code", lambda: stone.build_bank_boleto("3411", 100, FREE)),
    ("amount_cents", lambda: stone.build_bank_boleto("341", -1, FREE)),
    ("amount_cents", lambda: stone.build_bank_boleto("341", 10_000_000_000, FREE)),
    ("free_field", lambda: stone.build_bank_boleto("341", 100, FREE[:-1])),
    ("free_field", lambda: stone.build_bank_boleto("341", 100, FREE[:-1] + "x")),
    ("due_date", lambda: stone.build_bank_boleto("341", 100, FREE, datetime.date(1997, 10, 7))),
    ("segment", lambda: stone.build_collection_document(0, 6, 1, "0019", "0" * 25)),
    ("segment", lambda: stone.build_collection_document(8, 6, 1, "0019", "0" * 25)),
    ("segment", lambda: stone.build_collection_document(10, 6, 1, "0019", "0" * 25)),
    ("value_type", lambda: stone.build_collection_document(1, 5, 1, "0019", "0" * 25)),
    ("value_type", lambda: stone.build_collection_document(1, 10, 1, "0019", "0" * 25)),
    ("value", lambda: stone.build_collection_document(1, 6, -1, "0019", "0" * 25)),
    ("value", lambda: stone.build_collection_document(1, 6, 100_000_000_000, "0019", "0" * 25)),
    ("company_id", lambda: stone.build_collection_document(1, 6, 1, "001", "0" * 25)),
    ("company_id", lambda: stone.build_collection_document(1, 6, 1, "001x", "0" * 25)),
    ("company_id", lambda: stone.build_collection_document(6, 6, 1, "0019", "0" * 21)),
    ("free_field", lambda: stone.build_collection_document(1, 6, 1, "0019", "0" * 21)),
    ("free_field", lambda: stone.build_collection_document(6, 6, 1, "11222333", "0" * 25)),
]


@pytest.mark.parametrize("field, action", INVALID_FIELDS, ids=[f"{f}-{i}" for i, (f, _) in enumerate(INVALID_FIELDS)])
def test_builders_refuse_bad_fields(field: str, action: Callable[[], object]) -> None:
    with pytest.raises(stone.InvalidField) as info:
        action()
    assert info.value.field == field
    assert isinstance(info.value, stone.InvalidBarcode)
    assert info.value.error_class and info.value.message


@pytest.mark.parametrize(
    "action",
    [
        lambda: stone.build_collection_document(256, 6, 1, "0019", "0" * 25),
        lambda: stone.build_collection_document(-1, 6, 1, "0019", "0" * 25),
        lambda: stone.build_collection_document(1, 300, 1, "0019", "0" * 25),
        lambda: stone.build_bank_boleto("341", 2**64, FREE),
    ],
    ids=["segment-256", "segment--1", "value_type-300", "amount-2**64"],
)
def test_builders_refuse_out_of_range_ints_as_invalid_field(action: Callable[[], object]) -> None:
    with pytest.raises(stone.InvalidField):
        action()


def test_builders_refuse_wrong_types() -> None:
    # Typed Any on purpose: wrong types at run time are the point.
    text_amount: Any = "100"
    float_amount: Any = 1.5
    int_date: Any = 20250221
    with pytest.raises(TypeError):
        stone.build_bank_boleto("341", text_amount, FREE)
    with pytest.raises(TypeError):
        stone.build_bank_boleto("341", float_amount, FREE)
    with pytest.raises((TypeError, ValueError)):
        stone.build_bank_boleto("341", 100, FREE, int_date)


# --------------------------------------------------------------------------
# Conversions


@pytest.mark.parametrize(
    "text, barcode, line, printed",
    [
        (BANK_PRINTED, BANK_BARCODE, BANK_LINE, BANK_PRINTED),
        (BANK_BARCODE, BANK_BARCODE, BANK_LINE, BANK_PRINTED),
        (BANK_LINE, BANK_BARCODE, BANK_LINE, BANK_PRINTED),
        (COLLECTION_PRINTED, COLLECTION_BARCODE, COLLECTION_LINE, COLLECTION_PRINTED),
        (COLLECTION_BARCODE, COLLECTION_BARCODE, COLLECTION_LINE, COLLECTION_PRINTED),
        (COLLECTION_LINE, COLLECTION_BARCODE, COLLECTION_LINE, COLLECTION_PRINTED),
    ],
)
def test_conversions(text: str, barcode: str, line: str, printed: str) -> None:
    assert stone.to_barcode(text) == barcode
    assert stone.to_digitable_line(text) == line
    assert stone.format_line(text) == printed
    # Idempotent, and consistent with each other.
    assert stone.to_barcode(stone.to_digitable_line(text)) == barcode
    assert stone.to_digitable_line(stone.to_barcode(text)) == line
    assert stone.format_line(stone.format_line(text)) == printed


@pytest.mark.parametrize("function", [stone.to_barcode, stone.to_digitable_line, stone.format_line])
def test_conversions_refuse_invalid_input(function: Callable[[str], str]) -> None:
    with pytest.raises(stone.CheckDigitMismatch):
        function(AMOUNT_ALTERED_LINE)
    with pytest.raises(stone.InvalidLength):
        function(BANK_LINE[:-1])


def test_validate_barcode() -> None:
    validate: Callable[[str], object] = stone.validate_barcode
    assert validate(BANK_PRINTED) is None
    assert validate(COLLECTION_LINE) is None
    with pytest.raises(stone.CheckDigitMismatch):
        stone.validate_barcode(AMOUNT_ALTERED_LINE)
    assert stone.is_valid_barcode(BANK_PRINTED) is True
    assert stone.is_valid_barcode(AMOUNT_ALTERED_LINE) is False


def test_non_str_input_is_a_type_error() -> None:
    functions: List[Callable[[Any], object]] = [
        stone.parse_barcode,
        stone.is_valid_barcode,
        stone.validate_barcode,
        stone.to_barcode,
        stone.parse_cpf,
        stone.is_valid_cnpj,
    ]
    for bad in (None, 123, BANK_BARCODE.encode()):
        for function in functions:
            with pytest.raises(TypeError):
                function(bad)


# --------------------------------------------------------------------------
# CPF and CNPJ


def _dv(values: List[int], weights: List[int]) -> int:
    remainder = sum(v * w for v, w in zip(values, weights)) % 11
    return 0 if remainder < 2 else 11 - remainder


def reference_cpf_valid(digits: str) -> bool:
    values = [int(c) for c in digits]
    return (
        len(set(digits)) > 1
        and values[9] == _dv(values[:9], list(range(10, 1, -1)))
        and values[10] == _dv(values[:10], list(range(11, 1, -1)))
    )


CNPJ_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]


def cnpj_check_digits(root12: str) -> str:
    """Receita's rule for numeric and alphanumeric CNPJ: value = ord(c) - 48."""
    values = [ord(c) - 48 for c in root12]
    first = _dv(values, CNPJ_WEIGHTS)
    second = _dv(values + [first], [6, *CNPJ_WEIGHTS])
    return f"{first}{second}"


def test_cpf() -> None:
    cpf = stone.parse_cpf("529.982.247-25")
    assert isinstance(cpf, stone.Cpf)
    assert cpf.digits == "52998224725"
    assert cpf.formatted == "529.982.247-25"
    assert str(cpf) == "529.982.247-25"
    same = stone.parse_cpf(" 52998224725 ")
    assert cpf == same and hash(cpf) == hash(same)
    assert len({cpf, same, stone.parse_cpf("111.444.777-35")}) == 2
    assert stone.is_valid_cpf("529.982.247-25") is True
    assert stone.is_valid_cpf("529.982.247-24") is False


def test_alphanumeric_cnpj() -> None:
    cnpj = stone.parse_cnpj("12ABC34501DE35")
    assert cnpj.digits == "12ABC34501DE35"
    assert cnpj.formatted == "12.ABC.345/01DE-35"
    assert str(cnpj) == "12.ABC.345/01DE-35"
    assert cnpj.root == "12ABC345"
    assert cnpj.is_alphanumeric is True
    assert stone.parse_cnpj("12.ABC.345/01DE-35") == cnpj
    assert hash(stone.parse_cnpj("12.ABC.345/01DE-35")) == hash(cnpj)
    assert cnpj_check_digits("12ABC34501DE") == "35"
    assert stone.is_valid_cnpj("12ABC34501DE35") is True
    assert stone.is_valid_cnpj("12ABC34501DE36") is False


def test_numeric_cnpj() -> None:
    cnpj = stone.parse_cnpj("11.222.333/0001-81")
    assert cnpj.digits == "11222333000181"
    assert cnpj.formatted == "11.222.333/0001-81"
    assert cnpj.root == "11222333"
    assert cnpj.is_alphanumeric is False
    assert cnpj != stone.parse_cnpj("12ABC34501DE35")


DOCUMENT_ERRORS: List[Tuple[Callable[[str], object], str, str]] = [
    (stone.parse_cpf, "529.982.247-24", "check_digit"),
    (stone.parse_cpf, "529.982.247-35", "check_digit"),
    (stone.parse_cpf, "111.111.111-11", "repeated"),
    (stone.parse_cpf, "000.000.000-00", "repeated"),
    (stone.parse_cpf, "5299822472", "length"),
    (stone.parse_cpf, "529982247250", "length"),
    (stone.parse_cpf, "", "length"),
    (stone.parse_cpf, "529.982.247x25", "character"),
    (stone.parse_cpf, "52998224A25", "character"),
    (stone.parse_cnpj, "11.222.333/0001-82", "check_digit"),
    (stone.parse_cnpj, "12ABC34501DE36", "check_digit"),
    (stone.parse_cnpj, "00.000.000/0000-00", "repeated"),
    (stone.parse_cnpj, "1122233300018", "length"),
    (stone.parse_cnpj, "1122233300018!", "character"),
    (stone.parse_cnpj, "12ABC34501DEAB", "character"),  # letters in the check digits
]


@pytest.mark.parametrize(
    "parse, text, error_class",
    DOCUMENT_ERRORS,
    ids=[f"{p.__name__}-{t!r}" for p, t, _ in DOCUMENT_ERRORS],
)
def test_document_errors(parse: Callable[[str], object], text: str, error_class: str) -> None:
    with pytest.raises(stone.InvalidDocument) as info:
        parse(text)
    e = info.value
    assert e.error_class == error_class
    assert isinstance(e, stone.StoneError) and isinstance(e, ValueError)
    assert not isinstance(e, stone.InvalidBarcode)
    if error_class == "character":
        assert e.position is not None and text[e.position] == e.found
    elif error_class == "check_digit":
        assert e.digit in ("dv1", "dv2")
        assert e.found is not None and e.expected is not None and e.found != e.expected
        assert e.position is not None and text[e.position] == e.found
    is_valid = stone.is_valid_cpf if parse is stone.parse_cpf else stone.is_valid_cnpj
    assert is_valid(text) is False


def test_cpf_verdicts_match_the_reference_rule() -> None:
    rng = random.Random(20261126)
    checked = 0
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(11))
        if rng.random() < 0.5:  # half of them with correct check digits
            values = [int(c) for c in digits[:9]]
            first = _dv(values, list(range(10, 1, -1)))
            second = _dv(values + [first], list(range(11, 1, -1)))
            digits = f"{digits[:9]}{first}{second}"
        expected = reference_cpf_valid(digits)
        formatted = f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
        assert stone.is_valid_cpf(digits) is expected, digits
        assert stone.is_valid_cpf(formatted) is expected, formatted
        if expected:
            assert stone.parse_cpf(formatted).digits == digits
            checked += 1
    assert checked > 1000


def test_cnpj_verdicts_match_the_reference_rule() -> None:
    rng = random.Random(1126)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    checked = 0
    for i in range(3000):
        root = "".join(rng.choice(alphabet if i % 2 else "0123456789") for _ in range(12))
        good = root + cnpj_check_digits(root)
        bad_digits = f"{(int(good[12]) + 1 + rng.randrange(9)) % 10}{good[13]}"
        bad = root + bad_digits
        assert stone.is_valid_cnpj(good) is (len(set(good)) > 1), good
        assert stone.is_valid_cnpj(bad) is False, bad
        cnpj = stone.parse_cnpj(good)
        assert cnpj.digits == good
        assert cnpj.is_alphanumeric is any(c.isalpha() for c in good)
        assert cnpj.formatted == f"{good[:2]}.{good[2:5]}.{good[5:8]}/{good[8:12]}-{good[12:]}"
        checked += 1
    assert checked == 3000


# --------------------------------------------------------------------------
# Documents as values across processes


@pytest.mark.parametrize("text", [BANK_BARCODE, COLLECTION_BARCODE])
def test_documents_pickle(text: str) -> None:
    doc = stone.parse_barcode(text, reference_date=REFERENCE)
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert copy.copy(doc) == doc


# --------------------------------------------------------------------------
# Regressions of API warts found in review (now fixed)


def test_a_str_is_not_a_batch() -> None:
    with pytest.raises(TypeError):
        stone.validate_barcodes(BANK_LINE)


def test_far_future_reference_keeps_the_due_date() -> None:
    doc = stone.parse_barcode(
        "34194100000000123451090000012345678901234567", reference_date="9999-12-31"
    )
    assert isinstance(doc, stone.BankBoleto)
    assert doc.due_date is not None


@pytest.mark.parametrize(
    "text",
    ["2026-W48-4", "2026-330", "20261126", "+002026-11-26", "2026-11-26T00:00", "2026-13-01"],
)
def test_reference_date_strings_are_strict(text: str) -> None:
    with pytest.raises(ValueError):
        stone.parse_barcode(BANK_LINE, reference_date=text)


def test_bool_is_not_an_amount() -> None:
    with pytest.raises(TypeError):
        stone.build_bank_boleto("341", True, "0" * 25)
