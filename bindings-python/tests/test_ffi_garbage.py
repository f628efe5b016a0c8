"""FFI hardening: every exported callable of stone_openbank gets garbage.

Wrong types, huge strings, NUL bytes, lone surrogates, emoji, empty strings,
negative and overflowing numbers go into each parameter of every public
callable, one parameter at a time with the others at a plausible value. The
surface is found by reflection, never listed by hand: ``stone_openbank.__all__``
(native functions typed by the installed stub ``_native.pyi``, classes by
their annotations) and every public method of ``Client`` and ``AsyncClient``
(typed by the generated annotations; the fields of model arguments get
garbage too).

A call may return, or raise what the package documents (``docs/bindings.md``,
"Errors, by language"):

- a :class:`~stone_openbank.StoneError` subclass, whatever the argument;
- a ``TypeError`` when the argument is not of its annotated type;
- a plain ``ValueError`` for a ``str`` where a date is expected that is not
  a valid ``YYYY-MM-DD`` date.

Anything else fails, naming the call, the argument and what came back: a
``pyo3_runtime.PanicException`` (a Rust panic; a ``BaseException``, so
everything is caught as one), a ``SystemError``, a message saying
``panicked`` or ``unwrap``, or any other exception (``OverflowError``,
``UnicodeEncodeError``, ``AttributeError``, ...).

The clients are built in token mode against ``http://127.0.0.1:9``, where
nothing listens, with one attempt: a call that passes local validation fails
at once as a ``TransportError`` (documented). Lists are iterated once to make
their first request; async calls are awaited.
"""

from __future__ import annotations

import ast
import asyncio
import collections.abc
import dataclasses
import datetime
import functools
import inspect
import math
import subprocess
import sys
import typing
from pathlib import Path
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    Union,
)

import pytest

import stone_openbank as so
import stone_openbank._native as native
from stone_openbank.errors import StoneError

from conftest import VectorCase

#: Nothing listens there (the discard port): requests fail at once.
NOWHERE = "http://127.0.0.1:9"
USER_AGENT = "stone-openbank ffi-garbage tests"
#: The clients' plausible configuration: token mode, one attempt, 2 s.
CLIENT_CONFIG: Dict[str, object] = {
    "user_agent": USER_AGENT,
    "access_token": "t",
    "base_url": NOWHERE,
    "timeout": 2.0,
    "max_attempts": 1,
}

# factor-9999-line (shared/testdata/boleto/edge-cases.json)
BANK_LINE = "34191090080001234567489012345677999990000012345"
PIX_FIELDS: Dict[str, object] = {
    "merchant_name": "Loja",
    "merchant_city": "Recife",
    "key": "pix@example.com",
    "description": "pedido 42",
    "amount_cents": 1500,
    "txid": "PEDIDO42",
    "point_of_initiation": "12",
    "mcc": "5812",
    "postal_code": "50030000",
    "templates": [("80", "x")],
}
PIX_PAYLOAD = (
    "00020101021226500014br.gov.bcb.pix0115pix@example.com0209pedido 4252045812"
    "5303986540515.005802BR5904Loja6006Recife61085003000062120508PEDIDO428001x6304068C"
)

#: Plausible valid arguments of the native functions that take more than one
#: (checked valid by ``test_plausible_arguments_are_valid``); a function
#: missing here gets values made from its annotations.
VALID_ARGS: Dict[str, Dict[str, object]] = {
    "parse_barcode": {"input": BANK_LINE, "reference_date": datetime.date(2026, 11, 26)},
    "build_bank_boleto": {
        "bank_code": "341",
        "amount_cents": 12345,
        "free_field": "1090000012345678901234567",
        "due_date": datetime.date(2025, 2, 21),
    },
    "build_collection_document": {
        "segment": 3,
        "value_type": 8,
        "value": 50960,
        "company_id": "0019",
        "free_field": "0000008017823000034306271",
    },
    "build_pix": PIX_FIELDS,
    "pix_qr_svg": {"payload": PIX_PAYLOAD, "size": 256},
    "pix_qr_png": {"payload": PIX_PAYLOAD, "scale": 8},
}


class _Str(str):
    """A str subclass: still a str."""


class _Int(int):
    """An int subclass: still an int."""


def _object() -> object:
    return object()


