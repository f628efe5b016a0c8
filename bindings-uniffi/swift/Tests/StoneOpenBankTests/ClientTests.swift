// The Swift client against `stone sandbox`: every area of both partnership
// models through `async throws` methods and `Pages`, typed models and
// errors, idempotency, token mode, and a Task cancelled mid-request that
// leaves no duplicated cash-out.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import StoneOpenBank

final class ClientTests: XCTestCase {
    static var sandbox: Process?
    static var base = ""
    static let repo = TestSandbox.repo

    override class func setUp() {
        (sandbox, base) = TestSandbox.start()
    }

    override class func tearDown() {
        TestSandbox.stop(sandbox)
    }

    var key: String { (try? String(contentsOfFile: Self.repo + "/sandbox/seed/demo-app.key.pem", encoding: .utf8)) ?? "" }

    func client(_ id: String) throws -> StoneClient {
        try StoneClient(userAgent: "Integração Swift", clientId: id, privateKey: key, baseUrl: Self.base)
    }

    func admin(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await TestSandbox.admin(Self.base, method, path, body)
    }

    func testTransfersAreTypedKeyedOnceAndErrorsTyped() async throws {
        XCTAssertFalse(Self.base.isEmpty, "the sandbox started")
        let own = try client("demo-conta-de-liquidacao")
        let platform = try client("demo-openbank-platform")
        let account = try await own.accounts()[0]
        let platformAccounts = try await platform.accounts()
        let target = try XCTUnwrap(platformAccounts.first { $0.id != account.id })
        let balance = try await own.balance(accountId: account.id)
        XCTAssertGreaterThan(balance.balance, 0)
        let t = NewInternalTransfer(accountId: account.id, amount: 1234, description: "swift", targetAccountCode: target.accountCode)
        let first = try await own.createInternalTransfer(transfer: t, idempotencyKey: "sw-key-1")
        let again = try await own.createInternalTransfer(transfer: t, idempotencyKey: "sw-key-1")
        XCTAssertEqual(first.id, again.id)
        let got = try await own.internalTransfer(transferId: first.id)
        XCTAssertEqual(got.status, .finished)
        var other = t
        other.amount = 999
        do {
            _ = try await own.createInternalTransfer(transfer: other, idempotencyKey: "sw-key-1")
            XCTFail("a reused key with another body is a conflict")
        } catch let StoneError.conflict(f) {
            XCTAssertEqual(f.status, 409)
            XCTAssertNotNil(f.requestId)
        }
        do {
            _ = try await own.internalTransfer(transferId: "no-such-transfer")
            XCTFail("404")
        } catch StoneError.notFound {}
        var bad = t
        bad.amount = -5
        do {
            _ = try await own.createInternalTransfer(transfer: bad)
            XCTFail("refused before any request")
        } catch let StoneError.invalidInput(_, field, _) {
            XCTAssertEqual(field, "amount")
        }
        XCTAssertThrowsError(try StoneClient(userAgent: "x", clientId: "c", privateKey: "not a key", baseUrl: Self.base))
        XCTAssertFalse("\(own)".contains("PRIVATE"))
    }

    func testListsPaymentsBoletosAndOpenBank() async throws {
        let own = try client("demo-conta-de-liquidacao")
        let platform = try client("demo-openbank-platform")
        let account = try await own.accounts()[0]
        let platformAccounts = try await platform.accounts()
        let target = try XCTUnwrap(platformAccounts.first { $0.id != account.id })
        for amount in [11, 12, 13] as [Int64] {
            _ = try await own.createInternalTransfer(transfer: NewInternalTransfer(accountId: account.id, amount: amount, targetAccountCode: target.accountCode))
        }
        var ids: [String] = []
        for try await entry in try own.statement(accountId: account.id, pageSize: 2) { ids.append(entry.id) }
        XCTAssertGreaterThanOrEqual(ids.count, 3)
        XCTAssertEqual(Set(ids).count, ids.count)

        let calendar = try await own.schedulingCalendar(operationType: .externalTransfer)
        let day = try XCTUnwrap(calendar.nextAvailableExecutionDate)
        let ted = try await own.createExternalTransfer(transfer: NewExternalTransfer(
            accountCode: "12345", accountId: account.id, accountType: .cc, amount: 25000, branchCode: "1",
            document: "11.222.333/0001-81", institutionCode: "260", name: "Fornecedor", scheduledTo: day))
        XCTAssertEqual(ted.status, .scheduled)
        try await own.cancelExternalTransfer(transferId: ted.id)

        let due = ISO8601DateFormatter.string(from: Date().addingTimeInterval(5 * 86400), timeZone: TimeZone(identifier: "America/Sao_Paulo")!, formatOptions: [.withFullDate])
        let boleto = try buildBankBoleto(bankCode: "341", amountCents: 12345, freeField: "1090000000000000000000123", dueDate: due)
        let payment = NewPayment(accountId: account.id, barcode: boleto.formattedLine)
        let dry = try await own.dryRunPayment(payment: payment)
        XCTAssertEqual(dry.details?.value, 12345)
        let paid = try await own.createPayment(payment: payment)
        let pdf = try await own.receiptPdf(of: .payment, resourceId: paid.id)
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")

        let user = try await admin("POST", "/admin/accounts", ["owner_name": "Padaria", "owner_document": "11222333000181", "balance": 300000])
        let userId = try XCTUnwrap(user["id"] as? String)
        let link = try await platform.consentLink(request: ConsentLinkRequest(redirectUri: "https://erp.example/back", sessionMetadata: ["erp": "1"]))
        let jwt = try XCTUnwrap(URLComponents(string: link)?.queryItems?.first { $0.name == "jwt" }?.value)
        let decision = try await admin("POST", "/admin/consents", ["client_id": "demo-openbank-platform", "jwt": jwt, "account_id": userId, "decision": "approve"])
        let back = try await platform.parseConsentRedirect(url: try XCTUnwrap(decision["redirect_to"] as? String))
        XCTAssertEqual(back.result, "approved")
        let pt = try await platform.createInternalTransfer(transfer: NewInternalTransfer(accountId: userId, amount: 12000, targetAccountCode: account.accountCode))
        XCTAssertEqual(pt.status, .created)
        _ = try await admin("POST", "/admin/internal_transfers/\(pt.id)/approve")
        let approved = try await platform.internalTransfer(transferId: pt.id)
        XCTAssertEqual(approved.status, .finished)
        let token = try await own.accessToken()
        let app = try StoneClient(userAgent: "app", accessToken: token, baseUrl: Self.base)
        let viaToken = try await app.balance(accountId: account.id)
        let viaKey = try await own.balance(accountId: account.id)
        XCTAssertEqual(viaToken.balance, viaKey.balance)
        do {
            _ = try await own.verifyWebhook(body: "{}", headers: [:])
            XCTFail("a malformed webhook is refused")
        } catch let StoneError.webhook(_, reason) {
            XCTAssertEqual(reason, "malformed")
        }
    }

