"""The API client of the installed wheel against ``stone sandbox``: every
operation of both partnership models, sync and asyncio, typed models and
exceptions, lazy lists, idempotency, webhooks, threads and fork()."""

from __future__ import annotations

import asyncio
import datetime
import http.server
import json
import multiprocessing
import threading
import time
import urllib.parse
from typing import Any, Dict, Iterator, List, Tuple

import pytest

import stone_openbank as so
from conftest import OWN, PLATFORM, Sandbox

UA = "stone-openbank pytest"


@pytest.fixture(scope="module")
def own(sandbox: Sandbox, demo_key: str) -> so.Client:
    return so.Client(UA, client_id=OWN, private_key=demo_key, base_url=sandbox.base_url)


@pytest.fixture(scope="module")
def platform(sandbox: Sandbox, demo_key: str) -> so.Client:
    # Any non-empty UTF-8 name is a valid User-Agent.
    return so.Client("Integração ERP Açaí", client_id=PLATFORM, private_key=demo_key, base_url=sandbox.base_url)


@pytest.fixture(scope="module")
def account(own: so.Client) -> so.Account:
    return own.accounts()[0]


@pytest.fixture(scope="module")
def target(platform: so.Client) -> so.Account:
    return platform.accounts()[0]


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


def test_accounts_balance_fees_institutions_are_typed(own: so.Client, account: so.Account) -> None:
    assert isinstance(account, so.Account)
    assert own.account(account.id) == account
    balance = own.balance(account.id)
    assert isinstance(balance, so.Balance)
    assert isinstance(balance.balance, int) and balance.balance > 0
    fees = own.fees(account.id)
    assert fees and all(isinstance(f, so.Fee) for f in fees)
    assert isinstance(own.fee(account.id, "external_transfer").amount, int)
    assert own.institutions()
    assert own.institution("341").name
    assert "client_id='demo-conta-de-liquidacao'" in repr(own)
    assert "PRIVATE KEY" not in repr(own) and "PRIVATE KEY" not in str(vars(own))


def test_internal_transfer_once_per_key(own: so.Client, account: so.Account, target: so.Account) -> None:
    t = so.NewInternalTransfer(
        account_id=account.id, amount=1234, target_account_code=target.account_code, description="py"
    )
    dry = own.dry_run_internal_transfer(t)
    assert dry.amount == 1234
    before = own.balance(account.id).balance
    first = own.create_internal_transfer(t, idempotency_key="py-key-1")
    again = own.create_internal_transfer(t, idempotency_key="py-key-1")
    assert again.id == first.id
    got = own.internal_transfer(first.id)
    assert got.status == "FINISHED"
    assert isinstance(got.created_at, datetime.datetime)
    assert own.balance(account.id).balance == before - 1234 - got.fee
    assert any(x.id == first.id for x in own.internal_transfers(account.id, page_size=2))
    with pytest.raises(so.ConflictError) as conflict:
        own.create_internal_transfer(
            so.NewInternalTransfer(account_id=account.id, amount=999, target_account_code=target.account_code),
            idempotency_key="py-key-1",
        )
    e = conflict.value
    assert isinstance(e, so.ApiError) and isinstance(e, so.StoneError)
    assert e.status == 409 and e.type.startswith("srn:error") and e.request_id
    with pytest.raises(so.NotFoundError) as missing:
        own.internal_transfer("no-such-transfer")
    assert missing.value.status == 404


def test_bad_input_is_refused_before_any_request(own: so.Client, account: so.Account, target: so.Account, sandbox: Sandbox, demo_key: str) -> None:
    bad = so.NewInternalTransfer(account_id=account.id, amount=-5, target_account_code=target.account_code)
    with pytest.raises(so.InvalidInput) as e:
        own.create_internal_transfer(bad)
    assert e.value.field == "amount" and isinstance(e.value, ValueError)
    long = so.NewInternalTransfer(
        account_id=account.id, amount=10, target_account_code=target.account_code, description="x" * 201
    )
    for call in (own.create_internal_transfer, own.dry_run_internal_transfer):
        with pytest.raises(so.InvalidInput) as e:
            call(long)
        assert e.value.field == "description"
    with pytest.raises(so.InvalidInput):
        own.balance(123)  # type: ignore[arg-type]
    with pytest.raises(so.InvalidInput) as e:
        own.balance("../accounts")
    assert e.value.field == "account_id"
    with pytest.raises(so.InvalidInput):
        own.create_internal_transfer(
            so.NewInternalTransfer(account_id=account.id, amount=10.5, target_account_code="1")  # type: ignore[arg-type]
        )
    from decimal import Decimal

    with pytest.raises(so.InvalidInput):
        own.create_internal_transfer(
            so.NewInternalTransfer(account_id=account.id, amount=Decimal(10), target_account_code="1")  # type: ignore[arg-type]
        )
    with pytest.raises(so.InvalidInput) as e:
        own.create_internal_transfer(
            so.NewInternalTransfer(account_id=account.id, amount=10, target_account_code="1"), idempotency_key="x" * 73
        )
    assert e.value.field == "idempotency_key"
    with pytest.raises(so.InvalidInput) as e:
        so.Client(UA, client_id=OWN, private_key="not a key", base_url=sandbox.base_url)
    assert e.value.field == "private_key" and "not a key" not in str(e.value)
    with pytest.raises(so.InvalidInput):
        so.Client("", client_id=OWN, private_key=demo_key, base_url=sandbox.base_url)
    with pytest.raises(so.InvalidInput) as e:
        so.Client(UA, client_id=OWN, private_key=demo_key, environment="staging")
    assert e.value.field == "environment"