def garbage(size: int) -> List[Tuple[str, object]]:
    """The garbage values, each with the label a failure shows; ``size`` is
    the length of the huge string."""
    return [
        ("0", 0),
        ("-1", -1),
        ("-2**63-1", -(2**63) - 1),
        ("2**31", 2**31),
        ("2**32-1", 2**32 - 1),
        ("2**63", 2**63),
        ("2**64", 2**64),
        ("_Int(7)", _Int(7)),
        ("1.5", 1.5),
        ("nan", math.nan),
        ("inf", math.inf),
        ("-inf", -math.inf),
        ("1e308", 1e308),
        ("True", True),
        ("None", None),
        ("[]", []),
        ("[1, None]", [1, None]),
        ("odd strings list", ["\ud800", "a\x00b", "", "\U0001f980"]),
        ("{}", {}),
        ("{'k': object()}", {"k": object()}),
        ("object()", object()),
        ("b'\\xff\\x00'", b"\xff\x00"),
        ("bytearray", bytearray(b"x")),
        ("a function", _object),
        ("datetime.date.min", datetime.date.min),
        ("datetime.date.max", datetime.date.max),
        ("''", ""),
        ("'\\x00'", "\x00"),
        ("'a\\x00b'", "a\x00b"),
        ("lone surrogate '\\ud800'", "\ud800"),
        ("lone surrogate 'x\\udfffy'", "x\udfffy"),
        ("non-ASCII and emoji", "a\u00e7\u00e3o \u00f1 \u4e2d\u6587 \U0001f980"),
        ("_Str('x')", _Str("x")),
        (f"huge '9' * {size}", "9" * size),
    ]


#: 5 MB strings for the functions, classes and constructors; 1 MB for the
#: clients' methods, whose hundreds of positions would take minutes with
#: 5 MB (a path segment that long takes ~50 ms to refuse) for the same code
#: paths.
GARBAGE = garbage(5_000_000)
GARBAGE_LARGE = garbage(1_000_000)


# --------------------------------------------------------------------------
# Types: what conforms to an annotation, and a plausible value of one


def conforms(value: object, hint: Any) -> bool:
    """Whether ``value`` is of the annotated type (bools are not ints, as
    the package refuses them where it wants a number)."""
    if hint is Any or hint is object:
        return True
    if hint is None or hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union:
        return any(conforms(value, a) for a in args)
    if origin is Literal:
        return any(type(value) is type(a) and value == a for a in args)
    if origin in (list, collections.abc.Iterable, collections.abc.Sequence):
        return isinstance(value, (list, tuple)) and all(conforms(v, args[0]) for v in value)
    if origin is tuple:
        return (
            isinstance(value, tuple)
            and len(value) == len(args)
            and all(conforms(v, a) for v, a in zip(value, args))
        )
    if origin in (dict, collections.abc.Mapping):
        return isinstance(value, Mapping) and all(
            conforms(k, args[0]) and conforms(v, args[1]) for k, v in value.items()
        )
    if origin is collections.abc.Callable:
        return callable(value)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    raise AssertionError(f"no conformance rule for the annotation {hint!r}")


