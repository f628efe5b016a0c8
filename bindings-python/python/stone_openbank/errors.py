"""The exceptions of stone_openbank.

Every error the SDK raises derives from :class:`StoneError`; input errors also
derive from :class:`ValueError`, so code that already catches ``ValueError``
keeps working. Each class carries the fields a caller acts on; ``error_class``
is the stable name shared with every other language of the SDK.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple, Type, Union

__all__ = [
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
]


class StoneError(Exception):
    """Base class of every exception raised by stone_openbank."""

    def __init__(self, message: str, *, error_class: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.error_class = error_class

    def __reduce__(
        self,
    ) -> Tuple[Callable[..., "StoneError"], Tuple[Type["StoneError"], str, Dict[str, Any]]]:
        # Keyword-only fields survive pickling (multiprocessing, Celery).
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))


def _rebuild(cls: Type[StoneError], message: str, state: Dict[str, Any]) -> StoneError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InvalidBarcode(StoneError, ValueError):
    """A boleto or arrecadação barcode/line that is not valid.

    ``position`` is the 0-based index of the offending character in the input
    (separators included), when the error points at one.
    """

    def __init__(
        self,
        message: str,
        *,
        error_class: str,
        position: Optional[int] = None,
        **fields: Union[str, int, None],
    ) -> None:
        super().__init__(message, error_class=error_class)
        self.position = position
        for name, value in fields.items():
            setattr(self, name, value)


class InvalidCharacter(InvalidBarcode):
    """A character that is neither a digit nor a separator; ``found`` is it."""

    found: str


class InvalidLength(InvalidBarcode):
    """Not 44 digits, a 47-digit bank line nor a 48-digit arrecadação line;
    ``digits`` is how many digits the input had."""

    digits: int


class UnknownCurrency(InvalidBarcode):
    """A bank boleto whose currency code (``found``) is not 9."""

    found: int


class UnknownValueType(InvalidBarcode):
    """An arrecadação value type (``found``) other than 6, 7, 8 or 9."""

    found: int


class UnknownSegment(InvalidBarcode):
    """An arrecadação segment (``found``) 0 or 8."""

    found: int


class CheckDigitMismatch(InvalidBarcode):
    """A check digit that does not match: ``digit`` names it (``general``,
    ``field1``..``field3``, ``block1``..``block4``), with the digit ``found``
    and the one ``expected``."""

    digit: str
    found: int
    expected: int


class InvalidField(InvalidBarcode):
    """A builder argument (``field``) out of range or malformed."""

    field: str


class InvalidDocument(StoneError, ValueError):
    """A CPF or CNPJ that is not valid. ``error_class`` is ``character``,
    ``length``, ``repeated`` or ``check_digit``; ``position``, ``digit``,
    ``found`` and ``expected`` are set where they apply (else ``None``)."""

    def __init__(
        self,
        message: str,
        *,
        error_class: str,
        position: Optional[int] = None,
        digit: Optional[str] = None,
        found: Optional[str] = None,
        expected: Optional[str] = None,
    ) -> None:
        super().__init__(message, error_class=error_class)
        self.position = position
        self.digit = digit
        self.found = found
        self.expected = expected


class InvalidPix(StoneError, ValueError):
    """A BR Code, a charge to build or a Pix key that is not valid.
    ``error_class`` is ``structure``, ``crc``, ``field`` or ``key``;
    ``position`` (in the input), ``field`` and ``id`` (the EMV id path, e.g.
    ``60``), ``found``/``expected`` (the CRC) and ``key_type`` are set where
    they apply (else ``None``)."""

    def __init__(
        self,
        message: str,
        *,
        error_class: str,
        position: Optional[int] = None,
        field: Optional[str] = None,
        id: Optional[str] = None,
        found: Optional[str] = None,
        expected: Optional[str] = None,
        key_type: Optional[str] = None,
    ) -> None:
        super().__init__(message, error_class=error_class)
        self.position = position
        self.field = field
        self.id = id
        self.found = found
        self.expected = expected
        self.key_type = key_type


# The API client's errors: each carries what a caller acts on. They are made
# from the core's error JSON by ``_from_core`` (one mapping, used by the
# sync and the async client alike).


class InvalidInput(StoneError, ValueError):
    """Input refused before any request: ``field`` names the argument,
    ``reason`` says why."""

    def __init__(self, message: str, *, field: str, reason: str) -> None:
        super().__init__(message, error_class="invalid_input")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class ApiReason:
    """One entry of Stone's ``reason[]``: what is wrong, and where in the body."""

    error: str
    path: List[str]