    /// The operations the stories above leave out, each called once with
    /// its result checked: reference data, dry-runs, lists, contacts,
    /// payroll, portability, owner decisions one by one and in batches.
    func testEveryOtherOperation() async throws {
        let own = try client("demo-conta-de-liquidacao")
        let platform = try client("demo-openbank-platform")
        let account = try await own.accounts()[0]
        let platformAccounts = try await platform.accounts()
        let target = try XCTUnwrap(platformAccounts.first { $0.id != account.id })
        let same = try await own.account(accountId: account.id)
        XCTAssertEqual(same.id, account.id)
        let fees = try await own.fees(accountId: account.id)
        let fee = try await own.fee(accountId: account.id, feeType: fees[0].feeType)
        XCTAssertEqual(fee.feeType, fees[0].feeType)
        let institutions = try await own.institutions()
        XCTAssertFalse(institutions.isEmpty)
        let itau = try await own.institution(code: "341")
        XCTAssertNotNil(itau.name)
        var entryId: String? = nil
        for try await entry in try own.statement(accountId: account.id, pageSize: 1) { entryId = entry.id; break }
        let entry = try await own.statementEntry(entryId: try XCTUnwrap(entryId))
        XCTAssertEqual(entry.id, entryId)

        // Internal transfers: a dry-run, a scheduled one cancelled.
        let t = NewInternalTransfer(accountId: account.id, amount: 300, targetAccountCode: target.accountCode)
        let dry = try await own.dryRunInternalTransfer(transfer: t)
        XCTAssertEqual(dry.amount, 300)
        let later = ISO8601DateFormatter.string(from: Date().addingTimeInterval(10 * 86400), timeZone: TimeZone(identifier: "America/Sao_Paulo")!, formatOptions: [.withFullDate])
        let scheduled = try await own.createInternalTransfer(transfer: NewInternalTransfer(accountId: account.id, amount: 300, scheduledTo: later, targetAccountCode: target.accountCode))
        try await own.cancelInternalTransfer(transferId: scheduled.id)
        let cancelled = try await own.internalTransfer(transferId: scheduled.id)
        XCTAssertEqual(cancelled.status, .cancelled)

        // The platform's TED and payment wait for the owner; only the owner decides.
        let ted = NewExternalTransfer(accountCode: "12345", accountId: target.id, accountType: .cc, amount: 1000, branchCode: "1",
            document: "11.222.333/0001-81", institutionCode: "260", name: "Fornecedor")
        let preview = try await platform.dryRunExternalTransfer(transfer: ted)
        XCTAssertEqual(preview.amount, 1000)
        let pendingTed = try await platform.createExternalTransfer(transfer: ted)
        let readTed = try await platform.externalTransfer(transferId: pendingTed.id)
        XCTAssertEqual(readTed.status, .created)
        for decide in [platform.approveExternalTransfer, platform.rejectExternalTransfer] {
            do {
                try await decide(pendingTed.id)
                XCTFail("the platform decided in the owner's place")
            } catch let StoneError.api(f) {
                XCTAssertEqual(f.status, 403)
            }
        }
        var teds: [String] = []
        for try await x in try platform.externalTransfers(accountId: target.id) { teds.append(x.id) }
        XCTAssertTrue(teds.contains(pendingTed.id))
        let due = ISO8601DateFormatter.string(from: Date().addingTimeInterval(5 * 86400), timeZone: TimeZone(identifier: "America/Sao_Paulo")!, formatOptions: [.withFullDate])
        let line = try buildBankBoleto(bankCode: "341", amountCents: 2000, freeField: "1090000000000000000000789", dueDate: due).formattedLine
        let payment = try await platform.createPayment(payment: NewPayment(accountId: target.id, barcode: line))
        for decide in [platform.approvePayment, platform.rejectPayment] {
            do {
                try await decide(payment.id)
                XCTFail("the platform decided in the owner's place")
            } catch let StoneError.api(f) {
                XCTAssertEqual(f.status, 403)
            }
        }
        var payments: [String] = []
        for try await x in try platform.payments(accountId: target.id) { payments.append(x.id) }
        XCTAssertTrue(payments.contains(payment.id))
        let scheduledPayment = try await own.createPayment(payment: NewPayment(accountId: account.id, barcode: line, scheduledTo: later))
        try await own.cancelPayment(paymentId: scheduledPayment.id)
        let cancelledPayment = try await own.payment(paymentId: scheduledPayment.id)
        XCTAssertEqual(cancelledPayment.status, .cancelled)

        // Boletos issued: read, listed, written off.
        let issued = try await own.createBoleto(boleto: NewBoletoInvoice(accountId: account.id, amount: 3000, expirationDate: due, invoiceType: .deposit))
        let read = try await own.boleto(invoiceId: issued.id)
        XCTAssertEqual(read.id, issued.id)
        var boletos: [String] = []
        for try await b in try own.boletos(accountId: account.id) { boletos.append(b.id) }
        XCTAssertTrue(boletos.contains(issued.id))
        try await own.cancelBoleto(invoiceId: issued.id)
        let writtenOff = try await own.boleto(invoiceId: issued.id)
        XCTAssertTrue([InvoiceStatus.cancellationRequested, .cancelled].contains(writtenOff.status))

        // Contacts and their bank accounts.
        let contact = try await own.createContact(accountId: account.id, fields: ContactFields(name: "Fornecedor S", taxId: "52998224725"))
        let updated = try await own.updateContact(accountId: account.id, contactId: contact.id, fields: ContactFields(email: "s@example.com"))
        XCTAssertEqual(updated.email, "s@example.com")
        let fields = BankAccountFields(accountCode: "12345", accountType: "CC", branchCode: "1", institutionCode: "341")
        let bank = try await own.addContactBankAccount(accountId: account.id, contactId: contact.id, fields: fields)
        let moved = try await own.updateContactBankAccount(accountId: account.id, contactId: contact.id, bankAccountId: bank.id,
            fields: BankAccountFields(accountCode: "12345", accountType: "CC", branchCode: "2", institutionCode: "341"))
        XCTAssertEqual(moved.branchCode, "2")
        try await own.deleteContactBankAccount(accountId: account.id, contactId: contact.id, bankAccountId: bank.id)
        let contacts = try await own.contacts(accountId: account.id)
        XCTAssertTrue(contacts.contains { $0.id == contact.id })
        let one = try await own.contact(accountId: account.id, contactId: contact.id)
        XCTAssertEqual(one.id, contact.id)
        try await own.deleteContact(accountId: account.id, contactId: contact.id)
        do {
            _ = try await own.contact(accountId: account.id, contactId: contact.id)
            XCTFail("a deleted contact was found")
        } catch StoneError.notFound {}

        // Payroll (the spreadsheet upload is the sandbox's admin part) and portability.
        let upload = try await admin("POST", "/admin/payroll/salaries", ["salaries": [["name": "Maria", "cpf": "52998224725", "account_code": target.accountCode, "amount": 150000]]])
        let payroll = try await own.createPayroll(accountId: account.id, salariesId: try XCTUnwrap(upload["salaries_id"] as? String))
        let readPayroll = try await own.payroll(payrollId: payroll.id)
        XCTAssertEqual(readPayroll.id, payroll.id)
        var salaries = 0
        for try await _ in try own.payrollSalaries(payrollId: payroll.id) { salaries += 1 }
        XCTAssertEqual(salaries, 1)
        var payrolls: [String] = []
        for try await p in try own.payrolls(accountId: account.id) { payrolls.append(p.id) }
        XCTAssertTrue(payrolls.contains(payroll.id))
        let portability = try await platform.createSalaryPortability(portability: NewSalaryPortability(
            accountId: target.id, employerDocument: "11.222.333/0001-81", employerName: "Demo Pagamentos", payrollInstitutionCode: "341"))
        var portabilities: [String] = []
        for try await p in try platform.salaryPortabilities(accountId: target.id) { portabilities.append(p.id) }
        XCTAssertTrue(portabilities.contains(portability.id))

        // The owner decides what a consented platform created: one by one, then in batches.
        let link = try await platform.consentLink(request: ConsentLinkRequest(redirectUri: "https://erp.example/back", sessionMetadata: ["s": "1"]))
        let jwt = try XCTUnwrap(URLComponents(string: link)?.queryItems?.first { $0.name == "jwt" }?.value)
        _ = try await admin("POST", "/admin/consents", ["client_id": "demo-openbank-platform", "jwt": jwt, "account_id": account.id, "decision": "approve"])
        let pt = NewInternalTransfer(accountId: account.id, amount: 200, targetAccountCode: target.accountCode)
        var made: [InternalTransfer] = []
        for _ in 0..<4 { made.append(try await platform.createInternalTransfer(transfer: pt)) }
        try await own.approveInternalTransfer(transferId: made[0].id)
        try await own.rejectInternalTransfer(transferId: made[1].id)
        let a = try await own.internalTransfer(transferId: made[0].id)
        let b = try await own.internalTransfer(transferId: made[1].id)
        XCTAssertEqual([a.status, b.status], [.finished, .rejected])
        var waiting: [String] = []
        for try await op in try own.pendingOperations(accountId: account.id, status: .pendingApproval) { waiting.append(op.id) }
        XCTAssertTrue(waiting.contains(made[2].id) && waiting.contains(made[3].id))
        let approved = try await own.approveOperations(accountId: account.id, decision: BatchDecision(operations: [OperationRef(id: made[2].id, type: .internalTransfer)], scope: .only), idempotencyKey: "sw-batch-1")
        XCTAssertEqual(approved, 1)
        let cancelledCount = try await own.cancelOperations(accountId: account.id, decision: BatchDecision(operations: [OperationRef(id: made[3].id, type: .internalTransfer)], scope: .only))
        XCTAssertEqual(cancelledCount, 1)
        let c = try await own.internalTransfer(transferId: made[3].id)
        XCTAssertEqual(c.status, .cancelled)
    }

