// The quickstart in Swift: the API client end to end against a
// `stone sandbox` it starts (STONE_BIN, or the clone's target/debug/stone),
// both partnership models. Run by scripts/swift.sh:
//   swift run StoneOpenBankQuickstart

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StoneOpenBank

func step(_ n: Int, _ title: String) { print("\n\(n). \(title)") }
func reais(_ cents: Int64) -> String { String(format: "%.2f", Double(cents) / 100).replacingOccurrences(of: ".", with: ",") }

/// A minimal webhook endpoint on 127.0.0.1 (the application's URL): each
/// POST's body and headers, answered 200.
final class Receiver: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var received: [(String, [String: String])] = []

    init() {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = bind(s, $0, len) } }
        listen(s, 16)
        withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(s, $0, &len) } }
        fd = s
        port = UInt16(bigEndian: addr.sin_port)
        Thread { [self] in serve() }.start()
    }

    var all: [(String, [String: String])] { lock.lock(); defer { lock.unlock() }; return received }

    private func serve() {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return }
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            var expected: Int?
            while true {
                let n = read(c, &buffer, buffer.count)
                if n <= 0 { break }
                data.append(buffer, count: n)
                if let range = data.range(of: Data("\r\n\r\n".utf8)) {
                    let head = String(decoding: data[..<range.lowerBound], as: UTF8.self)
                    if expected == nil {
                        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                            .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                        expected = range.upperBound + length
                    }
                    if let e = expected, data.count >= e {
                        var headers: [String: String] = [:]
                        for line in head.split(separator: "\r\n").dropFirst() {
                            let parts = line.split(separator: ":", maxSplits: 1)
                            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
                        }
                        let body = String(decoding: data[range.upperBound..<e], as: UTF8.self)
                        lock.lock(); received.append((body, headers)); lock.unlock()
                        break
                    }
                }
            }
            let answer = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            _ = answer.withCString { write(c, $0, strlen($0)) }
            close(c)
        }
    }
}

let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../..").standardized.path
let sandbox = Process()
sandbox.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["STONE_BIN"] ?? repo + "/target/debug/stone")
sandbox.arguments = ["sandbox", "--port", "0", "--quiet"]
let pipe = Pipe()
sandbox.standardOutput = pipe
try sandbox.run()
defer { sandbox.terminate(); sandbox.waitUntilExit() }
var line = Data()
while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
let base = (try JSONSerialization.jsonObject(with: line) as? [String: Any])?["base_url"] as? String ?? ""