def test_a_wrong_key_is_an_authentication_error(sandbox: Sandbox, other_key: str) -> None:
    wrong = so.Client(UA, client_id=OWN, private_key=other_key, base_url=sandbox.base_url, max_attempts=1)
    with pytest.raises(so.AuthenticationError) as e:
        wrong.accounts()
    assert e.value.error


def test_ted_scheduled_then_cancelled(own: so.Client, account: so.Account) -> None:
    calendar = own.scheduling_calendar("external_transfer")
    day = calendar.next_available_execution_date
    assert isinstance(day, datetime.date)
    ted = so.NewExternalTransfer(
        account_id=account.id,
        amount=25_000,
        account_code="12345",
        branch_code="1",
        institution_code="260",
        account_type="CC",
        name="Fornecedor Exemplo Ltda",
        document="11.222.333/0001-81",
        scheduled_to=day,
    )
    assert own.dry_run_external_transfer(ted).amount == 25_000
    t = own.create_external_transfer(ted)
    assert t.status == "SCHEDULED"
    assert t.id in [op.id for op in own.pending_operations(account.id, "SCHEDULED")]
    own.cancel_external_transfer(t.id)
    assert own.external_transfer(t.id).status == "CANCELLED"
    assert any(x.id == t.id for x in own.external_transfers(account.id))


def test_boleto_payment_and_receipt(own: so.Client, account: so.Account) -> None:
    boleto = so.build_bank_boleto("341", 12_345, "1090000000000000000000123", due_date=days(5))
    payment = so.NewPayment(account_id=account.id, barcode=boleto.formatted_line)
    dry = own.dry_run_payment(payment)
    assert dry.details is not None and dry.details.value == 12_345
    paid = own.create_payment(payment)
    assert own.payment(paid.id).amount == 12_345
    pdf = own.receipt_pdf("payment", paid.id)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    assert any(p.id == paid.id for p in own.payments(account.id))
    typo = boleto.digitable_line[:-1] + ("1" if boleto.digitable_line[-1] == "0" else "0")
    with pytest.raises(so.InvalidInput) as e:
        own.create_payment(so.NewPayment(account_id=account.id, barcode=typo))
    assert e.value.field == "barcode"


def test_boleto_issuance(own: so.Client, account: so.Account) -> None:
    issued = own.create_boleto(
        so.NewBoletoInvoice(
            account_id=account.id,
            amount=45_000,
            invoice_type="bill_of_exchange",
            expiration_date=days(5),
            customer=so.InvoiceCustomer(document="529.982.247-25", legal_name="Maria da Silva"),
            fine=so.DatedRate(date=days(6), basis_points=200),
            description="pytest",
        )
    )
    assert issued.amount == 45_000 and issued.expiration_date == days(5)
    assert own.boleto_pdf(issued.id).startswith(b"%PDF-")
    assert own.boleto(issued.id).id == issued.id
    assert any(b.id == issued.id for b in own.boletos(account.id))
    own.cancel_boleto(issued.id)
    assert "CANCEL" in own.boleto(issued.id).status


def test_contacts(own: so.Client, account: so.Account) -> None:
    c = own.create_contact(account.id, so.ContactFields(name="Fornecedor", tax_id="11222333000181"))
    assert own.contact(account.id, c.id).name == "Fornecedor"
    assert own.update_contact(account.id, c.id, so.ContactFields(email="f@example.com")).email == "f@example.com"
    fields = so.BankAccountFields(account_code="12345", branch_code="1", institution_code="341", account_type="CC")
    bank = own.add_contact_bank_account(account.id, c.id, fields)
    moved = own.update_contact_bank_account(
        account.id, c.id, bank.id, so.BankAccountFields(account_code="12345", branch_code="2", institution_code="341", account_type="CC")
    )
    assert moved.branch_code == "2"
    assert any(x.id == c.id for x in own.contacts(account.id))
    own.delete_contact_bank_account(account.id, c.id, bank.id)
    own.delete_contact(account.id, c.id)
    with pytest.raises(so.NotFoundError):
        own.contact(account.id, c.id)


