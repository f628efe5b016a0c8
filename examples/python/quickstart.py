"""The quickstart in Python: the SDK end to end against a ``stone sandbox``
it starts (``STONE_BIN``, or ``stone`` from the clone's target/debug). Both
partnership models: a Conta de Liquidação company paying, transferring,
scheduling, issuing boletos and reading its statement; an OpenBank platform
asking a user's consent and waiting for the owner's approval.

    python examples/python/quickstart.py

Money is int centavos everywhere; reais only for display.
"""

from __future__ import annotations

import datetime
import http.server
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Tuple

import stone_openbank as so

REPO = Path(__file__).resolve().parents[2]
OUT = Path(tempfile.gettempdir()) / "stone-openbank-quickstart-python"


def reais(cents: int) -> str:
    units, rest = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}R$ {units:,}".replace(",", ".") + f",{rest:02d}"


def step(n: int, title: str) -> None:
    print(f"\n{n}. {title}")


def start_sandbox() -> Tuple["subprocess.Popen[bytes]", str, Any]:
    binary = os.environ.get("STONE_BIN") or str(REPO / "target" / "debug" / "stone")
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([binary, "sandbox", "--port", "0"], stdout=subprocess.PIPE, stderr=log)
    assert process.stdout is not None
    return process, json.loads(process.stdout.readline())["base_url"], log


