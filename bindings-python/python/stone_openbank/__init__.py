"""stone_openbank: an independent SDK for the Stone Banking API (Conta Stone).

Not a Stone product. The API client (:class:`Client`, :class:`AsyncClient`)
with typed models, boletos and arrecadação barcodes, CPF/CNPJ. Money is
always integer centavos; dates are ``datetime.date``.
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
from . import _models as models
from ._client import AsyncClient, Client
from ._models import *  # noqa: F401,F403  (every model, typed)
from . import _models
from .errors import (
    ApiError,
    ApiReason,
    AuthenticationError,
    ConflictError,
    DecodeError,
    InvalidInput,
    NotFoundError,
    RateLimitError,
    RequestTimeoutError,
    TransportError,
    UnprocessableEntityError,
    WebhookError,
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
    "Client",
    "AsyncClient",
    "models",
    "InvalidInput",
    "ApiError",
    "ApiReason",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "AuthenticationError",
    "RequestTimeoutError",
    "TransportError",
    "DecodeError",
    "WebhookError",
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

__all__ += _models.__all__