func admin(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
    var request = URLRequest(url: URL(string: base + path)!)
    request.httpMethod = method
    if let body {
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        request.setValue("application/json", forHTTPHeaderField: "content-type")
    }
    let (data, _) = try await URLSession.shared.data(for: request)
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

print("stone-openbank quickstart (Swift) — an independent SDK, not a Stone product")
let key = try String(contentsOfFile: repo + "/sandbox/seed/demo-app.key.pem", encoding: .utf8)
let client = try StoneClient(userAgent: "stone-openbank-quickstart", clientId: "demo-conta-de-liquidacao", privateKey: key, baseUrl: base)
let platform = try StoneClient(userAgent: "ERP Açaí", clientId: "demo-openbank-platform", privateKey: key, baseUrl: base)

step(1, "Authenticate and list the accounts this application operates")
let account = try await client.accounts()[0]
print("   \(account.ownerName) · conta \(account.accountCode) · \(account.id)")

step(2, "Balance")
print("   available R$ \(reais(try await client.balance(accountId: account.id).balance))")

step(3, "Receive webhooks")
let receiver = Receiver()
_ = try await admin("PUT", "/admin/applications/demo-conta-de-liquidacao/webhook", ["url": "http://127.0.0.1:\(receiver.port)/stone-webhooks"])
print("   listening on 127.0.0.1:\(receiver.port)")

step(4, "Validate a boleto locally, then dry-run its payment")
let due = ISO8601DateFormatter.string(from: Date().addingTimeInterval(5 * 86400), timeZone: TimeZone(identifier: "America/Sao_Paulo")!, formatOptions: [.withFullDate])
let boleto = try buildBankBoleto(bankCode: "341", amountCents: 12345, freeField: "1090000000000000000000123", dueDate: due)
let payment = NewPayment(accountId: account.id, barcode: boleto.formattedLine)
let dry = try await client.dryRunPayment(payment: payment)
print("   \(boleto.formattedLine): \(dry.details?.bankName ?? "?") · \(dry.details?.status ?? "?") · R$ \(reais(dry.details?.value ?? 0))")

step(5, "Pay it (idempotency key generated and reused on retries)")
let paid = try await client.createPayment(payment: payment)
print("   payment \(paid.id): \(try await client.payment(paymentId: paid.id).status.rawValue)")

step(6, "Internal transfer to another Stone account")
let other = try await platform.accounts()[0]
let t = try await client.createInternalTransfer(transfer: NewInternalTransfer(accountId: account.id, amount: 1500, description: "quickstart", targetAccountCode: other.accountCode))
print("   R$ \(reais(t.amount)) to \(other.accountCode): \(try await client.internalTransfer(transferId: t.id).status.rawValue)")

step(7, "Schedule a TED for the next business day")
let day = try await client.schedulingCalendar(operationType: .externalTransfer).nextAvailableExecutionDate
let ted = try await client.createExternalTransfer(transfer: NewExternalTransfer(
    accountCode: "12345", accountId: account.id, accountType: .cc, amount: 25000, branchCode: "1",
    document: "11.222.333/0001-81", institutionCode: "260", name: "Fornecedor Exemplo Ltda", scheduledTo: day))
print("   R$ \(reais(ted.amount)) on \(day ?? "?"): \(ted.status.rawValue)")

step(8, "Issue a boleto to a customer, and save its PDF")
let issued = try await client.createBoleto(boleto: NewBoletoInvoice(
    accountId: account.id, amount: 45000, customer: InvoiceCustomer(document: "529.982.247-25", legalName: "Maria da Silva"),
    expirationDate: due, invoiceType: .billOfExchange))
let pdf = try await client.boletoPdf(invoiceId: issued.id)
let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("stone-openbank-quickstart-swift")
try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
try pdf.write(to: out.appendingPathComponent("boleto.pdf"))
print("   R$ \(reais(issued.amount)) due \(due): \(issued.status.rawValue); PDF \(pdf.count) bytes")

step(9, "Walk the statement (an AsyncSequence, page by page)")
var shown = 0
for try await entry in try client.statement(accountId: account.id, pageSize: 5) {
    print("   \(reais(entry.amount))  \(entry.type) balance after \(reais(entry.balanceAfter ?? 0))")
    shown += 1
    if shown == 10 { break }
}

step(10, "Save the payment's receipt (comprovante) as PDF")
let receipt = try await client.receiptPdf(of: .payment, resourceId: paid.id)
try receipt.write(to: out.appendingPathComponent("comprovante.pdf"))
print("   \(receipt.count) bytes saved to \(out.path)")

step(11, "Verify the webhooks received (decrypt, check Stone's signature)")
for _ in 0..<100 where receiver.all.count < 4 { try await Task.sleep(nanoseconds: 50_000_000) }
for (body, headers) in receiver.all {
    let event = try await client.verifyWebhook(body: body, headers: headers)
    print("   ✔ \(event.eventType.rawValue) about \(event.targetType ?? "?") \(event.targetId ?? "?")")
}
if let (body, _) = receiver.all.first {
    var chars = Array(body)
    let i = chars.count - 12
    chars[i] = chars[i] == "A" ? "B" : "A"
    do {
        _ = try await client.verifyWebhook(body: String(chars), headers: [:])
        fatalError("an altered webhook was accepted")
    } catch let StoneError.webhook(_, reason) {
        print("   ✘ a body altered in transit is refused (\(reason))")
    }
} else {
    fatalError("no webhook arrived")
}

step(12, "Pix: a QR charge, paid by a customer of another bank")
_ = try await client.createPixKey(accountId: account.id, key: NewPixKey(key: "", keyType: "random_key"))
guard let pixKey = try await client.pixKeys(accountId: account.id).first(where: { $0.keyType == "random_key" }) else {
    fatalError("the random key is not listed")
}
print("   random key \(pixKey.key)")
let charge = try await client.createPixCharge(charge: NewPixCharge(
    accountId: account.id, amount: 8990, expiration: 3600, key: pixKey.key,
    requestForPayer: "Pedido 1234 da Padaria", transactionId: UUID().uuidString.replacingOccurrences(of: "-", with: "")))
let code = try parsePix(input: charge.qrCodeContent)
print("   charge of R$ \(reais(charge.amount ?? 0)) \(charge.status): copia e cola \(charge.qrCodeContent.prefix(48))…")
print("   the code reads back: \(code.kind == .dynamic ? "dynamic" : "static") code, R$ \(reais(code.amountCents ?? 0)) for \(code.merchantName)")
let seen = receiver.all.count
let received = try await admin("POST", "/admin/pix/inbound", ["brcode": charge.qrCodeContent, "payer": ["name": "Joana Cliente", "document": "98765432100"]])
let receivedId = received["id"] as? String ?? ""
print("   paid by Joana Cliente: end-to-end id \(received["end_to_end_id"] as? String ?? "?")")
print("   the charge is now \(try await client.pixCharge(chargeId: charge.id).status)")
var pixEvent: WebhookEvent? = nil
for _ in 0..<100 where pixEvent == nil {
    for (body, headers) in receiver.all.dropFirst(seen) {
        let event = try await client.verifyWebhook(body: body, headers: headers)
        if event.eventType.rawValue == "pix_inbound_payment_received" && event.targetId == receivedId { pixEvent = event }
    }
    if pixEvent == nil { try await Task.sleep(nanoseconds: 50_000_000) }
}
guard let verified = pixEvent else { fatalError("the Pix webhook did not arrive") }
print("   ✔ webhook \(verified.eventType.rawValue) verified: R$ \(reais(try await client.inboundPix(inboundPixId: receivedId).amount)) received")

step(13, "The OpenBank model: a platform, a user's consent, the owner's approval (a transfer, a Pix)")
let user = try await admin("POST", "/admin/accounts", ["owner_name": "Padaria Pão Quente", "owner_document": "11222333000181", "balance": 300000])
let userId = user["id"] as? String ?? ""
let link = try await platform.consentLink(request: ConsentLinkRequest(redirectUri: "https://erp.example/stone/retorno", sessionMetadata: ["erp_customer": "1234"]))
print("   consent link for the user: \(link.prefix(72))…")
let jwt = URLComponents(string: link)?.queryItems?.first { $0.name == "jwt" }?.value ?? ""
let decision = try await admin("POST", "/admin/consents", ["client_id": "demo-openbank-platform", "jwt": jwt, "account_id": userId, "decision": "approve"])
let back = try await platform.parseConsentRedirect(url: decision["redirect_to"] as? String ?? "")
print("   the user \(back.result); metadata \(back.sessionMetadata)")
let pt = try await platform.createInternalTransfer(transfer: NewInternalTransfer(accountId: userId, amount: 12000, description: "fornecedor", targetAccountCode: account.accountCode))
print("   the platform's transfer of R$ \(reais(pt.amount)): \(pt.status.rawValue) (waits for the owner)")
_ = try await admin("POST", "/admin/internal_transfers/\(pt.id)/approve")
print("   approved by the owner in Stone's app: \(try await platform.internalTransfer(transferId: pt.id).status.rawValue)")
// A Pix to a key at another bank: created, confirmed by the platform, sent
// once the owner approves it (here in a batch, as `pix_payment`).
let pix = try await platform.createPixPayment(payment: NewPixPayment(accountId: userId, amount: 4500, description: "frete", key: "gabriela.abreu@example.com"))
try await platform.confirmPixPayment(paymentId: pix.id, confirmation: PixConfirmation(addTargetToContacts: false))
print("   the platform's Pix of R$ \(reais(pix.amount)) to a key: \(try await platform.pixPayment(paymentId: pix.id).status) (waits for the owner)")
_ = try await admin("POST", "/admin/accounts/\(userId)/operations/actions/approve",
                    ["action": "approve_only", "operations": [["id": pix.id, "type": "pix_payment"]]])
let sentPix = try await platform.pixPayment(paymentId: pix.id)
print("   approved by the owner: \(sentPix.status), to \(sentPix.target?.entity?.name ?? "?")")
print("\nDone.")