    func testPixKeysChargesLookupAndReceived() async throws {
        let platform = try client("demo-openbank-platform")
        let target = try await platform.accounts()[0]
        func txid(_ s: String) -> String { String("pedido\(s)abcdefghijklmnopqrstuvw".prefix(30)) }
        let request = try await platform.createPixKey(accountId: target.id, key: NewPixKey(key: "", keyType: "random_key"))
        XCTAssertFalse(request.id.isEmpty)
        let key = try await platform.pixKeys(accountId: target.id).first { $0.keyType == "random_key" }!
        let events = try await platform.pixKey(accountId: target.id, keyId: key.id).events.count
        XCTAssertEqual(events, 1)
        let new = NewPixCharge(accountId: target.id, amount: 2500, key: key.key, transactionId: txid("w1"))
        let charge = try await platform.createPixCharge(charge: new, idempotencyKey: "sw-pix-1")
        let retriedId = try await platform.createPixCharge(charge: new, idempotencyKey: "sw-pix-1").id
        XCTAssertEqual(retriedId, charge.id)
        XCTAssertEqual(try parsePix(input: charge.qrCodeContent).amountCents, 2500)
        let looked = try await platform.lookupBrcode(brcode: charge.qrCodeContent)
        XCTAssertEqual(looked.type, "dynamic")
        XCTAssertEqual(looked.dynamic?.amount, 2500)
        let paid = try await admin("POST", "/admin/pix/inbound", ["brcode": charge.qrCodeContent])
        let inbound = try await platform.inboundPix(inboundPixId: paid["id"] as? String ?? "")
        XCTAssertEqual(inbound.amount, 2500)
        XCTAssertEqual(inbound.pixPaymentInvoice?.id, charge.id)
        let paidStatus = try await platform.pixCharge(chargeId: charge.id).status
        XCTAssertEqual(paidStatus, "PAID")
        do {
            try await platform.cancelPixCharge(accountId: target.id, chargeId: charge.id)
            XCTFail("a paid charge was cancelled")
        } catch let StoneError.unprocessable(f) {
            XCTAssertEqual(f.type, "srn:error:already_paid")
        }
        let other = try await platform.createPixCharge(charge: NewPixCharge(accountId: target.id, key: key.key, transactionId: txid("w2")))
        try await platform.cancelPixCharge(accountId: target.id, chargeId: other.id)
        let cancelledStatus = try await platform.pixCharge(chargeId: other.id).status
        XCTAssertEqual(cancelledStatus, "CANCELLED")
        let st = try await platform.createStaticPixCharge(charge: NewStaticPixCharge(accountId: target.id, amount: 990, key: key.key, transactionId: txid("s1")))
        let storedContent = try await platform.staticPixCharge(chargeId: st.id).qrCodeContent
        XCTAssertEqual(storedContent, st.qrCodeContent)
        let staticAmount = try await platform.lookupBrcode(brcode: st.qrCodeContent).static?.amount
        XCTAssertEqual(staticAmount, 990)
        let renamed = try await platform.updateStaticPixCharge(chargeId: st.id, additionalInformation: "Loja do centro", idempotencyKey: "sw-rename-1")
        XCTAssertNotEqual(renamed.qrCodeContent, st.qrCodeContent)
        XCTAssertEqual(try parsePix(input: renamed.qrCodeContent).description, "Loja do centro")
        do {
            _ = try await platform.updateStaticPixCharge(chargeId: st.id, additionalInformation: "Outra", idempotencyKey: "sw-rename-1")
            XCTFail("the same key changed the charge twice")
        } catch let StoneError.conflict(f) {
            XCTAssertEqual(f.status, 409)
        }
        do {
            _ = try await platform.lookupBrcode(brcode: "000201 not a code")
            XCTFail("a bad code reached the API")
        } catch let StoneError.invalidInput(_, field, _) {
            XCTAssertEqual(field, "brcode")
        }
        _ = try await platform.deletePixKey(accountId: target.id, keyId: key.id)
        let keyGone = try await platform.pixKeys(accountId: target.id).allSatisfy { $0.id != key.id }
        XCTAssertTrue(keyGone)
    }

