// The Swift client's per-call cost against the Rust client's, on one
// `stone sandbox`: `client.balance` in rounds of sequential calls, best of
// 5, alternating with `sandbox-load balance` (the Rust client). Prints
// figures; checks nothing about speed.
//   swift run StoneOpenBankBench [scale] [latency_ms]   (STONE_BIN, STONE_LOAD: the commands)
// latency_ms > 0: the sandbox answers that much later, as a server across a
// network does (its fault injection).

import Foundation
import StoneOpenBank

let scale = Double(CommandLine.arguments.dropFirst().first ?? "1") ?? 1
let rounds = max(50, Int(2000 * scale))
let latency = Int(CommandLine.arguments.dropFirst(2).first ?? "0") ?? 0
let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../..").standardized.path
let env = ProcessInfo.processInfo.environment

func run(_ path: String, _ args: [String]) throws -> (Process, Pipe) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    return (p, pipe)
}

let (sandbox, pipe) = try run(env["STONE_BIN"] ?? repo + "/target/release/stone", ["sandbox", "--port", "0", "--quiet"])
defer { sandbox.terminate(); sandbox.waitUntilExit() }
var line = Data()
while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
let base = (try JSONSerialization.jsonObject(with: line) as? [String: Any])?["base_url"] as? String ?? ""
let load = env["STONE_LOAD"] ?? repo + "/target/release/sandbox-load"
if latency > 0 {
    let (set, _) = try run(load, ["faults", base, "{\"latency_ms\": \(latency)}"])
    set.waitUntilExit()
    guard set.terminationStatus == 0 else { fatalError("sandbox-load faults failed") }
}
let key = try String(contentsOfFile: repo + "/sandbox/seed/demo-app.key.pem", encoding: .utf8)
let client = try StoneClient(userAgent: "bench", clientId: "demo-conta-de-liquidacao", privateKey: key, baseUrl: base)
let account = try await client.accounts()[0]
for _ in 0..<200 { _ = try await client.balance(accountId: account.id) }
var swift = Double.greatestFiniteMagnitude
var rust = Double.greatestFiniteMagnitude

/// µs per call of a round of `rounds` calls begun at `started`.
func perCall(since started: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - started) / 1000 / Double(rounds)
}

/// µs per call of `rounds` sequential calls of `body` in a detached task
/// (the cooperative pool: how a server or a background task calls).
func detachedRound(_ body: @escaping @Sendable () async throws -> Void) async throws -> Double {
    try await Task.detached { () async throws -> Double in
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds { try await body() }
        return perCall(since: started)
    }.value
}

// The same loop in a detached task and on the main actor (the top-level
// loop: each call hops off it and back).
var detached = Double.greatestFiniteMagnitude
for _ in 0..<5 {
    detached = min(detached, try await detachedRound { _ = try await client.balance(accountId: account.id) })
    let started = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<rounds { _ = try await client.balance(accountId: account.id) }
    swift = min(swift, perCall(since: started))
    let (rustRound, out) = try run(load, ["balance", base, String(rounds), "1"])
    let data = out.fileHandleForReading.readDataToEndOfFile()
    rustRound.waitUntilExit()
    rust = min(rust, (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["rust_us"] as? Double ?? .nan)
}
// Where the time goes: a local operation (no network) through the same
// path (arguments in, uniffi's async call, JSON out), in a detached task.
var local = Double.greatestFiniteMagnitude
for _ in 0..<5 {
    local = min(local, try await detachedRound { _ = try await client.parseConsentRedirect(url: "https://x/?consent_result=ignored&s=1") })
}
print(String(format: "swift: a local operation through the same path: %.1f µs per call", local))
let place = latency > 0 ? "with \(latency) ms of server latency" : "on loopback"
print(String(format: "swift: StoneClient.balance %.1f µs from the main actor, %.1f µs in a detached task; Rust client %.1f µs per call, ", swift, detached, rust)
    + place + String(format: " (best of 5 rounds of %d): %.2f×, %.2f× (target <= 1.2×)", rounds, swift / rust, detached / rust))
