"""stone_openbank: an independent SDK for the Stone Banking API (Conta Stone).

Not a Stone product. Boletos, arrecadação barcodes and CPF/CNPJ today; the
API client joins them in the same package. Money is always integer centavos.
"""

from __future__ import annotations

from ._native import (
    BankBoleto,
    Cnpj,
    CollectionDocument,
    Cpf,
    __version__,
    build_bank_boleto,
    build_collection_document,
    format_line,
    is_valid_barcode,
    is_valid_cnpj,
    is_valid_cpf,
    parse_barcode,
    parse_cnpj,
    parse_cpf,
    to_barcode,
    to_digitable_line,
    validate_barcode,
    validate_barcodes,
)
from .errors import (
    CheckDigitMismatch,
    InvalidBarcode,
    InvalidCharacter,
    InvalidDocument,
    InvalidField,
    InvalidLength,
    StoneError,
    UnknownCurrency,
    UnknownSegment,
    UnknownValueType,
)

__all__ = [
    "__version__",
    "BankBoleto",
    "CollectionDocument",
    "Cpf",
    "Cnpj",
    "parse_barcode",
    "is_valid_barcode",
    "validate_barcode",
    "validate_barcodes",
    "to_barcode",
    "to_digitable_line",
    "format_line",
    "build_bank_boleto",
    "build_collection_document",
    "parse_cpf",
    "parse_cnpj",
    "is_valid_cpf",
    "is_valid_cnpj",
    "StoneError",
    "InvalidBarcode",
    "InvalidCharacter",
    "InvalidLength",
    "UnknownCurrency",
    "UnknownValueType",
    "UnknownSegment",
    "CheckDigitMismatch",
    "InvalidField",
    "InvalidDocument",
]