    func testPixOutToAKeyAChargeAndAPlatformsAwaitingTheOwner() async throws {
        let own = try client("demo-conta-de-liquidacao")
        let platform = try client("demo-openbank-platform")
        let account = try await own.accounts()[0]
        let platformAccounts = try await platform.accounts()
        let target = try XCTUnwrap(platformAccounts.first { $0.id != account.id })
        let before = try await own.balance(accountId: account.id).balance
        let created = try await own.createPixPayment(payment: NewPixPayment(accountId: account.id, description: "swift", key: "+55 21 98804-0465"), idempotencyKey: "sw-out-1")
        XCTAssertEqual(created.status, "CREATED")
        XCTAssertEqual(created.key, "+5521988040465")
        XCTAssertNil(created.target?.account)
        let confirmation = PixConfirmation(addTargetToContacts: false, amount: 1250)
        try await own.confirmPixPayment(paymentId: created.id, confirmation: confirmation, idempotencyKey: "sw-out-c1")
        try await own.confirmPixPayment(paymentId: created.id, confirmation: confirmation, idempotencyKey: "sw-out-c1")
        let sent = try await own.pixPayment(paymentId: created.id)
        XCTAssertEqual(sent.status, "SETTLED")
        XCTAssertEqual(sent.amount, 1250)
        let after = try await own.balance(accountId: account.id).balance
        XCTAssertEqual(after, before - 1250, "a retried confirmation sends nothing more")
        // A charge paid by its key and txid, at its own amount.
        _ = try await platform.createPixKey(accountId: target.id, key: NewPixKey(key: "", keyType: "random_key"))
        let keys = try await platform.pixKeys(accountId: target.id)
        let key = try XCTUnwrap(keys.first { $0.keyType == "random_key" && $0.keyStatus == "active" })
        let txid = "swout42abcdefghijklmnopqrstuv"
        let charge = try await platform.createPixCharge(charge: NewPixCharge(accountId: target.id, amount: 777, key: key.key, transactionId: txid))
        do {
            _ = try await own.createPixPayment(payment: NewPixPayment(accountId: account.id, amount: 700, key: key.key, transactionId: txid))
            XCTFail("a different amount paid the charge")
        } catch let StoneError.unprocessable(f) {
            XCTAssertEqual(f.type, "srn:error:invoice_amount_differs")
        }
        let paying = try await own.createPixPayment(payment: NewPixPayment(accountId: account.id, key: key.key, transactionId: txid))
        try await own.confirmPixPayment(paymentId: paying.id, confirmation: PixConfirmation(addTargetToContacts: false))
        let paidAmount = try await own.pixPayment(paymentId: paying.id).amount
        XCTAssertEqual(paidAmount, 777)
        let paidCharge = try await platform.pixCharge(chargeId: charge.id)
        XCTAssertEqual(paidCharge.status, "PAID")
        // The payee refunds part of it: a platform's refund waits for the owner.
        let refund = try await platform.refundInboundPix(refund: NewPixRefund(amount: 77, inboundPixPaymentId: paidCharge.inboundPixPayments[0], reason: "beneficiary_request"), idempotencyKey: "sw-refund-1")
        XCTAssertEqual(refund.status, "PENDING")
        let beforeRefund = try await own.balance(accountId: account.id).balance
        _ = try await admin("POST", "/admin/refunds_for_inbound_pix_payments/\(refund.id)/approve")
        let afterRefund = try await own.balance(accountId: account.id).balance
        XCTAssertEqual(afterRefund, beforeRefund + 77)
        let refunded = try await own.pixPayment(paymentId: paying.id).refundedAmount
        XCTAssertEqual(refunded, 77)
        // A platform's Pix waits CONFIRMED until the owner approves it.
        let waiting = try await platform.createPixPayment(payment: NewPixPayment(accountId: target.id, amount: 300, key: "gabriela.abreu@example.com"))
        try await platform.confirmPixPayment(paymentId: waiting.id, confirmation: PixConfirmation(addTargetToContacts: false))
        let shown = try await platform.pixPayment(paymentId: waiting.id)
        XCTAssertEqual(shown.status, "CONFIRMED")
        XCTAssertNil(shown.approvedAt)
        var pending: [String] = []
        for try await op in try platform.pendingOperations(accountId: target.id, status: .pendingApproval) where op.type == "pix_payment" { pending.append(op.id) }
        XCTAssertTrue(pending.contains(waiting.id))
        _ = try await admin("POST", "/admin/accounts/\(target.id)/operations/actions/approve",
                            ["action": "approve_only", "operations": [["id": waiting.id, "type": "pix_payment"]]])
        let settled = try await platform.pixPayment(paymentId: waiting.id).status
        XCTAssertEqual(settled, "SETTLED")
        do {
            _ = try await own.createPixPayment(payment: NewPixPayment(accountId: account.id, amount: 1, key: "not a key"))
            XCTFail("a bad key reached the API")
        } catch let StoneError.invalidInput(_, field, _) {
            XCTAssertEqual(field, "key")
        }
        // The unified list of the own account's Pix, as an AsyncSequence.
        var activity: [PixActivity] = []
        for try await a in try own.pixActivity(accountId: account.id) { activity.append(a) }
        XCTAssertTrue(activity.contains { $0.type == "outbound_pix_payment" && $0.id == created.id })
    }

