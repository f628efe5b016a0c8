"""The Stone API clients: :class:`Client` (synchronous, for Django, Odoo,
scripts and Celery tasks) and :class:`AsyncClient` (asyncio).

Every operation is a method generated from the Rust core's one list of
operations (``_operations.py``); this module only supplies the transport to
the native client and the Python idioms: typed models, iterators for lists,
context managers, exceptions under :class:`~stone_openbank.StoneError`.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import dataclasses
import datetime
import json
from types import TracebackType
from typing import (
    Any,
    AsyncIterator,
    Callable,
    Dict,
    Iterator,
    Mapping,
    Optional,
    Type,
    TypeVar,
    Union,
)

from ._models import WebhookEvent
from ._native import NativeClient, quiesce
from ._operations import _AsyncOperations, _SyncOperations
from .errors import InvalidInput, _from_core

_T = TypeVar("_T")
_Self = TypeVar("_Self", bound="_Base")

__all__ = ["Client", "AsyncClient"]


def _encode(value: Any) -> Any:
    """Arguments as the core reads them: models as objects, dates as ISO text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _encode(item) for key, item in value.items()}
    return value


def _refuse(value: Any) -> Any:
    raise InvalidInput(
        f"{type(value).__name__} cannot be sent: money is int centavos, dates are datetime.date",
        field="arguments",
        reason=f"unsupported type {type(value).__name__}",
    )


def _dumps(args: Dict[str, Any]) -> str:
    # ASCII-only JSON: text the core cannot take (a lone surrogate) reaches
    # it escaped and is refused there as InvalidInput, not as a
    # UnicodeEncodeError at the border.
    return json.dumps(_encode(args), default=_refuse)


def _config(
    user_agent: str,
    client_id: Optional[str],
    private_key: Union[str, bytes, None],
    access_token: Optional[str],
    environment: Optional[str],
    base_url: Optional[str],
    timeout: Optional[float],
    max_attempts: Optional[int],
) -> str:
    if isinstance(private_key, bytes):
        private_key = private_key.decode("utf-8", errors="replace")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))):
        raise InvalidInput("timeout must be a number of seconds", field="timeout", reason="not a number")
    # NaN and infinities fail the range check, not int() (no ValueError
    # or OverflowError from here); a day is far more than any request needs.
    if timeout is not None and not 0 < timeout <= 86_400:
        raise InvalidInput(
            "timeout must be positive seconds, at most a day", field="timeout", reason="out of range"
        )
    timeout_ms = None if timeout is None else int(timeout * 1000)
    if timeout_ms is not None and timeout_ms <= 0:
        raise InvalidInput("timeout must be at least a millisecond", field="timeout", reason="not positive")
    return json.dumps(
        {
            "user_agent": user_agent,
            "client_id": client_id,
            "private_key": private_key,
            "access_token": access_token,
            "environment": environment,
            "base_url": base_url,
            "timeout_ms": timeout_ms,
            "max_attempts": max_attempts,
        }
    )


def _event_id(headers: Union[Mapping[str, Any], str, None]) -> Optional[str]:
    if headers is None or isinstance(headers, str):
        return headers
    if not isinstance(headers, Mapping):
        raise InvalidInput(
            "headers must be a mapping of the request's headers (or the event id as text)",
            field="headers",
            reason="not a mapping",
        )
    for key, value in headers.items():
        if key.lower() == "x-stone-webhook-event-id":
            return str(value)
    return None


def _check_page_size(page_size: Any) -> None:
    # Checked here, as an InvalidInput: the native side takes 1 to 1000.
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= 1000:
        raise InvalidInput(
            f"page_size must be an int from 1 to 1000, got {page_size!r}"[:200],
            field="page_size",
            reason="out of range",
        )


# At exit, before the interpreter finalizes: no async report may take the
# GIL any more, and those in flight finish (see `quiesce` in client.rs).
atexit.register(quiesce)


class _Base:
    _native: NativeClient

    def __init__(
        self,
        user_agent: str,
        *,
        client_id: Optional[str] = None,
        private_key: Union[str, bytes, None] = None,
        access_token: Optional[str] = None,
        environment: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        max_attempts: Optional[int] = None,
    ) -> None:
        self._native = NativeClient(
            _config(
                user_agent,
                client_id,
                private_key,
                access_token,
                environment,
                base_url,
                timeout,
                max_attempts,
            )
        )
        self._user_agent = user_agent
        self._client_id = client_id

    @classmethod
    def with_access_token(
        cls: Type[_Self],
        user_agent: str,
        access_token: str,
        *,
        environment: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        max_attempts: Optional[int] = None,
    ) -> _Self:
        """A client with a token handed by a backend (the key stays there)."""
        return cls(
            user_agent,
            access_token=access_token,
            environment=environment,
            base_url=base_url,
            timeout=timeout,
            max_attempts=max_attempts,
        )

    def __repr__(self) -> str:
        # Never the key or the token.
        who = f"client_id={self._client_id!r}" if self._client_id else "access_token=<redacted>"
        return f"{type(self).__name__}(user_agent={self._user_agent!r}, {who})"