def test_payroll(own: so.Client, account: so.Account, target: so.Account, sandbox: Sandbox) -> None:
    upload = sandbox.admin(
        "POST",
        "/admin/payroll/salaries",
        {"salaries": [{"name": "Maria", "cpf": "52998224725", "account_code": target.account_code, "amount": 150_000}]},
    )
    payroll = own.create_payroll(account.id, upload["salaries_id"])
    assert own.payroll(payroll.id).id == payroll.id
    assert len(list(own.payroll_salaries(payroll.id))) == 1
    assert any(p.id == payroll.id for p in own.payrolls(account.id))


def test_openbank_consent_and_owner_approval(platform: so.Client, account: so.Account, sandbox: Sandbox) -> None:
    user = sandbox.admin(
        "POST", "/admin/accounts", {"owner_name": "Padaria Pão Quente", "owner_document": "11222333000181", "balance": 300_000}
    )
    link = platform.consent_link(
        so.ConsentLinkRequest(redirect_uri="https://erp.example/stone/retorno", session_metadata={"erp_customer": "1234"})
    )
    jwt = urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["jwt"][0]
    decision = sandbox.admin("POST", "/admin/consents", {"client_id": PLATFORM, "jwt": jwt, "account_id": user["id"], "decision": "approve"})
    back = platform.parse_consent_redirect(decision["redirect_to"])
    assert back.result == "approved" and back.resource_id == user["id"]
    assert back.session_metadata == {"erp_customer": "1234"}
    t = so.NewInternalTransfer(account_id=user["id"], amount=12_000, target_account_code=account.account_code)
    a, b, c = (platform.create_internal_transfer(t) for _ in range(3))
    assert a.status == "CREATED"
    sandbox.admin("POST", f"/admin/internal_transfers/{a.id}/approve")
    assert platform.internal_transfer(a.id).status == "FINISHED"
    pending = sorted(op.id for op in platform.pending_operations(user["id"], "PENDING_APPROVAL"))
    assert pending == sorted([b.id, c.id])
    keep = so.BatchDecision(scope="only", operations=[so.OperationRef(type="internal_transfer", id=b.id)])
    with pytest.raises(so.ApiError) as e:
        platform.approve_operations(user["id"], keep)
    assert e.value.status == 403
    n = platform.cancel_operations(
        user["id"], so.BatchDecision(scope="all_except", operations=[so.OperationRef(type="internal_transfer", id=b.id)])
    )
    assert n == 1
    assert platform.internal_transfer(c.id).status == "CANCELLED"