    func testPixDueDateTermsAmountsAndCancel() async throws {
        let own = try client("demo-conta-de-liquidacao")
        let account = try await own.accounts()[0]
        _ = try await own.createPixKey(accountId: account.id, key: NewPixKey(key: "", keyType: "random_key"))
        let keys = try await own.pixKeys(accountId: account.id)
        let key = try XCTUnwrap(keys.first { $0.keyStatus == "active" }).key
        let iso = { (days: Int) -> String in
            let f = DateFormatter()
            f.dateFormat = "yyyy-MM-dd"
            f.timeZone = TimeZone(identifier: "UTC")
            return f.string(from: Date().addingTimeInterval(Double(days) * 86400))
        }
        let fine = PixAdjustment(proportionalValue: PixRate(coefficient: 2, exponent: -2), type: .proportional)
        let new = NewDuePixCharge(accountId: account.id, amount: 25000, customer: PixCustomer(document: "12345678909", name: "Cliente"),
                                  expirationDate: iso(5), fine: fine,
                                  interest: PixInterest(fixedValue: 15, period: .day, type: .fixed), key: key,
                                  paymentLimitPeriodDays: 10, transactionId: "swdue42abcdefghijklmnopqrstu")
        let charge = try await own.createDuePixCharge(charge: new)
        XCTAssertEqual(charge.status, "ACTIVE")
        let amounts = try await own.duePixAmounts(chargeId: charge.id, paymentDate: iso(8))
        XCTAssertEqual([amounts.fine, amounts.interest, amounts.finalAmount], [500, 45, 25545])
        try await own.cancelDuePixCharge(accountId: account.id, chargeId: charge.id)
        var bad = new
        bad.transactionId = "swdue43abcdefghijklmnopqrstu"
        bad.fine = PixAdjustment(fixedValue: 100, type: .proportional)
        do {
            _ = try await own.createDuePixCharge(charge: bad)
            XCTFail("terms that cannot be computed reached the API")
        } catch let StoneError.invalidInput(_, field, _) {
            XCTAssertEqual(field, "fine")
        }
    }

