"""Pix through the installed package: every shared BR Code vector
(``shared/testdata/pix/``), building, keys, QR images and the typed errors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any, Dict, List

import pytest

import stone_openbank as stone

MANUAL = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
    "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)


@pytest.fixture(scope="module")
def cases(testdata_dir: Path) -> List[Dict[str, Any]]:
    data = json.loads((testdata_dir / "pix" / "vectors.json").read_text(encoding="utf-8"))
    cases: List[Dict[str, Any]] = data["cases"]
    assert len(cases) == 1998
    return cases


def test_every_shared_vector(cases: List[Dict[str, Any]]) -> None:
    failures: List[str] = []
    for case in cases:
        text = case["input"]
        if stone.is_valid_pix(text) is not case["valid"]:
            failures.append(f"{case['id']}: is_valid_pix")
        try:
            code = stone.parse_pix(text)
        except stone.InvalidPix as e:
            if case["valid"]:
                failures.append(f"{case['id']}: refused: {e}")
            elif e.error_class != case["error"]:
                failures.append(f"{case['id']}: {e.error_class}, expected {case['error']}")
            continue
        if not case["valid"]:
            failures.append(f"{case['id']}: accepted, expected {case['error']}")
            continue
        got = code.to_dict()
        for key, value in case["expected"].items():
            if got[key] != value or getattr(code, key) != value:
                failures.append(f"{case['id']}: {key} {got[key]!r} != {value!r}")
        assert code.payload == text.strip()
        # Rebuilt from its fields, it reads back with the same fields.
        again = stone.parse_pix(
            stone.build_pix(
                key=code.key, url=code.url, description=code.description,
                amount_cents=code.amount_cents, txid=code.txid,
                point_of_initiation=code.point_of_initiation, mcc=code.mcc,
                postal_code=code.postal_code, merchant_name=code.merchant_name,
                merchant_city=code.merchant_city, templates=code.templates,
            )
        )
        assert {**again.to_dict(), "payload": None} == {**got, "payload": None}
    assert failures == []
    assert stone.validate_pixes(c["input"] for c in cases) == [c["valid"] for c in cases]


def test_errors_say_what_and_where() -> None:
    with pytest.raises(stone.InvalidPix) as crc:
        stone.validate_pix(MANUAL.replace("1D3D", "1D3E"))
    assert (crc.value.error_class, crc.value.found, crc.value.expected) == ("crc", "1D3E", "1D3D")
    assert crc.value.position == len(MANUAL) - 4
    assert isinstance(crc.value, ValueError) and isinstance(crc.value, stone.StoneError)
    with pytest.raises(stone.InvalidPix) as field:
        stone.build_pix(key="pix@example.com", merchant_name="Loja", merchant_city="Sao Jose dos Campos")
    assert (field.value.error_class, field.value.field, field.value.id) == ("field", "merchant_city", "60")
    with pytest.raises(stone.InvalidPix) as accent:
        stone.parse_pix(MANUAL.replace("BRASILIA", "BRASÍLIA"))
    assert accent.value.error_class == "structure"
    assert accent.value.position == MANUAL.index("BRASILIA") + 4
    # Money is int centavos: floats and bools are refused, never rounded.
    with pytest.raises(TypeError):
        stone.build_pix(key="pix@example.com", merchant_name="Loja", merchant_city="Recife", amount_cents=10.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        stone.build_pix(key="pix@example.com", merchant_name="Loja", merchant_city="Recife", amount_cents=True)
    with pytest.raises(stone.InvalidPix):
        stone.build_pix(key="pix@example.com", merchant_name="Loja", merchant_city="Recife", amount_cents=10**30)
    with pytest.raises(TypeError):
        stone.parse_pix(b"000201")  # type: ignore[arg-type]
    # Exceptions survive pickling with their fields (Celery, multiprocessing).
    again = pickle.loads(pickle.dumps(crc.value))
    assert (again.error_class, again.expected) == ("crc", "1D3D")


def test_build_static_and_dynamic() -> None:
    payload = stone.build_pix(
        key="+5511987654321", merchant_name="Padaria", merchant_city="Recife",
        amount_cents=1050, txid="pedido42", templates=[("80", "xyz")],
    )
    code = stone.parse_pix(payload)
    assert (code.amount_cents, code.key_type, code.templates) == (1050, "phone", [("80", "xyz")])
    assert pickle.loads(pickle.dumps(code)) == code
    assert str(code) == payload and "amount_cents=1050" in repr(code)
    dynamic = stone.parse_pix(
        stone.build_pix(url="pix.example.com/qr/v2/abc", merchant_name="Loja", merchant_city="Recife", point_of_initiation="12")
    )
    assert (dynamic.kind, dynamic.point_of_initiation, dynamic.key) == ("dynamic", "12", None)


def test_keys() -> None:
    key = stone.parse_pix_key("123.456.789-09")
    assert (key.key_type, key.value) == ("cpf", "12345678909")
    assert stone.parse_pix_key("+55 (11) 98765-4321").value == "+5511987654321"
    assert not stone.is_valid_pix_key("11987654321")
    with pytest.raises(stone.InvalidPix) as e:
        stone.parse_pix_key("fulano@localhost")
    assert (e.value.error_class, e.value.key_type) == ("key", "email")
    assert pickle.loads(pickle.dumps(key)) == key


def test_qr_images() -> None:
    svg = stone.pix_qr_svg(MANUAL)
    assert "<svg" in svg
    png = stone.pix_qr_png(MANUAL, scale=4)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(stone.InvalidPix):
        stone.pix_qr_png(MANUAL.replace("1D3D", "0000"))