class Client(_Base, _SyncOperations):
    """The Stone API client, synchronous: the GIL is released while Rust
    waits on the network, so threads run meanwhile, and one client may be
    shared by threads. It keeps working in a child after ``fork()``
    (gunicorn, Celery): the child makes its own connections.

    Build it with the application's key (``client_id`` and ``private_key``,
    PEM) or with ``Client.with_access_token``; ``environment`` is
    ``"sandbox"`` (default) or ``"production"``, or ``base_url`` names a
    local ``stone sandbox``. ``timeout`` is per request, in seconds.

    Cash-outs carry an idempotency key, yours or a generated one, reused on
    every retry. Money is int centavos; dates are ``datetime.date``.
    """

    def _call(self, op: str, args: Dict[str, Any]) -> Any:
        out = self._native.call(op, _dumps(args))
        return json.loads(out) if isinstance(out, str) else out

    def _call_bytes(self, op: str, args: Dict[str, Any]) -> bytes:
        out = self._native.call(op, _dumps(args))
        if not isinstance(out, bytes):
            raise _from_core(json.dumps({"kind": "decode", "message": f"{op} answered no file"}))
        return out

    def _pages(
        self, op: str, args: Dict[str, Any], page_size: int, decode: Callable[[Any], _T]
    ) -> Iterator[_T]:
        text = _dumps(args)
        _check_page_size(page_size)
        native = self._native

        def fetch(after: Optional[str]) -> "concurrent.futures.Future[str]":
            # Runs on the native client's threads, so the next page is on
            # its way while this one is decoded (two pages at most in memory).
            future: concurrent.futures.Future[str] = concurrent.futures.Future()

            def done(result: Any, error: Optional[str]) -> None:
                try:
                    if error is not None:
                        future.set_exception(_from_core(error))
                    else:
                        future.set_result(result)
                except BaseException as e:  # noqa: BLE001 - the waiter must wake
                    if not future.done():
                        future.set_exception(e)

            native.page_async(op, text, after, page_size, done)
            return future

        def walk() -> Iterator[_T]:
            pending: Optional[concurrent.futures.Future[str]] = fetch(None)
            while pending is not None:
                page = json.loads(pending.result())
                after = page["after"]
                pending = None if after is None else fetch(after)
                for item in page["data"]:
                    yield decode(item)

        return walk()

    def verify_webhook(
        self,
        body: Union[str, bytes],
        headers: Union[Mapping[str, Any], str, None] = None,
        *,
        event_id: Optional[str] = None,
    ) -> WebhookEvent:
        """Decrypts and verifies a webhook (the raw body, and the request's
        headers or its ``x-stone-webhook-event-id``) into a typed event;
        raises :class:`~stone_openbank.WebhookError` for anything not sent by
        Stone to this application."""
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        return super().verify_webhook(text, event_id=event_id or _event_id(headers))

    def close(self) -> None:
        """Nothing to release by hand (connections close with the client);
        here so ``with`` and ``contextlib.closing`` read naturally."""

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


def _settle(future: "asyncio.Future[Any]", result: Any, error: Optional[str]) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(_from_core(error))
    else:
        future.set_result(result)


async def _run(start: Callable[[Callable[[Any, Optional[str]], None]], None]) -> Any:
    """Starts a native operation and awaits its result. The operation runs
    on the client's runtime; cancelling the awaiting task stops waiting,
    not the request (a cash-out is never cut in half; its key was sent)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def done(result: Any, error: Optional[str]) -> None:
        try:
            loop.call_soon_threadsafe(_settle, future, result, error)
        except RuntimeError:
            pass  # the event loop is closed: nobody waits any more

    start(done)
    return await future


class AsyncClient(_Base, _AsyncOperations):
    """The Stone API client for asyncio: every operation is a coroutine and
    lists are async iterators (``async for entry in client.statement(id)``).
    Built as :class:`Client`; the work runs on the native client's own
    threads, never blocking the event loop."""

    async def _call(self, op: str, args: Dict[str, Any]) -> Any:
        text = _dumps(args)
        out = await _run(lambda done: self._native.call_async(op, text, done))
        return json.loads(out) if isinstance(out, str) else out

    async def _call_bytes(self, op: str, args: Dict[str, Any]) -> bytes:
        text = _dumps(args)
        out = await _run(lambda done: self._native.call_async(op, text, done))
        if not isinstance(out, bytes):
            raise _from_core(json.dumps({"kind": "decode", "message": f"{op} answered no file"}))
        return out

    def _pages(
        self, op: str, args: Dict[str, Any], page_size: int, decode: Callable[[Any], _T]
    ) -> AsyncIterator[_T]:
        text = _dumps(args)
        _check_page_size(page_size)
        native = self._native

        def fetch(after: Optional[str]) -> "asyncio.Task[Any]":
            # The next page is on its way while this one is decoded.
            return asyncio.ensure_future(
                _run(lambda done: native.page_async(op, text, after, page_size, done))
            )

        async def walk() -> AsyncIterator[_T]:
            pending: Optional[asyncio.Task[Any]] = fetch(None)
            try:
                while pending is not None:
                    page = json.loads(await pending)
                    after = page["after"]
                    pending = None if after is None else fetch(after)
                    for item in page["data"]:
                        yield decode(item)
            finally:
                if pending is not None:
                    pending.cancel()
                    # A prefetch that failed after the walk ended: retrieved,
                    # not reported as "never retrieved".
                    pending.add_done_callback(lambda t: t.cancelled() or t.exception())

        return walk()

    async def verify_webhook(
        self,
        body: Union[str, bytes],
        headers: Union[Mapping[str, Any], str, None] = None,
        *,
        event_id: Optional[str] = None,
    ) -> WebhookEvent:
        """As :meth:`Client.verify_webhook`."""
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        return await super().verify_webhook(text, event_id=event_id or _event_id(headers))

    async def aclose(self) -> None:
        """Nothing to release by hand; here for ``async with``."""

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()
