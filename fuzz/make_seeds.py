"""Writes the fuzz targets' seed corpus (fuzz/seeds/<target>/) from the
shared test vectors and Stone's fixtures, a few dozen inputs per target:
valid inputs of every kind and the edge cases, so the fuzzers start deep.
Rerun after the vectors change; the output is committed.

    python3 fuzz/make_seeds.py [../shared]
"""

import hashlib
import json
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
shared = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent.parent / "shared"
out = here / "seeds"


def write(target: str, data: bytes) -> None:
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def spread(items: list, n: int) -> list:
    step = max(1, len(items) // n)
    return items[::step][:n]


boletos = json.loads((shared / "testdata/boleto/edge-cases.json").read_text())["cases"]
boletos += spread(json.loads((shared / "testdata/boleto/generated.json").read_text())["cases"], 40)
for case in boletos:
    write("barcode", case["input"].encode())

for doc in ["529.982.247-25", "11.444.777/0001-61", "12.ABC.345/01DE-35", "000.000.000-00", "123"]:
    write("documents", doc.encode())

pix = json.loads((shared / "testdata/pix/vectors.json").read_text())["cases"]
for case in spread(pix, 60):
    write("brcode", case["input"].encode())

for key in ["+5521988040465", "gabriela.abreu@example.com", "11444777000161", "52998224725",
            "7d9f0335-8dcc-4054-9bf9-0dbd61d36906", "(21) 98804-0465", "12.ABC.345/01DE-35"]:
    write("pix_key", key.encode())

# Models: the selector byte is the model's index in fuzz_targets/models.rs.
MODELS = ["Account", "Balance", "StatementEntry", "InternalTransfer", "ExternalTransfer", "Payment",
          "PaymentDryRun", "BoletoInvoice", "Contact", "Payroll", "Salary", "SalaryPortability", "Fee",
          "Institution", "SchedulingCalendar", "PendingOperation", "PixKeyEntry", "PixCharge",
          "DuePixCharge", "StaticPixCharge", "InboundPix", "PixPayment", "PixRefund", "PixClaim",
          "PixActivity", "PixDueAmounts", "BrCodeLookup", "Cob", "Cobv", "BcbPix", "Devolucao",
          "PixLocation", "CobvLot"]
FIXTURES = {
    "Account": "account.get", "Balance": "account.balance", "StatementEntry": "statement.entry",
    "InternalTransfer": "internal_transfer.create", "ExternalTransfer": "external_transfer.create",
    "Payment": "barcode_payment.create", "BoletoInvoice": "barcode_payment_invoice.create",
    "Contact": "contact", "PixKeyEntry": "pix_entry", "PixCharge": "pix_dynamic_qrcode.create",
    "DuePixCharge": "pix_due_date_qrcode.create", "StaticPixCharge": "pix_static_qrcode.create",
    "InboundPix": "pix_inbound_payment.get", "PixPayment": "pix_outbound_payment",
    "PixRefund": "pix_inbound_refund.create", "PixClaim": "pix_entry_claim", "Cob": "bcb_cob.get",
    "Cobv": "bcb_cobv.get", "BcbPix": "bcb_pix.get", "Devolucao": "bcb_pix_devolucao.get",
    "PixLocation": "bcb_loc.get", "CobvLot": "bcb_lotecobv.get", "BrCodeLookup": "pix_brcode.lookup",
}
fixtures = sorted((shared / "stone-api/fixtures").glob("*.json"))
for index, model in enumerate(MODELS):
    prefix = FIXTURES.get(model)
    if not prefix:
        continue
    for path in [p for p in fixtures if p.name.startswith(prefix) and "response" in p.name
                 and not any(c.isdigit() for c in p.name.split("response")[1][:4])][:3]:
        write("models", bytes([index]) + path.read_bytes())

# Webhooks: selector 1 seals the claims like a real delivery.
for path in [p for p in fixtures if p.name.startswith("webhook.")][:40]:
    write("webhook", b"\x01" + path.read_bytes())
write("webhook", b"\x00" + b'{"encrypted_body": "a.b.c.d.e"}')
write("webhook", b"\x02" + b"eyJhbGciOiJSUzI1NiJ9.e30.c2ln")

# Requests: method, path index, flags (bit 0: a valid token; 4: a key;
# 16: x-stone-account-id; 32: JSON), a path segment, 0xff, a header value,
# 0xff, the body.
requests = [
    (1, 5, 1 | 4 | 32, b"x", b"key-1", b'{"account_id": "?", "amount": 100, "target": {"account": {"account_code": "400002"}}}'),
    (1, 20, 1 | 4 | 32, b"x", b"key-2", b'{"account_id": "?", "key": "x", "transaction_id": "abc", "amount": -1}'),
    (2, 26, 1 | 16 | 32, b"txid42abcdefghijklmnopqrstu", b"", b'{"calendario": {"expiracao": 3600}, "valor": {"original": "1.00"}, "chave": "x"}'),
    (0, 30, 1 | 16, b"x", b"", b""),
    (1, 34, 32, b"x", b"", b"grant_type=client_credentials&client_assertion=a.b.c"),
    (3, 2, 1, b"x", b"", b"{}"),
]
for method, path, flags, segment, header, body in requests:
    write("sandbox_requests", bytes([method, path, flags]) + segment + b"\xff" + header + b"\xff" + body)

for folder in sorted(out.iterdir()):
    print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")