def main() -> None:
    print("stone-openbank quickstart (Python) — an independent SDK, not a Stone product")
    OUT.mkdir(exist_ok=True)
    process, base_url, log = start_sandbox()

    def admin(method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(base_url + path, data=data, method=method, headers={"content-type": "application/json"})
        with urllib.request.urlopen(req) as res:
            text = res.read()
        return json.loads(text) if text else None

    inbox: List[Tuple[str, Dict[str, str]]] = []

    class Webhooks(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0"))).decode()
            inbox.append((body, dict(self.headers.items())))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Webhooks)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        key = (REPO / "sandbox" / "seed" / "demo-app.key.pem").read_text()
        with so.Client("stone-openbank-quickstart", client_id="demo-conta-de-liquidacao", private_key=key, base_url=base_url) as client:
            step(1, "Authenticate and list the accounts this application operates")
            account = client.accounts()[0]
            print(f"   {account.owner_name} · conta {account.account_code} · {account.id}")

            step(2, "Balance")
            balance = client.balance(account.id)
            print(f"   available {reais(balance.balance)} · blocked {reais(balance.blocked_balance)}")

            step(3, "Receive webhooks")
            url = f"http://127.0.0.1:{receiver.server_address[1]}/stone-webhooks"
            admin("PUT", "/admin/applications/demo-conta-de-liquidacao/webhook", {"url": url})
            print(f"   listening at {url}")

            step(4, "Validate a boleto locally, then dry-run its payment")
            due = datetime.date.today() + datetime.timedelta(days=5)
            boleto = so.build_bank_boleto("341", 12_345, "1090000000000000000000123", due_date=due)
            print(f"   {boleto.formatted_line} → valid, {reais(boleto.amount_cents)}")
            payment = so.NewPayment(account_id=account.id, barcode=boleto.formatted_line)
            dry = client.dry_run_payment(payment)
            if dry.details is not None:
                print(f"   dry-run: {dry.details.bank_name} · {dry.details.status} · value {reais(dry.details.value or 0)}")

            step(5, "Pay it (idempotency key generated and reused on retries)")
            paid = client.create_payment(payment)
            print(f"   payment {paid.id}: {client.payment(paid.id).status}")

            step(6, "Internal transfer to another Stone account")
            platform = so.Client("ERP Açaí", client_id="demo-openbank-platform", private_key=key, base_url=base_url)
            other = platform.accounts()[0]
            t = client.create_internal_transfer(
                so.NewInternalTransfer(account_id=account.id, amount=1_500, target_account_code=other.account_code, description="quickstart")
            )
            print(f"   {reais(t.amount)} to {other.account_code}: {client.internal_transfer(t.id).status}")

            step(7, "Schedule a TED for the next business day")
            day = client.scheduling_calendar("external_transfer").next_available_execution_date
            ted = client.create_external_transfer(
                so.NewExternalTransfer(
                    account_id=account.id, amount=25_000, account_code="12345", branch_code="1",
                    institution_code="260", account_type="CC", name="Fornecedor Exemplo Ltda",
                    document="11.222.333/0001-81", scheduled_to=day,
                )
            )
            print(f"   {reais(ted.amount)} (+ fee {reais(ted.fee)}) on {day}: {ted.status}")

            step(8, "Issue a boleto to a customer, and save its PDF")
            issued = client.create_boleto(
                so.NewBoletoInvoice(
                    account_id=account.id, amount=45_000, invoice_type="bill_of_exchange", expiration_date=due,
                    customer=so.InvoiceCustomer(document="529.982.247-25", legal_name="Maria da Silva"),
                    description="Quickstart",
                )
            )
            pdf = client.boleto_pdf(issued.id)
            (OUT / "boleto.pdf").write_bytes(pdf)
            print(f"   {reais(issued.amount)} due {due}: {issued.status}; PDF {len(pdf)} bytes")

            step(9, "Walk the statement, page by page")
            for n, entry in enumerate(client.statement(account.id, page_size=5)):
                print(f"   {reais(entry.amount):>16}  {entry.type:<9} balance after {reais(entry.balance_after or 0)}")
                if n == 9:
                    break

            step(10, "Save the payment's receipt (comprovante) as PDF")
            receipt = client.receipt_pdf("payment", paid.id)
            (OUT / "comprovante.pdf").write_bytes(receipt)
            print(f"   {len(receipt)} bytes saved to {OUT}")

            step(11, "Verify the webhooks received (decrypt, check Stone's signature)")
            for _ in range(100):
                if len(inbox) >= 4:
                    break
                time.sleep(0.05)
            for body, headers in list(inbox):
                event = client.verify_webhook(body, headers)
                print(f"   ✔ {event.event_type:<40} about {event.target_type} {event.target_id}")
            body = inbox[0][0]
            i = len(body) - 12
            try:
                client.verify_webhook(body[:i] + ("B" if body[i] == "A" else "A") + body[i + 1 :])
                raise SystemExit("an altered webhook was accepted")
            except so.WebhookError as e:
                print(f"   ✘ a body altered in transit is refused: {type(e).__name__} ({e.reason})")

            step(12, "Pix: a QR charge, paid by a customer of another bank")
            client.create_pix_key(account.id, so.NewPixKey(key_type="random_key", key=""))
            pix_key = next(k for k in client.pix_keys(account.id) if k.key_type == "random_key")
            print(f"   random key {pix_key.key}")
            charge = client.create_pix_charge(
                so.NewPixCharge(
                    account_id=account.id, key=pix_key.key, transaction_id=uuid.uuid4().hex,
                    amount=8_990, expiration=3_600, request_for_payer="Pedido 1234 da Padaria",
                )
            )
            code = so.parse_pix(charge.qr_code_content)
            print(f"   charge of {reais(charge.amount or 0)} {charge.status}: copia e cola {charge.qr_code_content[:48]}…")
            print(f"   the code reads back: {code.kind} code, {reais(code.amount_cents or 0)} for {code.merchant_name}")
            seen = len(inbox)
            received = admin("POST", "/admin/pix/inbound", {"brcode": charge.qr_code_content, "payer": {"name": "Joana Cliente", "document": "98765432100"}})
            print(f"   paid by Joana Cliente: end-to-end id {received['end_to_end_id']}")
            print(f"   the charge is now {client.pix_charge(charge.id).status}")
            pix_event = None
            for _ in range(100):
                for body, headers in list(inbox)[seen:]:
                    event = client.verify_webhook(body, headers)
                    if event.event_type == "pix_inbound_payment_received" and event.target_id == received["id"]:
                        pix_event = event
                if pix_event:
                    break
                time.sleep(0.05)
            if pix_event is None:
                raise SystemExit("the Pix webhook did not arrive")
            inbound = client.inbound_pix(received["id"])
            print(f"   ✔ webhook {pix_event.event_type} verified: {reais(inbound.amount)} received")

            step(13, "The OpenBank model: a platform, a user's consent, the owner's approval (a transfer, a Pix)")
            user = admin("POST", "/admin/accounts", {"owner_name": "Padaria Pão Quente", "owner_document": "11222333000181", "balance": 300_000})
            link = platform.consent_link(
                so.ConsentLinkRequest(redirect_uri="https://erp.example/stone/retorno", session_metadata={"erp_customer": "1234"})
            )
            print(f"   consent link for the user: {link[:72]}…")
            jwt = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["jwt"][0]
            decision = admin("POST", "/admin/consents", {"client_id": "demo-openbank-platform", "jwt": jwt, "account_id": user["id"], "decision": "approve"})
            back = platform.parse_consent_redirect(decision["redirect_to"])
            print(f"   the user {back.result}; metadata {back.session_metadata}")
            pt = platform.create_internal_transfer(
                so.NewInternalTransfer(account_id=user["id"], amount=12_000, target_account_code=account.account_code, description="fornecedor")
            )
            print(f"   the platform's transfer of {reais(pt.amount)}: {pt.status} (waits for the owner)")
            admin("POST", f"/admin/internal_transfers/{pt.id}/approve")
            print(f"   approved by the owner in Stone's app: {platform.internal_transfer(pt.id).status}")
            # A Pix to a key at another bank: created, confirmed by the platform,
            # sent once the owner approves it (here in a batch, as `pix_payment`).
            pix = platform.create_pix_payment(
                so.NewPixPayment(account_id=user["id"], amount=4_500, description="frete", key="gabriela.abreu@example.com")
            )
            platform.confirm_pix_payment(pix.id, so.PixConfirmation())
            print(f"   the platform's Pix of {reais(pix.amount)} to a key: {platform.pix_payment(pix.id).status} (waits for the owner)")
            batch = {"action": "approve_only", "operations": [{"id": pix.id, "type": "pix_payment"}]}
            admin("POST", f"/admin/accounts/{user['id']}/operations/actions/approve", batch)
            sent_pix = platform.pix_payment(pix.id)
            payee = sent_pix.target.entity.name if sent_pix.target and sent_pix.target.entity else None
            print(f"   approved by the owner: {sent_pix.status}, to {payee}")
        print("\nDone.")
    except BaseException:
        log.seek(0)
        print("--- stone sandbox log ---\n" + log.read().decode(errors="replace"))
        raise
    finally:
        receiver.shutdown()
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