    func testPixKeyClaims() async throws {
        let own = try client("demo-conta-de-liquidacao")
        let account = try await own.accounts()[0]
        let created = try await admin("POST", "/admin/accounts", ["owner_name": "Padaria", "owner_document": "11444777000161",
                                                                  "balance": 0, "operators": ["demo-conta-de-liquidacao"]])
        let bakery = try XCTUnwrap(created["id"] as? String)
        let req = try await own.createPixKey(accountId: bakery, key: NewPixKey(key: "11444777000161", keyType: "cnpj"))
        let failed = try await own.pixKey(accountId: bakery, keyId: req.id).keyStatus
        XCTAssertEqual(failed, "failed")
        let claim = try await own.createPixClaim(accountId: bakery, pixEntryId: req.id)
        XCTAssertEqual(claim.claimType, "portability")
        _ = try await admin("POST", "/admin/pix/entry_claims/\(claim.id)/confirm")
        try await own.completePixClaim(accountId: bakery, claimId: claim.id)
        let done = try await own.pixClaim(accountId: bakery, claimId: claim.id).status
        XCTAssertEqual(done, "completed")
        let claims = try await own.pixClaims(accountId: bakery)
        XCTAssertEqual(claims.map { $0.id }, [claim.id])
        let moved = try await own.pixKeys(accountId: bakery)[0]
        _ = try await own.updatePixKey(accountId: bakery, keyId: moved.id, update: PixKeyUpdate(name: "Padaria Nova", reason: "user_requested"))
        let renamed = try await own.pixKey(accountId: bakery, keyId: moved.id).beneficiaryEntity?.name
        XCTAssertEqual(renamed, "Padaria Nova")
        let phone = try await own.createPixKey(accountId: account.id, key: NewPixKey(key: "+5521988040465", keyType: "phone"))
        let other = try await own.createPixClaim(accountId: account.id, pixEntryId: phone.id)
        try await own.cancelPixClaim(accountId: account.id, claimId: other.id)
        let cancelled = try await own.pixClaim(accountId: account.id, claimId: other.id).status
        XCTAssertEqual(cancelled, "cancelled")
        for (key, give) in [("+5511911110004", true), ("+5511911110014", false)] {
            _ = try await own.createPixKey(accountId: account.id, key: NewPixKey(key: key, keyType: "phone"))
            let theirs = try await admin("POST", "/admin/pix/entry_claims", ["key": key])
            let claimId = try XCTUnwrap(theirs["id"] as? String)
            if give {
                try await own.approvePixClaim(accountId: account.id, claimId: claimId)
            } else {
                try await own.rejectPixClaim(accountId: account.id, claimId: claimId)
            }
            let kept = try await own.pixKeys(accountId: account.id).contains { $0.key == key }
            XCTAssertEqual(kept, !give)
        }
    }

