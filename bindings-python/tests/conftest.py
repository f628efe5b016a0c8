"""Shared fixtures of the stone_openbank test suite: the boleto test vectors.

The vectors live outside the package, in ``shared/testdata/boleto`` beside the
repository (see that folder's README). ``STONE_TESTDATA`` names a directory
that contains ``boleto/``; without it the default is ``<repo>/../shared/testdata``
computed from this file's path. Missing vectors are a collection error, never
a silent skip: a suite that runs zero vector cases must not look green.

Tests ask for ``valid_case`` or ``invalid_case`` to be parametrized over every
valid or invalid case of every vector file (ids ``<file>:<case id>``), or for
``vector_cases`` to get them all at once.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import subprocess
import tempfile
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Generator, Iterator, List, Optional, Tuple

import pytest

#: The vector files every binding must pass, in ``<testdata>/boleto/``.
VECTOR_FILES: Tuple[str, ...] = ("edge-cases.json", "generated.json")

#: ``<repo root>``: tests/ -> bindings-python/ -> the repository.
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class VectorCase:
    """One case of a vector file, with its reference date resolved."""

    source: str
    id: str
    input: str
    input_form: str
    valid: bool
    error: Optional[str]
    expected: Optional[Dict[str, Any]]
    reference_date: datetime.date
    changed_position: Optional[int]

    @property
    def param_id(self) -> str:
        return f"{self.source}:{self.id}"


def testdata_root() -> Path:
    """The directory that holds ``boleto/`` (``STONE_TESTDATA`` or the default)."""
    configured = os.environ.get("STONE_TESTDATA")
    root = Path(configured) if configured else REPO_ROOT.parent / "shared" / "testdata"
    if not (root / "boleto").is_dir():
        origin = "STONE_TESTDATA" if configured else "the default location"
        raise FileNotFoundError(
            f"boleto test vectors not found: {root / 'boleto'} ({origin}); "
            "set STONE_TESTDATA to a directory that contains boleto/"
        )
    return root


def _file_reference_date(document: Dict[str, Any], name: str) -> Optional[str]:
    value = document.get("reference_date") or document.get("reference_date_default")
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name}: reference_date must be an ISO string, got {value!r}")
    return value


def _load_file(path: Path) -> Tuple[VectorCase, ...]:
    document = json.loads(path.read_text(encoding="utf-8"))
    source = path.stem
    file_reference = _file_reference_date(document, path.name)
    cases = []
    for raw in document["cases"]:
        reference = raw.get("reference_date") or file_reference
        if reference is None:
            raise ValueError(f"{path.name}:{raw['id']}: no reference date for the case or the file")
        valid = raw["valid"]
        if not isinstance(valid, bool):
            raise ValueError(f"{path.name}:{raw['id']}: 'valid' is not a boolean")
        case = VectorCase(
            source=source,
            id=raw["id"],
            input=raw["input"],
            input_form=raw["input_form"],
            valid=valid,
            error=raw.get("error"),
            expected=raw.get("expected"),
            reference_date=datetime.date.fromisoformat(reference),
            changed_position=raw.get("changed_position"),
        )
        # A malformed case would make its test vacuous: refuse it here.
        if case.valid and (case.expected is None or case.error is not None):
            raise ValueError(f"{case.param_id}: a valid case needs 'expected' and no 'error'")
        if not case.valid and (case.error is None or case.expected is not None):
            raise ValueError(f"{case.param_id}: an invalid case needs 'error' and no 'expected'")
        cases.append(case)
    if not cases:
        raise ValueError(f"{path}: no cases")
    return tuple(cases)


@functools.lru_cache(maxsize=None)
def load_vector_cases(root: Path) -> Tuple[VectorCase, ...]:
    """Every case of every vector file under ``root/boleto``, in file order."""
    cases = tuple(case for name in VECTOR_FILES for case in _load_file(root / "boleto" / name))
    duplicates = sorted(i for i, n in Counter(c.param_id for c in cases).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate case ids: {duplicates[:5]}")
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, wanted in (("valid_case", True), ("invalid_case", False)):
        if name in metafunc.fixturenames:
            cases = [c for c in load_vector_cases(testdata_root()) if c.valid is wanted]
            metafunc.parametrize(name, cases, ids=[c.param_id for c in cases])


@pytest.fixture(scope="session")
def testdata_dir() -> Path:
    """The directory that contains ``boleto/``."""
    return testdata_root()


@pytest.fixture(scope="session")
def vector_cases(testdata_dir: Path) -> Tuple[VectorCase, ...]:
    """Every vector case, valid and invalid, in file order."""
    return load_vector_cases(testdata_dir)


# --- The API client's tests: a `stone sandbox` for the session ------------


#: The seeded demo applications (sandbox/seed, test material only).
OWN = "demo-conta-de-liquidacao"
PLATFORM = "demo-openbank-platform"
SEED = REPO_ROOT / "sandbox" / "seed"


@dataclass
class Sandbox:
    """A running ``stone sandbox`` and the parts Stone's people play (the
    admin API: an owner approving, a user consenting, onboarding)."""

    base_url: str
    process: "subprocess.Popen[bytes]"
    log_path: Path

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            text = response.read()
        return json.loads(text) if text else None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


_SANDBOXES: List[Sandbox] = []


def start_sandbox() -> Sandbox:
    """Starts ``stone sandbox`` on a free port (``STONE_BIN``, or the clone's
    ``target/debug/stone``); its request log is kept in a file and shown only
    with a failure. Stop it with :func:`stop_sandbox`."""
    binary = os.environ.get("STONE_BIN") or str(REPO_ROOT / "target" / "debug" / "stone")
    log = Path(tempfile.mkstemp(prefix="stone-sandbox-", suffix=".log")[1])
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [binary, "sandbox", "--port", "0"], stdout=subprocess.PIPE, stderr=sink
        )
    assert process.stdout is not None
    first = process.stdout.readline()
    if not first:
        raise RuntimeError(f"stone sandbox did not start: {log.read_text()}")
    started = json.loads(first)
    sbx = Sandbox(started["base_url"], process, log)
    _SANDBOXES.append(sbx)
    return sbx


def stop_sandbox(sbx: Sandbox) -> None:
    sbx.process.terminate()
    sbx.process.wait(timeout=10)
    _SANDBOXES.remove(sbx)
    sbx.log_path.unlink()


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """The suite's ``stone sandbox`` (see :func:`start_sandbox`)."""
    sbx = start_sandbox()
    yield sbx
    stop_sandbox(sbx)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        for sbx in _SANDBOXES:
            report.sections.append(("stone sandbox log", sbx.log()[-20000:]))
    return report


@pytest.fixture(scope="session")
def demo_key() -> str:
    return (SEED / "demo-app.key.pem").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def other_key() -> str:
    return (SEED / "other-app.key.pem").read_text(encoding="utf-8")
