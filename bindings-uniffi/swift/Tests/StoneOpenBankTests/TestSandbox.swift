// A `stone sandbox` process for a test class, and the admin calls that play
// Stone's people (shared by the suites that need their own sandbox). Start
// and stop it in class setUp/tearDown: waiting for a process to exit from
// inside an async test hangs XCTest on Linux.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

enum TestSandbox {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../..").standardized.path

    /// Starts one; its process and base URL ("" when it did not start).
    static func start() -> (Process, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["STONE_BIN"] ?? repo + "/target/debug/stone")
        p.arguments = ["sandbox", "--port", "0", "--quiet"]
        let out = Pipe()
        p.standardOutput = out
        try? p.run()
        var line = Data()
        while let byte = try? out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let started = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
        return (p, started?["base_url"] as? String ?? "")
    }

    static func stop(_ p: Process?) {
        p?.terminate()
        p?.waitUntilExit()
    }

    static func admin(_ base: String, _ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "content-type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