    func testTheBcbStandardApiInCentavos() async throws {
        let own = try client("demo-conta-de-liquidacao")
        let account = try await own.accounts()[0]
        _ = try await own.createPixKey(accountId: account.id, key: NewPixKey(key: "", keyType: "random_key"))
        let keys = try await own.pixKeys(accountId: account.id)
        let chave = try XCTUnwrap(keys.first { $0.keyStatus == "active" }).key
        let txid = "swcob42abcdefghijklmnopqrstuv"
        let cob = try await own.createCob(accountId: account.id, txid: txid, cob: NewCob(chave: chave, devedorDocumento: "11444777000161", devedorNome: "Empresa SA", original: 3700))
        XCTAssertEqual(cob.valor.original, 3700)
        let paid = try await admin("POST", "/admin/pix/inbound", ["brcode": cob.qrCodeCopiaCola ?? ""])
        let e2e = try XCTUnwrap(paid["end_to_end_id"] as? String)
        let concluded = try await own.cob(accountId: account.id, txid: txid).status
        XCTAssertEqual(concluded, "CONCLUIDA")
        let received = try await own.receivedPix(accountId: account.id, endToEndId: e2e).valor
        XCTAssertEqual(received, 3700)
        let dev = try await own.createDevolucao(accountId: account.id, endToEndId: e2e, id: "swdev1", amount: 700)
        XCTAssertEqual(dev.status, "DEVOLVIDO")
        let again = try await own.createDevolucao(accountId: account.id, endToEndId: e2e, id: "swdev1", amount: 700)
        XCTAssertEqual(again.rtrId, dev.rtrId)
        // Infraction reports (MED): the payer's bank reports the Pix; the account closes the report once.
        let report = try await admin("POST", "/admin/pix/infraction_reports", ["end_to_end_id": e2e, "type": "fraud"])
        let reportId = try XCTUnwrap(report["id"] as? String)
        let byE2e = PixInfractionFilter(ascending: false, endToEndId: e2e)
        let reports = try await own.pixInfractionReports(accountId: account.id, filter: byE2e)
        XCTAssertEqual(reports.map { [$0.id, $0.status, $0.type] }, [[reportId, "pending", "fraud"]])
        try await own.closePixInfractionReport(accountId: account.id, reportId: reportId, analysisResult: "accepted", analysisDetails: "Confirmada")
        do {
            try await own.closePixInfractionReport(accountId: account.id, reportId: reportId, analysisResult: "rejected", analysisDetails: nil)
            XCTFail("a closed report was closed again")
        } catch let StoneError.unprocessable(f) {
            XCTAssertEqual(f.status, 422)
        }
        let analysed = try await own.pixInfractionReports(accountId: account.id, filter: byE2e).first?.analysisResult
        XCTAssertEqual(analysed, "accepted")
        let other = try await own.createCob(accountId: account.id, txid: nil, cob: NewCob(chave: chave, original: 100))
        let removed = try await own.removeCob(accountId: account.id, txid: other.txid).status
        XCTAssertEqual(removed, "REMOVIDA_PELO_USUARIO_RECEBEDOR")
        // The BCB's lists are AsyncSequences too, over numbered pages.
        let period = BcbListFilter(fim: "2100-01-01T00:00:00Z", inicio: "2000-01-01T00:00:00Z")
        var everyCob: [String] = []
        for try await c in try own.cobs(accountId: account.id, filter: period, pageSize: 1) { everyCob.append(c.txid) }
        XCTAssertTrue(everyCob.contains(txid) && everyCob.contains(other.txid))
        var done: [String] = []
        for try await c in try own.cobs(accountId: account.id, filter: BcbListFilter(fim: period.fim, inicio: period.inicio, status: "CONCLUIDA")) { done.append(c.txid) }
        XCTAssertTrue(done.contains(txid) && !done.contains(other.txid))
        var byTxid: [String] = []
        for try await p in try own.receivedPixList(accountId: account.id, filter: BcbListFilter(fim: period.fim, inicio: period.inicio, txid: txid)) { byTxid.append(p.endToEndId) }
        XCTAssertEqual(byTxid, [e2e])
        let third = try await own.createCob(accountId: account.id, txid: nil, cob: NewCob(chave: chave, original: 200))
        let revisedText = try await own.reviseCob(accountId: account.id, txid: third.txid, revision: CobRevision(remove: false, solicitacaoPagador: "Pedido 7")).solicitacaoPagador
        XCTAssertEqual(revisedText, "Pedido 7")
        do {
            _ = try await own.reviseCob(accountId: account.id, txid: third.txid, revision: CobRevision(remove: false))
            XCTFail("an empty revision reached the API")
        } catch let StoneError.invalidInput(_, field, _) {
            XCTAssertEqual(field, "revision")
        }
        let loc = try await own.createPixLocation(accountId: account.id, tipoCob: "cobv")
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        let due = f.string(from: Date().addingTimeInterval(10 * 86400))
        let new = NewCobv(chave: chave, dataDeVencimento: due, devedorDocumento: "12345678909", devedorNome: "Francisco", locId: loc.id,
                          validadeAposVencimento: 30, valor: CobvValor(multa: CobvTerm(modalidade: 2, valorPerc: 1500), original: 12345))
        let made = try await own.createCobv(accountId: account.id, txid: "swcobv42abcdefghijklmnopqrstu", cobv: new)
        XCTAssertEqual(made.valor.multa?.valorPerc, 1500)
        let served = try await own.pixLocation(accountId: account.id, locationId: loc.id).txid
        XCTAssertEqual(served, "swcobv42abcdefghijklmnopqrstu")
        var inLot = new
        inLot.locId = nil
        try await own.createCobvLot(accountId: account.id, lotId: "swlote1", descricao: "Alunos", cobsv: [NewCobvInLot(cobv: inLot, txid: "swlote42abcdefghijklmnopqrstu")])
        let lot = try await own.cobvLot(accountId: account.id, lotId: "swlote1")
        XCTAssertEqual(lot.cobsv.first?.status, "CRIADA")
        var lots: [String] = []
        for try await l in try own.cobvLots(accountId: account.id, filter: period) { lots.append(l.descricao) }
        XCTAssertTrue(lots.contains("Alunos"))
        let active = BcbListFilter(fim: period.fim, inicio: period.inicio, status: "ATIVA")
        var cobvs: [String] = []
        for try await c in try own.cobvs(accountId: account.id, filter: active) { cobvs.append(c.txid) }
        XCTAssertTrue(cobvs.contains(made.txid))
        var locs: [Int64] = []
        for try await l in try own.pixLocations(accountId: account.id, filter: period) { locs.append(l.id) }
        XCTAssertTrue(locs.contains(loc.id))
        do {
            for try await _ in try own.pixLocations(accountId: account.id, filter: active) {}
            XCTFail("a filter the list has not was sent")
        } catch let StoneError.invalidInput(_, field, _) {
            XCTAssertEqual(field, "status")
        }
        try await own.reviseCobvLot(accountId: account.id, lotId: "swlote1", revisions: [
            CobvLotRevision(revision: CobRevision(remove: false, solicitacaoPagador: "Mensalidade"), txid: "swlote42abcdefghijklmnopqrstu")])
        let lotText = try await own.cobv(accountId: account.id, txid: "swlote42abcdefghijklmnopqrstu").solicitacaoPagador
        XCTAssertEqual(lotText, "Mensalidade")
        let revision = try await own.reviseCobv(accountId: account.id, txid: made.txid, revision: CobRevision(remove: false, solicitacaoPagador: "Dezembro")).revisao
        XCTAssertEqual(revision, made.revisao + 1)
        let unlinked = try await own.unlinkPixLocation(accountId: account.id, locationId: loc.id).txid
        XCTAssertNil(unlinked)
    }