class ApiError(StoneError):
    """Stone answered with an error status: ``status``, Stone's error
    ``type`` (``srn:error:...``), ``reasons``, the ``request_id`` to quote to
    Stone's support, and the whole ``body``."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        type: str,
        reasons: List[ApiReason],
        request_id: Optional[str],
        body: Any,
    ) -> None:
        super().__init__(message, error_class="api")
        self.status = status
        self.type = type
        self.reasons = reasons
        self.request_id = request_id
        self.body = body


class NotFoundError(ApiError):
    """404: the resource does not exist (or this application may not see it)."""


class ConflictError(ApiError):
    """409: a conflict, such as an idempotency key reused with another body."""


class UnprocessableEntityError(ApiError):
    """422: Stone understood the request and refused it (``reasons`` say why)."""


class RateLimitError(ApiError):
    """429: too many requests, still refused after the client's retries."""


class AuthenticationError(StoneError):
    """The auth server refused the credentials, or the API refused a token."""

    def __init__(
        self, message: str, *, status: Optional[int], error: str, description: str
    ) -> None:
        super().__init__(message, error_class="authentication")
        self.status = status
        self.error = error
        self.description = description


class RequestTimeoutError(StoneError, TimeoutError):
    """No answer within the client's timeout (after its retries, for reads
    and keyed writes). Also a :class:`TimeoutError`."""

    def __init__(self, message: str, *, timeout_ms: int) -> None:
        super().__init__(message, error_class="timeout")
        self.timeout_ms = timeout_ms


class TransportError(StoneError, ConnectionError):
    """The request could not be sent or its answer read. Also a
    :class:`ConnectionError`."""

    def __init__(self, message: str) -> None:
        super().__init__(message, error_class="transport")


class DecodeError(StoneError):
    """An answer that is not what the API documents."""

    def __init__(self, message: str) -> None:
        super().__init__(message, error_class="decode")


class WebhookError(StoneError):
    """A webhook refused: do not act on it. ``reason`` is ``malformed``,
    ``algorithm``, ``decryption``, ``unknown_key``, ``signature``,
    ``expired``, ``not_yet_valid`` or ``keys``."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, error_class="webhook")
        self.reason = reason


_API_BY_STATUS: Dict[int, Type[ApiError]] = {
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _from_core(text: str) -> StoneError:
    """The core's error JSON (``client::surface::error_json``) as its class."""
    fields: Dict[str, Any] = json.loads(text)
    message = str(fields.get("message", ""))
    kind = fields.get("kind")
    if kind == "invalid_input":
        return InvalidInput(message, field=str(fields["field"]), reason=str(fields["reason"]))
    if kind == "api":
        status = int(fields["status"])
        cls = _API_BY_STATUS.get(status, ApiError)
        reasons = [ApiReason(str(r["error"]), [str(p) for p in r["path"]]) for r in fields["reason"]]
        return cls(
            message,
            status=status,
            type=str(fields["type"]),
            reasons=reasons,
            request_id=fields.get("request_id"),
            body=fields.get("body"),
        )
    if kind == "authentication":
        return AuthenticationError(
            message,
            status=fields.get("status"),
            error=str(fields["error"]),
            description=str(fields["description"]),
        )
    if kind == "timeout":
        return RequestTimeoutError(message, timeout_ms=int(fields["timeout_ms"]))
    if kind == "transport":
        return TransportError(message)
    if kind == "webhook":
        return WebhookError(message, reason=str(fields["reason"]))
    return DecodeError(message)
