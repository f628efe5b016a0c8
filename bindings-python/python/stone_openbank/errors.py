"""The exceptions of stone_openbank.

Every error the SDK raises derives from :class:`StoneError`; input errors also
derive from :class:`ValueError`, so code that already catches ``ValueError``
keeps working. Each class carries the fields a caller acts on; ``error_class``
is the stable name shared with every other language of the SDK.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Tuple, Type, Union

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