    func testACancelledTaskLeavesNoDuplicatedCashOut() async throws {
        let own = try client("demo-conta-de-liquidacao")
        let platform = try client("demo-openbank-platform")
        let account = try await own.accounts()[0]
        let platformAccounts = try await platform.accounts()
        let target = try XCTUnwrap(platformAccounts.first { $0.id != account.id })
        let t = NewInternalTransfer(accountId: account.id, amount: 77, description: "sw-cancel", targetAccountCode: target.accountCode)
        _ = try await admin("POST", "/admin/faults", ["latency_ms": 600])
        let task = Task { try await own.createInternalTransfer(transfer: t, idempotencyKey: "sw-cancel-1") }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        _ = await task.result
        _ = try await admin("POST", "/admin/faults", [:])
        let retried = try await own.createInternalTransfer(transfer: t, idempotencyKey: "sw-cancel-1")
        let again = try await own.createInternalTransfer(transfer: t, idempotencyKey: "sw-cancel-1")
        XCTAssertEqual(retried.id, again.id)
        try await Task.sleep(nanoseconds: 700_000_000)
        var mine = 0
        for try await x in try own.internalTransfers(accountId: account.id) where x.description == "sw-cancel" { mine += 1 }
        XCTAssertEqual(mine, 1, "exactly one transfer for the key")
    }
}