def benign(hint: Any) -> object:
    """A plausible value of the annotated type (it need not pass the
    package's checks: only be of the right type)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any or hint is object:
        return "x"
    if origin is Union:
        members = [a for a in args if a is not type(None)]
        models = [a for a in members if dataclasses.is_dataclass(a)]
        if models:
            return benign(models[0])  # a model, so its fields get garbage too
        return None if len(members) < len(args) else benign(members[0])
    if origin is Literal:
        return args[0]
    if origin in (list, collections.abc.Iterable, collections.abc.Sequence):
        return []
    if origin is tuple:
        return tuple(benign(a) for a in args)
    if origin in (dict, collections.abc.Mapping):
        return {}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build_model(hint)
    plain: Dict[Any, object] = {
        str: "x",
        bool: False,
        int: 1,
        float: 2.0,
        bytes: b"x",
        datetime.datetime: datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.timezone.utc),
        datetime.date: datetime.date(2026, 12, 1),
    }
    if hint in plain:
        return plain[hint]
    raise AssertionError(f"no plausible value for the annotation {hint!r}")


def build_model(cls: type) -> Any:
    """A model with plausible values in its fields without a default."""
    hints = typing.get_type_hints(cls)
    values = {
        f.name: benign(hints[f.name])
        for f in dataclasses.fields(cls)
        if f.init
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    }
    return cls(**values)


def field_paths(model: Any, depth: int = 2) -> Iterator[Tuple[Tuple[str, ...], Any]]:
    """Every field of a model (and of the models in it, ``depth`` deep),
    with its annotation."""
    hints = typing.get_type_hints(type(model))
    for f in dataclasses.fields(model):
        yield (f.name,), hints[f.name]
        inner = getattr(model, f.name)
        if depth > 1 and dataclasses.is_dataclass(inner) and not isinstance(inner, type):
            for path, hint in field_paths(inner, depth - 1):
                yield (f.name,) + path, hint


def with_field(model: Any, path: Tuple[str, ...], value: object) -> Any:
    """A copy of a (frozen) model with ``value`` at ``path``, unchecked."""
    inner = value if len(path) == 1 else with_field(getattr(model, path[0]), path[1:], value)
    return dataclasses.replace(model, **{path[0]: inner})


# --------------------------------------------------------------------------
# The surface, by reflection


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    hint: Any
    keyword_only: bool
    default: object  # inspect.Parameter.empty when required


def _stub_namespace(tree: ast.Module) -> Dict[str, Any]:
    """What the stub's annotations name: typing, datetime and the stub's
    own aliases (``_DateLike``)."""
    namespace: Dict[str, Any] = {"datetime": datetime}
    namespace.update({name: getattr(typing, name) for name in typing.__all__})
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            value = eval(compile(ast.Expression(node.value), "_native.pyi", "eval"), namespace)
            for target in node.targets:
                assert isinstance(target, ast.Name)
                namespace[target.id] = value
    return namespace


@functools.lru_cache(maxsize=None)
def native_signatures() -> Dict[str, List[Param]]:
    """The parameters of every function of the installed stub of the native
    module (``_native.pyi``), with their annotations evaluated."""
    stub = Path(native.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    namespace = _stub_namespace(tree)
    out: Dict[str, List[Param]] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        a = node.args
        params: List[Param] = []
        positional = a.posonlyargs + a.args
        defaults: List[Optional[ast.expr]] = [None] * (len(positional) - len(a.defaults))
        defaults += a.defaults
        both = [(arg, d, False) for arg, d in zip(positional, defaults)]
        both += [(arg, d, True) for arg, d in zip(a.kwonlyargs, a.kw_defaults)]
        for arg, default, keyword_only in both:
            assert arg.annotation is not None, f"{node.name}: {arg.arg} has no annotation"
            hint = eval(ast.unparse(arg.annotation), namespace)
            value = (
                inspect.Parameter.empty
                if default is None
                else ast.literal_eval(default)
            )
            params.append(Param(arg.arg, hint, keyword_only, value))
        out[node.name] = params
    return out


def python_params(function: Callable[..., Any], hints_of: Any = None) -> List[Param]:
    """The parameters of a Python callable (bound methods: without self)."""
    hints = typing.get_type_hints(hints_of if hints_of is not None else function)
    params = []
    for p in inspect.signature(function).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        params.append(Param(p.name, hints.get(p.name, Any), p.kind == p.KEYWORD_ONLY, p.default))
    return params


def exported() -> Dict[str, object]:
    return {name: getattr(so, name) for name in so.__all__}


def native_function_names() -> List[str]:
    return sorted(n for n, v in exported().items() if inspect.isbuiltin(v))


def class_names() -> List[str]:
    """Every class of the package exported, but the two clients (tested on
    their own); not the builtins exported as aliases (``EventType = str``)."""
    return sorted(
        n
        for n, v in exported().items()
        if inspect.isclass(v)
        and v.__module__.split(".")[0] == "stone_openbank"
        and v not in (so.Client, so.AsyncClient)
    )


def method_names(cls: type) -> List[str]:
    return sorted(
        n
        for n in dir(cls)
        if not n.startswith("_") and callable(getattr(cls, n)) and n != "with_access_token"
    )


NATIVE_FUNCTIONS = native_function_names()
CLASSES = class_names()
#: The native module's classes (results: no constructor).
NATIVE_CLASSES = [n for n in CLASSES if getattr(native, n, None) is exported()[n]]
METHODS = method_names(so.Client)
ASYNC_METHODS = method_names(so.AsyncClient)


# --------------------------------------------------------------------------
# Calls and verdicts


@dataclasses.dataclass(frozen=True)
class Call:
    what: str  # the call as a failure shows it
    typed: bool  # whether the garbage is of its parameter's annotated type
    run: Callable[[], object]
    param: str = ""  # where the garbage went
    value: object = None  # the garbage
    date_text: bool = False  # a str where a date (or its ISO text) is expected


def _crash(error: BaseException) -> bool:
    text = str(error)
    return (
        type(error).__name__ == "PanicException"
        or isinstance(error, SystemError)
        or "panicked" in text
        or "unwrap" in text
    )


def verdict(call: Call, error: Optional[BaseException]) -> Optional[str]:
    """None when the outcome is documented; else what went wrong."""
    if error is None:
        return None
    if not _crash(error):
        if isinstance(error, StoneError):
            return None
        if isinstance(error, TypeError) and not call.typed:
            return None
        if type(error) is ValueError and call.date_text:
            return None  # not YYYY-MM-DD: a bad date is not a bad barcode
    kind = f"{type(error).__module__}.{type(error).__qualname__}"
    return f"{call.what} -> {kind}: {str(error)[:240]!r}"


def outcome(run: Callable[[], object]) -> Optional[BaseException]:
    """What a synchronous call raised (a returned iterator is advanced once)."""
    try:
        result = run()
        if isinstance(result, collections.abc.Iterator):
            next(result, None)
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - a PanicException is one
        return e
    return None


async def outcome_async(run: Callable[[], object]) -> Optional[BaseException]:
    """What an async call raised (awaited; an async iterator advanced once)."""
    try:
        result = run()
        if inspect.isawaitable(result):
            result = await result
        if isinstance(result, collections.abc.AsyncIterator):
            try:
                await result.__anext__()
            except StopAsyncIteration:
                pass
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - a PanicException is one
        return e
    return None


def run_sync(calls: List[Call]) -> List[str]:
    return [v for c in calls if (v := verdict(c, outcome(c.run))) is not None]


def run_async(calls: List[Call]) -> List[str]:
    async def all_of() -> List[str]:
        found = []
        for c in calls:
            v = verdict(c, await outcome_async(c.run))
            if v is not None:
                found.append(v)
        return found

    return asyncio.run(all_of())


def report(name: str, calls: List[Call], failures: List[str]) -> None:
    assert calls, f"{name}: no calls planned"
    if failures:
        pytest.fail(
            f"{name}: {len(failures)} of {len(calls)} garbage calls came back with an "
            "undocumented outcome:\n  " + "\n  ".join(failures),
            pytrace=False,
        )


def _invoke(
    function: Callable[..., object], params: List[Param], values: Dict[str, object]
) -> Callable[[], object]:
    positional = [values[p.name] for p in params if not p.keyword_only]
    keywords = {p.name: values[p.name] for p in params if p.keyword_only}
    return lambda: function(*positional, **keywords)


def _date_text(value: object, hint: Any) -> bool:
    return isinstance(value, str) and conforms(datetime.date(2000, 1, 1), hint)


def plausible(params: List[Param], valid: Mapping[str, object]) -> Dict[str, object]:
    """Each parameter's value from ``valid``, else its default, else one
    made from its annotation."""
    base: Dict[str, object] = {}
    for p in params:
        if p.name in valid:
            base[p.name] = valid[p.name]
        elif p.default is not inspect.Parameter.empty:
            base[p.name] = p.default
        else:
            base[p.name] = benign(p.hint)
    return base


def plan(
    what: str,
    function: Callable[..., object],
    params: List[Param],
    valid: Mapping[str, object],
    values: List[Tuple[str, object]],
    field_values: Optional[List[Tuple[str, object]]] = None,
) -> List[Call]:
    """Each garbage value in each parameter (and, with ``field_values``, in
    each field of a model argument), the others at their plausible value."""
    base = plausible(params, valid)
    calls: List[Call] = []
    for p in params:
        for label, value in values:
            args = dict(base, **{p.name: value})
            calls.append(
                Call(
                    f"{what}({p.name}=<{label}>)",
                    conforms(value, p.hint),
                    _invoke(function, params, args),
                    p.name,
                    value,
                    _date_text(value, p.hint),
                )
            )
        model = base[p.name]
        if field_values is None or not dataclasses.is_dataclass(model) or isinstance(model, type):
            continue
        for path, hint in field_paths(model):
            for label, value in field_values:
                args = dict(base, **{p.name: with_field(model, path, value)})
                shown = ".".join((p.name,) + path)
                calls.append(
                    Call(
                        f"{what}({shown}=<{label}>)",
                        conforms(value, hint),
                        _invoke(function, params, args),
                        shown,
                        value,
                        _date_text(value, hint),
                    )
                )
    return calls


# --------------------------------------------------------------------------
# The tests


def test_surface_found_by_reflection() -> None:
    """The enumeration found the package's surface, so no test below can pass
    by calling nothing."""
    signatures = native_signatures()
    assert len(NATIVE_FUNCTIONS) >= 20, NATIVE_FUNCTIONS
    missing = [n for n in NATIVE_FUNCTIONS if n not in signatures]
    assert not missing, f"exported native functions without a stub signature: {missing}"
    assert len(METHODS) >= 100, METHODS
    # The same operations; only the closing differs (close / aclose).
    assert set(METHODS) ^ set(ASYNC_METHODS) == {"close", "aclose"}
    assert len(CLASSES) >= 30, CLASSES
    for name in ("StoneError", "TransportError", "BankBoleto", "NewInternalTransfer"):
        assert name in CLASSES
    # Only aliases (Literal types, builtins such as ``EventType = str``), the
    # models module and the version are left out.
    left = [
        n
        for n, v in exported().items()
        if n not in NATIVE_FUNCTIONS and n not in CLASSES and n not in ("Client", "AsyncClient")
    ]
    for name in left:
        value = exported()[name]
        assert (
            typing.get_origin(value) is Literal
            or inspect.ismodule(value)
            or name == "__version__"
            or (inspect.isclass(value) and value.__module__ == "builtins")
        ), name


def test_plausible_arguments_are_valid() -> None:
    """The values held while another parameter gets garbage really are valid."""
    signatures = native_signatures()
    for name, valid in VALID_ARGS.items():
        params = signatures[name]
        error = outcome(_invoke(getattr(so, name), params, plausible(params, valid)))
        assert error is None, f"{name}: {error!r}"
    assert so.build_pix(**PIX_FIELDS) == PIX_PAYLOAD  # type: ignore[arg-type]


def health(client: Any = None) -> List[str]:
    """What no longer answers as before the garbage: the barcode functions,
    and a client (whose request must still fail as a TransportError)."""
    found = []
    error = outcome(lambda: so.validate_barcode(BANK_LINE))
    if error is not None:
        found.append(f"afterwards, validate_barcode(a valid line) -> {error!r}")
    if client is not None:

        async def request() -> Optional[BaseException]:
            return await outcome_async(lambda: client.balance("x"))

        error = asyncio.run(request())
        if not isinstance(error, so.TransportError) or "onnect" not in str(error):
            found.append(f"afterwards, {type(client).__name__}.balance('x') -> {error!r}")
    return found


@pytest.mark.parametrize("name", NATIVE_FUNCTIONS)
def test_native_function_takes_garbage(name: str) -> None:
    params = native_signatures()[name]
    calls = plan(name, getattr(so, name), params, VALID_ARGS.get(name, {}), GARBAGE)
    report(name, calls, run_sync(calls) + health())


@pytest.mark.parametrize("name", CLASSES)
def test_exported_class_takes_garbage(name: str) -> None:
    """Exceptions, models and the native result types, called as
    constructors. The native types have no constructor: any call is a
    ``TypeError``."""
    assert inspect.isclass(exported()[name])
    cls: Any = exported()[name]
    if name in NATIVE_CLASSES:
        calls = [Call(f"{name}()", False, cls)]
        for label, value in GARBAGE:
            calls.append(Call(f"{name}(<{label}>)", False, functools.partial(cls, value)))
    else:
        hints_of = cls if dataclasses.is_dataclass(cls) else cls.__init__
        calls = plan(name, cls, python_params(cls, hints_of), {}, GARBAGE)
    report(name, calls, run_sync(calls) + health())


def _follow_up(field: str, value: object) -> bool:
    """Whether a client built with ``value`` in ``field`` may make a request:
    never one that could leave this machine or retry for long."""
    if field in ("environment", "max_attempts", "timeout"):
        return False
    if field == "base_url":
        return isinstance(value, str) and not value.lower().startswith("http")
    return True


def client_constructor_calls(cls: Any) -> List[Call]:
    """Garbage in each configuration field of the constructor and of
    ``with_access_token``; a client that gets built makes one request."""
    calls: List[Call] = []
    name = cls.__name__
    for builder, what in ((cls, name), (cls.with_access_token, f"{name}.with_access_token")):
        params = python_params(builder, cls.__init__ if builder is cls else None)
        for call in plan(what, builder, params, CLIENT_CONFIG, GARBAGE):
            calls.append(call)
            if not _follow_up(call.param, call.value):
                continue

            def then_request(build: Callable[[], object] = call.run) -> object:
                client: Any = build()
                return client.balance("x")

            calls.append(
                Call(f"{call.what}.balance('x')", call.typed, then_request, call.param, call.value)
            )
    return calls


def test_client_constructor_takes_garbage() -> None:
    calls = client_constructor_calls(so.Client)
    report("Client", calls, run_sync(calls) + health(_client(so.Client)))


def test_async_client_constructor_takes_garbage() -> None:
    calls = client_constructor_calls(so.AsyncClient)
    report("AsyncClient", calls, run_async(calls) + health(_client(so.AsyncClient)))


def _client(cls: Any) -> Any:
    return cls(**CLIENT_CONFIG)


@pytest.mark.parametrize("method", METHODS)
def test_client_method_takes_garbage(method: str) -> None:
    client = _client(so.Client)
    bound = getattr(client, method)
    params = python_params(bound, getattr(so.Client, method))
    calls = plan(f"Client.{method}", bound, params, {}, GARBAGE_LARGE, GARBAGE_LARGE)
    if not params:
        calls = [Call(f"Client.{method}()", True, bound)]
    report(f"Client.{method}", calls, run_sync(calls) + health(client))


@pytest.mark.parametrize("method", ASYNC_METHODS)
def test_async_client_method_takes_garbage(method: str) -> None:
    client = _client(so.AsyncClient)
    bound = getattr(client, method)
    params = python_params(bound, getattr(so.AsyncClient, method))
    calls = plan(f"AsyncClient.{method}", bound, params, {}, GARBAGE_LARGE, GARBAGE_LARGE)
    if not params:
        calls = [Call(f"AsyncClient.{method}()", True, bound)]
    report(f"AsyncClient.{method}", calls, run_async(calls) + health(client))


# The shutdown race: a request's result is handed to the event loop from a
# runtime thread; when the program ends right after awaiting it, that thread
# may still be inside Python. Run as a program of its own, several times.
_AWAIT_THEN_EXIT = f"""
import asyncio
import stone_openbank as so

