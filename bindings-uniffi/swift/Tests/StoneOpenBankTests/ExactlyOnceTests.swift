// Exactly-once from Swift: cash-outs sent by `StoneClient` through the
// sandbox's injected faults (5xx, 429, connections dropped before the request
// runs and after it commits, latency), 32 Tasks at a time, one in four sent
// twice at once under the same key (a double click). Then the sandbox says
// what it holds: no key made two operations, every cash-out the client
// reported done is held once under the id it reported, and the ledger is
// conserved. STONE_EXACTLY_ONCE_N sets how many (default 300).

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import StoneOpenBank

final class ExactlyOnceTests: XCTestCase {
    static let repo = TestSandbox.repo
    /// A sandbox of its own: its faults must not reach the other tests.
    static var sandbox: Process?
    static var base = ""

    override class func setUp() {
        (sandbox, base) = TestSandbox.start()
    }

    override class func tearDown() {
        TestSandbox.stop(sandbox)
    }

    func admin(_ base: String, _ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await TestSandbox.admin(base, method, path, body)
    }

    /// One cash-out under its key: the id when the client reports it done.
    static func cashOut(_ client: StoneClient, _ account: String, _ i: Int) async throws -> (String, String?) {
        let key = "sw-once-\(i)"
        do {
            if i % 2 == 0 {
                let t = try await client.createInternalTransfer(
                    transfer: NewInternalTransfer(accountId: account, amount: 1, description: key, targetAccountCode: "400002"),
                    idempotencyKey: key)
                return (key, t.id)
            }
            let pix = try await client.createPixPayment(
                payment: NewPixPayment(accountId: account, amount: 1, description: key, key: "gabriela.abreu@example.com"),
                idempotencyKey: "\(key)-create")
            try await client.confirmPixPayment(paymentId: pix.id, confirmation: PixConfirmation(description: key), idempotencyKey: "\(key)-confirm")
            return (key, pix.id)
        } catch StoneError.api, StoneError.rateLimited, StoneError.transport, StoneError.timeout {
            return (key, nil) // gave up after its retries: allowed, as long as it is not doubled
        }
    }

    func testNoCashOutIsDuplicatedOrLostUnderFaults() async throws {
        let n = Int(ProcessInfo.processInfo.environment["STONE_EXACTLY_ONCE_N"] ?? "") ?? 300
        let base = Self.base
        XCTAssertFalse(base.isEmpty, "the sandbox started")
        let key = try String(contentsOfFile: Self.repo + "/sandbox/seed/demo-app.key.pem", encoding: .utf8)
        let client = try StoneClient(userAgent: "stone-openbank exactly-once (Swift)", clientId: "demo-conta-de-liquidacao",
                                     privateKey: key, baseUrl: base, maxAttempts: 12)
        let account = try await client.accounts()[0].id
        _ = try await admin(base, "POST", "/admin/faults", [
            "error_rate": 0.1, "rate_limit_rate": 0.05, "drop_before_rate": 0.1, "drop_after_rate": 0.2, "latency_ms": 2, "seed": 20261201,
        ])
        let calls = (0..<n).flatMap { i in Array(repeating: i, count: i % 4 == 0 ? 2 : 1) }
        let started = Date()
        // 32 in flight: a new Task as each one finishes.
        let results = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            var results: [(String, String?)] = []
            var next = 0
            for _ in 0..<min(32, calls.count) {
                let i = calls[next]
                next += 1
                group.addTask { try await Self.cashOut(client, account, i) }
            }
            while let result = try await group.next() {
                results.append(result)
                if next < calls.count {
                    let i = calls[next]
                    next += 1
                    group.addTask { try await Self.cashOut(client, account, i) }
                }
            }
            return results
        }
        let elapsed = Date().timeIntervalSince(started)
        _ = try await admin(base, "POST", "/admin/faults", [:])

        var reported: [String: [String]] = [:]
        var gaveUp = 0
        for (key, id) in results {
            if let id { reported[key, default: []].append(id) } else { gaveUp += 1 }
        }
        let held = try await admin(base, "GET", "/admin/operations?description_prefix=sw-once-")["operations"] as? [String: [String]] ?? [:]
        let duplicated = held.filter { $0.value.count > 1 }.keys.sorted()
        let lost = reported.filter { key, ids in held[key]?.count != 1 || ids.contains { $0 != held[key]?[0] } }.keys.sorted()
        let conserved = try await admin(base, "GET", "/admin/ledger")["conserved"] as? Bool ?? false
        print("swift: exactly-once \(n) cash-outs (\(calls.count) calls with the double clicks) in \(String(format: "%.1f", elapsed)) s; "
            + "reported done \(reported.count) keys, gave up \(gaveUp) calls; operations held \(held.count); "
            + "duplicated \(duplicated.count); reported but not held once \(lost.count); ledger conserved \(conserved)")
        XCTAssertEqual(duplicated, [], "keys that made two operations")
        XCTAssertEqual(lost, [], "reported done but not held once")
        XCTAssertTrue(conserved)
        XCTAssertGreaterThan(reported.count, n * 9 / 10, "most cash-outs went through the faults")
    }
}