class _Receiver:
    """A local webhook endpoint: ``received`` holds (body, headers)."""

    def __init__(self) -> None:
        self.received: List[Tuple[bytes, Dict[str, str]]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                outer.received.append((body, dict(self.headers.items())))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/stone-webhooks"

    def wait_for(self, n: int, seconds: float = 10) -> List[Tuple[bytes, Dict[str, str]]]:
        until = time.monotonic() + seconds
        while len(self.received) < n and time.monotonic() < until:
            time.sleep(0.05)
        return self.received


@pytest.fixture(scope="module")
def receiver(sandbox: Sandbox) -> Iterator[_Receiver]:
    r = _Receiver()
    sandbox.admin("PUT", f"/admin/applications/{OWN}/webhook", {"url": r.url})
    yield r
    r.server.shutdown()


def test_webhooks_verified_and_forgeries_refused(own: so.Client, account: so.Account, target: so.Account, receiver: _Receiver) -> None:
    start = len(receiver.received)
    t = own.create_internal_transfer(
        so.NewInternalTransfer(account_id=account.id, amount=100, target_account_code=target.account_code)
    )
    received = receiver.wait_for(start + 1)[start:]
    events = [own.verify_webhook(body, headers) for body, headers in received]
    mine = [e for e in events if e.target_id == t.id]
    assert mine, events
    event = mine[0]
    assert isinstance(event, so.WebhookEvent)
    assert "internal_transfer" in event.event_type
    assert event.target.kind == "internal_transfer"
    assert isinstance(event.target.data, so.InternalTransfer) and event.target.data.id == t.id
    body = received[0][0].decode()
    i = len(body) - 12
    forged = body[:i] + ("B" if body[i] == "A" else "A") + body[i + 1 :]
    with pytest.raises(so.WebhookError) as e:
        own.verify_webhook(forged)
    assert e.value.reason
    with pytest.raises(so.WebhookError) as e:
        own.verify_webhook(b"{}")
    assert e.value.reason == "malformed"


def test_token_mode(own: so.Client, account: so.Account, sandbox: Sandbox) -> None:
    token = own.access_token()
    front = so.Client.with_access_token("front end", token, base_url=sandbox.base_url)
    assert front.balance(account.id).balance == own.balance(account.id).balance
    assert token not in repr(front)
    with pytest.raises(so.InvalidInput) as e:
        front.verify_webhook("{}")
    assert e.value.field == "credentials"
    expired = so.Client.with_access_token("front end", "not-a-token", base_url=sandbox.base_url)
    with pytest.raises(so.AuthenticationError) as auth:
        expired.balance(account.id)
    assert auth.value.status == 401


def test_statement_is_lazy_and_complete(own: so.Client, account: so.Account, target: so.Account, sandbox: Sandbox) -> None:
    # Its own entries: what earlier tests left depends on the clock (a boleto
    # paid after 23:50 in Brasília waits for the next business day).
    for cents in (11, 12, 13, 14):
        own.create_internal_transfer(so.NewInternalTransfer(account_id=account.id, amount=cents, target_account_code=target.account_code))
    entries = list(own.statement(account.id, page_size=2))
    assert len(entries) >= 4
    assert len({e.id for e in entries}) == len(entries)
    assert all(isinstance(e.amount, int) for e in entries)
    assert own.statement_entry(entries[0].id).id == entries[0].id
    walk = own.statement(account.id, page_size=1)
    assert next(walk).id == entries[0].id  # one request so far, not the whole list
    with own as same:
        assert same is own
    assert sandbox.admin("GET", "/admin/ledger")["conserved"] is True


def test_one_client_shared_by_threads_with_the_gil_released(own: so.Client, account: so.Account, sandbox: Sandbox) -> None:
    results: List[int] = []
    errors: List[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                results.append(own.balance(account.id).balance)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors and len(results) == 40
    # While a slow request waits in Rust, Python threads keep running.
    sandbox.admin("POST", "/admin/faults", {"latency_ms": 400})
    try:
        ticks = 0
        done = threading.Event()

        def slow() -> None:
            own.balance(account.id)
            done.set()

        th = threading.Thread(target=slow)
        th.start()
        while not done.is_set():
            ticks += 1
            time.sleep(0.01)
        th.join()
        assert ticks >= 10, f"the main thread ran {ticks} times during a 400 ms call"
    finally:
        sandbox.admin("POST", "/admin/faults", {})


def _child_balance(client: so.Client, account_id: str, out: "multiprocessing.Queue[Any]") -> None:
    try:
        out.put(("ok", client.balance(account_id).balance))
    except BaseException as e:  # noqa: BLE001 - sent to the parent
        out.put(("error", repr(e)))


def test_the_client_works_in_a_child_after_fork(own: so.Client, account: so.Account) -> None:
    parent = own.balance(account.id).balance  # the runtime and connections exist before fork
    ctx = multiprocessing.get_context("fork")
    out: "multiprocessing.Queue[Any]" = ctx.Queue()
    child = ctx.Process(target=_child_balance, args=(own, account.id, out))
    child.start()
    status, value = out.get(timeout=30)
    child.join(timeout=30)
    assert (status, value) == ("ok", parent)
    assert child.exitcode == 0
    assert own.balance(account.id).balance == parent  # the parent's client still works


def test_pix_keys_charges_lookup_and_received(platform: so.Client, target: so.Account, sandbox: Sandbox) -> None:
    def txid(s: str) -> str:
        return f"pedido{s}abcdefghijklmnopqrstuvw"[:30]

    request = platform.create_pix_key(target.id, so.NewPixKey(key_type="random_key", key=""))
    assert request.id
    key = next(k for k in platform.pix_keys(target.id) if k.key_type == "random_key")
    assert len(platform.pix_key(target.id, key.id).events) == 1
    new = so.NewPixCharge(account_id=target.id, key=key.key, transaction_id=txid("p1"), amount=2_500)
    charge = platform.create_pix_charge(new, idempotency_key="py-pix-1")
    assert platform.create_pix_charge(new, idempotency_key="py-pix-1").id == charge.id
    assert so.parse_pix(charge.qr_code_content).amount_cents == 2_500
    looked = platform.lookup_brcode(charge.qr_code_content)
    assert looked.type == "dynamic" and looked.dynamic is not None and looked.dynamic.amount == 2_500
    paid = sandbox.admin("POST", "/admin/pix/inbound", {"brcode": charge.qr_code_content})
    inbound = platform.inbound_pix(paid["id"])
    assert inbound.amount == 2_500
    assert inbound.pix_payment_invoice is not None and inbound.pix_payment_invoice.id == charge.id
    assert platform.pix_charge(charge.id).status == "PAID"
    with pytest.raises(so.UnprocessableEntityError) as refused:
        platform.cancel_pix_charge(target.id, charge.id)
    assert refused.value.type == "srn:error:already_paid"
    other = platform.create_pix_charge(so.NewPixCharge(account_id=target.id, key=key.key, transaction_id=txid("p2")))
    platform.cancel_pix_charge(target.id, other.id)
    assert platform.pix_charge(other.id).status == "CANCELLED"
    st = platform.create_static_pix_charge(
        so.NewStaticPixCharge(account_id=target.id, key=key.key, transaction_id=txid("s1"), amount=990)
    )
    assert platform.static_pix_charge(st.id).qr_code_content == st.qr_code_content
    static = platform.lookup_brcode(st.qr_code_content).static
    assert static is not None and static.amount == 990
    renamed = platform.update_static_pix_charge(st.id, "Loja do centro", idempotency_key="py-rename-1")
    assert renamed.qr_code_content != st.qr_code_content
    assert so.parse_pix(renamed.qr_code_content).description == "Loja do centro"
    with pytest.raises(so.ConflictError):
        platform.update_static_pix_charge(st.id, "Outra", idempotency_key="py-rename-1")
    with pytest.raises(so.InvalidInput) as bad:
        platform.lookup_brcode("000201 not a code")
    assert bad.value.field == "brcode"
    with pytest.raises(so.InvalidInput):
        platform.create_pix_key(target.id, so.NewPixKey(key_type="cpf", key="123"))
    platform.delete_pix_key(target.id, key.id)
    assert all(k.id != key.id for k in platform.pix_keys(target.id))


def test_pix_out_to_a_key_a_charge_and_a_platforms_awaiting_the_owner(
    own: so.Client, platform: so.Client, account: so.Account, target: so.Account, sandbox: Sandbox
) -> None:
    before = own.balance(account.id).balance
    new = so.NewPixPayment(account_id=account.id, key="+55 21 98804-0465", description="python")
    created = own.create_pix_payment(new, idempotency_key="py-out-1")
    assert (created.status, created.key) == ("CREATED", "+5521988040465")
    assert created.target is not None and created.target.account is None
    confirmation = so.PixConfirmation(amount=1_250)
    own.confirm_pix_payment(created.id, confirmation, idempotency_key="py-out-c1")
    own.confirm_pix_payment(created.id, confirmation, idempotency_key="py-out-c1")  # a retry sends nothing more
    sent = own.pix_payment(created.id)
    assert (sent.status, sent.amount) == ("SETTLED", 1_250)
    assert own.balance(account.id).balance == before - 1_250
    # A charge paid by its key and txid, at its own amount.
    platform.create_pix_key(target.id, so.NewPixKey(key_type="random_key", key=""))
    key = next(k for k in platform.pix_keys(target.id) if k.key_type == "random_key" and k.key_status == "active")
    txid = "pyout42abcdefghijklmnopqrstuv"
    charge = platform.create_pix_charge(so.NewPixCharge(account_id=target.id, key=key.key, transaction_id=txid, amount=777))
    with pytest.raises(so.UnprocessableEntityError) as differs:
        own.create_pix_payment(so.NewPixPayment(account_id=account.id, key=key.key, transaction_id=txid, amount=700))
    assert differs.value.type == "srn:error:invoice_amount_differs"
    paying = own.create_pix_payment(so.NewPixPayment(account_id=account.id, key=key.key, transaction_id=txid))
    own.confirm_pix_payment(paying.id, so.PixConfirmation())
    assert own.pix_payment(paying.id).amount == 777
    paid_charge = platform.pix_charge(charge.id)
    assert paid_charge.status == "PAID"
    # The payee refunds part of it: a platform's refund waits for the owner.
    refund = platform.refund_inbound_pix(
        so.NewPixRefund(inbound_pix_payment_id=paid_charge.inbound_pix_payments[0], amount=77, reason="beneficiary_request"),
        idempotency_key="py-refund-1",
    )
    assert refund.status == "PENDING"
    before_refund = own.balance(account.id).balance
    sandbox.admin("POST", f"/admin/refunds_for_inbound_pix_payments/{refund.id}/approve")
    assert own.balance(account.id).balance == before_refund + 77
    assert own.pix_payment(paying.id).refunded_amount == 77
    with pytest.raises(so.InvalidInput) as bad_reason:
        platform.refund_inbound_pix(so.NewPixRefund(inbound_pix_payment_id=paid_charge.inbound_pix_payments[0], amount=1, reason="troco"))
    assert bad_reason.value.field == "reason"
    # A platform's Pix waits CONFIRMED until the owner approves it.
    waiting = platform.create_pix_payment(
        so.NewPixPayment(account_id=target.id, key="gabriela.abreu@example.com", amount=300)
    )
    platform.confirm_pix_payment(waiting.id, so.PixConfirmation())
    shown = platform.pix_payment(waiting.id)
    assert shown.status == "CONFIRMED" and shown.approved_at is None
    assert any(op.id == waiting.id and op.type == "pix_payment" for op in platform.pending_operations(target.id, "PENDING_APPROVAL"))
    sandbox.admin(
        "POST",
        f"/admin/accounts/{target.id}/operations/actions/approve",
        {"action": "approve_only", "operations": [{"id": waiting.id, "type": "pix_payment"}]},
    )
    assert platform.pix_payment(waiting.id).status == "SETTLED"
    with pytest.raises(so.InvalidInput) as bad:
        own.create_pix_payment(so.NewPixPayment(account_id=account.id, key="not a key", amount=1))
    assert bad.value.field == "key"
    # The unified list of the own account's Pix, lazily.
    assert any(a.type == "outbound_pix_payment" and a.id == created.id for a in own.pix_activity(account.id))


def test_pix_due_date_terms_amounts_and_cancel(own: so.Client, account: so.Account) -> None:
    own.create_pix_key(account.id, so.NewPixKey(key_type="random_key", key=""))
    key = next(k for k in own.pix_keys(account.id) if k.key_status == "active").key
    base = datetime.date.today()
    new = so.NewDuePixCharge(
        account_id=account.id,
        key=key,
        transaction_id="pydue42abcdefghijklmnopqrstu",
        amount=25_000,
        expiration_date=base + datetime.timedelta(days=5),
        customer=so.PixCustomer(name="Cliente", document="12345678909"),
        payment_limit_period_days=10,
        fine=so.PixAdjustment(type="proportional", proportional_value=so.PixRate(coefficient=2, exponent=-2)),
        interest=so.PixInterest(type="fixed", period="day", fixed_value=15),
    )
    charge = own.create_due_pix_charge(new)
    assert charge.status == "ACTIVE"
    amounts = own.due_pix_amounts(charge.id, (base + datetime.timedelta(days=8)).isoformat())
    assert (amounts.fine, amounts.interest, amounts.final_amount) == (500, 45, 25_545)
    own.cancel_due_pix_charge(account.id, charge.id)
    with pytest.raises(so.InvalidInput) as bad:
        own.create_due_pix_charge(
            so.NewDuePixCharge(
                account_id=account.id,
                key=key,
                transaction_id="pydue43abcdefghijklmnopqrstu",
                amount=25_000,
                expiration_date=base + datetime.timedelta(days=5),
                customer=so.PixCustomer(name="Cliente", document="12345678909"),
                fine=so.PixAdjustment(type="proportional", fixed_value=100),
            )
        )
    assert bad.value.field == "fine"


def test_pix_key_claims(own: so.Client, account: so.Account, sandbox: Sandbox) -> None:
    bakery = sandbox.admin(
        "POST", "/admin/accounts", {"owner_name": "Padaria", "owner_document": "11444777000161", "balance": 0, "operators": [OWN]}
    )
    req = own.create_pix_key(bakery["id"], so.NewPixKey(key_type="cnpj", key="11444777000161"))
    assert own.pix_key(bakery["id"], req.id).key_status == "failed"
    claim = own.create_pix_claim(bakery["id"], req.id)
    assert claim.claim_type == "portability"
    with pytest.raises(so.UnprocessableEntityError):
        own.complete_pix_claim(bakery["id"], claim.id)
    sandbox.admin("POST", f"/admin/pix/entry_claims/{claim.id}/confirm")
    own.complete_pix_claim(bakery["id"], claim.id)
    assert own.pix_claim(bakery["id"], claim.id).status == "completed"
    assert [c.id for c in own.pix_claims(bakery["id"])] == [claim.id]
    moved = own.pix_keys(bakery["id"])[0]
    assert moved.key == "11444777000161"
    own.update_pix_key(bakery["id"], moved.id, so.PixKeyUpdate(reason="user_requested", name="Padaria Nova"))
    entity = own.pix_key(bakery["id"], moved.id).beneficiary_entity
    assert entity is not None and entity.name == "Padaria Nova"
    phone = own.create_pix_key(account.id, so.NewPixKey(key_type="phone", key="+5521988040465"))
    other = own.create_pix_claim(account.id, phone.id)
    own.cancel_pix_claim(account.id, other.id)
    assert own.pix_claim(account.id, other.id).status == "cancelled"
    for key, give in (("+5511911110002", True), ("+5511911110012", False)):
        own.create_pix_key(account.id, so.NewPixKey(key_type="phone", key=key))
        theirs = sandbox.admin("POST", "/admin/pix/entry_claims", {"key": key})
        if give:
            own.approve_pix_claim(account.id, theirs["id"])
        else:
            own.reject_pix_claim(account.id, theirs["id"])
        assert any(k.key == key for k in own.pix_keys(account.id)) is not give


def test_the_bcb_standard_api_in_centavos(own: so.Client, account: so.Account, sandbox: Sandbox) -> None:
    own.create_pix_key(account.id, so.NewPixKey(key_type="random_key", key=""))
    chave = next(k for k in own.pix_keys(account.id) if k.key_status == "active").key
    txid = "pycob42abcdefghijklmnopqrstuv"
    cob = own.create_cob(account.id, txid, so.NewCob(chave=chave, original=3_700, devedor_nome="Empresa SA", devedor_documento="11444777000161"))
    assert cob.valor.original == 3_700
    paid = sandbox.admin("POST", "/admin/pix/inbound", {"brcode": cob.qr_code_copia_cola})
    assert own.cob(account.id, txid).status == "CONCLUIDA"
    assert own.received_pix(account.id, paid["end_to_end_id"]).valor == 3_700
    dev = own.create_devolucao(account.id, paid["end_to_end_id"], "pydev1", 700)
    assert dev.status == "DEVOLVIDO"
    assert own.create_devolucao(account.id, paid["end_to_end_id"], "pydev1", 700).rtr_id == dev.rtr_id
    assert own.devolucao(account.id, paid["end_to_end_id"], "pydev1").valor == 700
    # Infraction reports (MED): the payer's bank reports the Pix; the account closes the report once.
    report = sandbox.admin("POST", "/admin/pix/infraction_reports", {"end_to_end_id": paid["end_to_end_id"], "type": "fraud"})
    by_e2e = so.PixInfractionFilter(end_to_end_id=paid["end_to_end_id"])
    reports = own.pix_infraction_reports(account.id, by_e2e)
    assert [(r.id, r.status, r.type) for r in reports] == [(report["id"], "pending", "fraud")]
    own.close_pix_infraction_report(account.id, report["id"], "accepted", analysis_details="Confirmada")
    with pytest.raises(so.UnprocessableEntityError):
        own.close_pix_infraction_report(account.id, report["id"], "rejected")
    with pytest.raises(so.InvalidInput) as refused:
        own.close_pix_infraction_report(account.id, report["id"], "maybe")
    assert refused.value.field == "analysis_result"
    assert own.pix_infraction_reports(account.id, by_e2e)[0].analysis_result == "accepted"
    other = own.create_cob(account.id, None, so.NewCob(chave=chave, original=100))
    assert own.remove_cob(account.id, other.txid).status == "REMOVIDA_PELO_USUARIO_RECEBEDOR"
    with pytest.raises(so.NotFoundError):
        own.cob(account.id, "naoexiste42abcdefghijklmnopqr")
    # The BCB's lists walk numbered pages as Stone's lists walk cursors.
    period = so.BcbListFilter(inicio="2000-01-01T00:00:00Z", fim="2100-01-01T00:00:00Z")
    every_cob = [c.txid for c in own.cobs(account.id, period, page_size=1)]
    assert txid in every_cob and other.txid in every_cob
    concluded = so.BcbListFilter(inicio=period.inicio, fim=period.fim, status="CONCLUIDA")
    concluded_txids = [c.txid for c in own.cobs(account.id, concluded)]
    assert txid in concluded_txids and other.txid not in concluded_txids
    by_txid = so.BcbListFilter(inicio=period.inicio, fim=period.fim, txid=txid)
    assert [p.end_to_end_id for p in own.received_pix_list(account.id, by_txid)] == [paid["end_to_end_id"]]
    third = own.create_cob(account.id, None, so.NewCob(chave=chave, original=200))
    revised = own.revise_cob(account.id, third.txid, so.CobRevision(solicitacao_pagador="Pedido 7"))
    assert revised.solicitacao_pagador == "Pedido 7"
    with pytest.raises(so.InvalidInput) as nothing:
        own.revise_cob(account.id, third.txid, so.CobRevision())
    assert nothing.value.field == "revision"
    loc = own.create_pix_location(account.id, "cobv")
    due = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    new = so.NewCobv(
        chave=chave,
        valor=so.CobvValor(original=12_345, multa=so.CobvTerm(modalidade=2, valor_perc=1_500)),
        data_de_vencimento=due,
        validade_apos_vencimento=30,
        devedor_nome="Francisco",
        devedor_documento="12345678909",
        loc_id=loc.id,
    )
    made = own.create_cobv(account.id, "pycobv42abcdefghijklmnopqrstu", new)
    assert made.valor.multa == so.CobvTerm(modalidade=2, valor_perc=1_500)
    assert own.pix_location(account.id, loc.id).txid == "pycobv42abcdefghijklmnopqrstu"
    assert own.cobv(account.id, made.txid).status == "ATIVA"
    in_lot = so.NewCobv(
        chave=chave, valor=so.CobvValor(original=500), data_de_vencimento=due, devedor_nome="Ana", devedor_documento="12345678909"
    )
    own.create_cobv_lot(account.id, "pylote1", "Alunos", [so.NewCobvInLot(txid="pylote42abcdefghijklmnopqrstu", cobv=in_lot)])
    assert own.cobv_lot(account.id, "pylote1").cobsv[0].status == "CRIADA"
    assert any(lot.descricao == "Alunos" for lot in own.cobv_lots(account.id, period))
    active = so.BcbListFilter(inicio=period.inicio, fim=period.fim, status="ATIVA")
    assert any(c.txid == made.txid for c in own.cobvs(account.id, active))
    assert any(loc_.id == loc.id for loc_ in own.pix_locations(account.id, period))
    with pytest.raises(so.InvalidInput) as unfiltered:
        list(own.pix_locations(account.id, active))
    assert unfiltered.value.field == "status"
    own.revise_cobv_lot(
        account.id,
        "pylote1",
        [so.CobvLotRevision(txid="pylote42abcdefghijklmnopqrstu", revision=so.CobRevision(solicitacao_pagador="Mensalidade"))],
    )
    assert own.cobv(account.id, "pylote42abcdefghijklmnopqrstu").solicitacao_pagador == "Mensalidade"
    assert own.revise_cobv(account.id, made.txid, so.CobRevision(solicitacao_pagador="Dezembro")).revisao == made.revisao + 1
    assert own.remove_cobv(account.id, "pylote42abcdefghijklmnopqrstu").status == "REMOVIDA_PELO_USUARIO_RECEBEDOR"
    assert own.unlink_pix_location(account.id, loc.id).txid is None


def test_async_client(sandbox: Sandbox, demo_key: str, account: so.Account, target: so.Account) -> None:
    async def story() -> None:
        async with so.AsyncClient(UA, client_id=OWN, private_key=demo_key, base_url=sandbox.base_url) as client:
            accounts = await client.accounts()
            assert accounts[0].id == account.id
            # Many calls at once on one event loop.
            balances = await asyncio.gather(*(client.balance(account.id) for _ in range(20)))
            assert len({b.balance for b in balances}) == 1
            t = so.NewInternalTransfer(account_id=account.id, amount=321, target_account_code=target.account_code)
            first = await client.create_internal_transfer(t, idempotency_key="py-async-1")
            again = await client.create_internal_transfer(t, idempotency_key="py-async-1")
            assert first.id == again.id
            seen = [e async for e in client.statement(account.id, page_size=3)]
            assert any(e.operation_id == first.id for e in seen) or len(seen) >= 4
            with pytest.raises(so.NotFoundError):
                await client.internal_transfer("no-such-transfer")
            with pytest.raises(so.InvalidInput):
                await client.create_internal_transfer(
                    so.NewInternalTransfer(account_id=account.id, amount=0, target_account_code="1")
                )
            pdf = await client.receipt_pdf("internal_transfer", first.id)
            assert pdf.startswith(b"%PDF-")
            # A cancelled task stops waiting; the transfer it started is not duplicated.
            task = asyncio.ensure_future(client.create_internal_transfer(t, idempotency_key="py-async-2"))
            await asyncio.sleep(0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            retried = await client.create_internal_transfer(t, idempotency_key="py-async-2")
            again2 = await client.create_internal_transfer(t, idempotency_key="py-async-2")
            assert retried.id == again2.id

    asyncio.run(story())


def test_models_pickle_and_compare(own: so.Client, account: so.Account) -> None:
    import pickle

    balance = own.balance(account.id)
    assert pickle.loads(pickle.dumps(balance)) == balance
    try:
        own.internal_transfer("no-such-transfer")
    except so.NotFoundError as e:
        copy = pickle.loads(pickle.dumps(e))
        assert isinstance(copy, so.NotFoundError) and copy.status == 404
    assert json.dumps(so.models.__all__)