async def main() -> None:
    client = so.AsyncClient("exit test", access_token="t", base_url={NOWHERE!r}, max_attempts=1)
    calls = (client.balance("x") for _ in range(4))
    results = await asyncio.gather(*calls, return_exceptions=True)
    assert all(isinstance(r, so.TransportError) for r in results), results

asyncio.run(main())
"""


def test_program_awaiting_a_call_then_exiting_does_not_crash() -> None:
    """A script that awaits AsyncClient calls and ends exits with status 0
    (each run crashed about one time in two when this test was written)."""
    statuses = []
    for _ in range(12):
        done = subprocess.run(
            [sys.executable, "-c", _AWAIT_THEN_EXIT],
            cwd=Path(__file__).parent,
            capture_output=True,
            timeout=120,
        )
        statuses.append(done.returncode)
    crashed = [s for s in statuses if s != 0]
    assert not crashed, (
        f"{len(crashed)} of {len(statuses)} runs of a script awaiting "
        f"AsyncClient.balance then exiting died (exit statuses {statuses}; "
        "negative = killed by that signal, -11 = SIGSEGV)\n" + _AWAIT_THEN_EXIT
    )


def test_still_works_after_the_garbage(vector_cases: Tuple[VectorCase, ...]) -> None:
    """Every valid shared boleto vector still validates, and a client still
    makes requests, after all the garbage above (in the same process)."""
    valid = [c.input for c in vector_cases if c.valid]
    assert valid
    assert so.validate_barcodes(valid) == [True] * len(valid)
    so.validate_barcode(valid[0])
    assert health(_client(so.Client)) == []
    assert health(_client(so.AsyncClient)) == []
