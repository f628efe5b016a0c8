// The Stone API client for Swift (iOS, macOS, Linux): every operation is an
// `async throws` method generated from the Rust core's one list of
// operations (Operations.swift); lists are `Pages`, an `AsyncSequence`
// fetched page by page; errors are `StoneError`. This file only adapts the
// native client (uniffi) to those idioms.

import Foundation

/// The Stone API client. Build it with the application's key (a backend)
/// or with an access token handed by a backend (an app: the key never
/// ships). Every cash-out carries an idempotency key, yours or a generated
/// one, reused on every retry. Money is `Int64` centavos.
public final class StoneClient: @unchecked Sendable, CustomStringConvertible {
    let native: NativeClient

    private init(config: [String: Any?]) throws {
        let object = config.compactMapValues { $0 }
        let data = try JSONSerialization.data(withJSONObject: object)
        native = try StoneClient.guardSync { try NativeClient(configJson: String(decoding: data, as: UTF8.self)) }
    }

    /// A backend's client: it makes and renews its own tokens with the key (PEM).
    public convenience init(
        userAgent: String, clientId: String, privateKey: String,
        environment: String? = nil, baseUrl: String? = nil, timeoutMillis: Int? = nil, maxAttempts: Int? = nil
    ) throws {
        try self.init(config: [
            "user_agent": userAgent, "client_id": clientId, "private_key": privateKey,
            "environment": environment, "base_url": baseUrl, "timeout_ms": timeoutMillis, "max_attempts": maxAttempts,
        ])
    }

    /// An app's client: a token handed by the backend.
    public convenience init(
        userAgent: String, accessToken: String,
        environment: String? = nil, baseUrl: String? = nil, timeoutMillis: Int? = nil, maxAttempts: Int? = nil
    ) throws {
        try self.init(config: [
            "user_agent": userAgent, "access_token": accessToken,
            "environment": environment, "base_url": baseUrl, "timeout_ms": timeoutMillis, "max_attempts": maxAttempts,
        ])
    }

    /// Never shows the key or the token.
    public var description: String { "StoneClient(<credentials redacted>)" }

    static func guardSync<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let CoreFailure.Core(json) { throw StoneError.fromCore(json) }
    }

    func raw(_ op: String, _ args: Args) async throws -> CallOutput {
        do { return try await native.call(op: op, argsJson: args.json) } catch let CoreFailure.Core(json) {
            throw StoneError.fromCore(json)
        }
    }

    func call<T: Decodable>(_ op: String, _ args: Args) async throws -> T {
        guard case let .json(text) = try await raw(op, args) else { throw StoneError.decode(message: "\(op) answered a file") }
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw StoneError.decode(message: "\(op): \(error)")
        }
    }

    func callVoid(_ op: String, _ args: Args) async throws {
        _ = try await raw(op, args)
    }

    func callBytes(_ op: String, _ args: Args) async throws -> Data {
        guard case let .bytes(bytes) = try await raw(op, args) else { throw StoneError.decode(message: "\(op) answered no file") }
        return bytes
    }

    /// Decrypts and verifies a webhook (the raw body and the request's
    /// headers) into a typed event; throws `StoneError.webhook` for anything
    /// not sent by Stone to this application.
    public func verifyWebhook(body: String, headers: [String: String]) async throws -> WebhookEvent {
        let id = headers.first { $0.key.lowercased() == "x-stone-webhook-event-id" }?.value
        return try await verifyWebhook(body: body, eventId: id)
    }
}

/// An operation's arguments as one JSON object, each value encoded once.
/// Strings, integers and booleans (nearly every argument) are written
/// directly: a `JSONEncoder` per value cost more than the rest of the
/// Swift side of a call. Everything else goes through `JSONEncoder`.
struct Args {
    private var parts: [String] = []

    func put<T: Encodable>(_ name: String, _ value: T) throws -> Args {
        var copy = self
        let encoded: String
        switch value {
        case let s as String: encoded = Args.quote(s)
        // Bool before the integers: where Foundation bridges through
        // NSNumber, a Bool must never be written as 1.
        case let b as Bool: encoded = b ? "true" : "false"
        case let n as Int: encoded = String(n)
        case let n as Int64: encoded = String(n)
        default: encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        }
        copy.parts.append("\(Args.quote(name)):\(encoded)")
        return copy
    }

    var json: String { "{" + parts.joined(separator: ",") + "}" }

    /// A JSON string (RFC 8259): quote, backslash and control characters
    /// escaped, everything else as is. Works on the UTF-8 bytes: those of
    /// a multi-byte character are all >= 0x80, never escaped.
    static func quote(_ s: String) -> String {
        let utf8 = s.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [0x22]
        out.reserveCapacity(utf8.count + 8)
        for b in utf8 {
            switch b {
            case 0x22, 0x5C: out += [0x5C, b]
            case ..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A list, fetched one page per request as it is iterated
/// (`for try await entry in try client.statement(accountId: id)`).
public struct Pages<Element: Decodable & Sendable>: AsyncSequence, Sendable {
    let client: StoneClient
    let op: String
    let args: Args
    let pageSize: Int

    init(client: StoneClient, op: String, args: Args, pageSize: Int) {
        self.client = client
        self.op = op
        self.args = args
        self.pageSize = pageSize
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let pages: Pages
        var buffer: [Element] = []
        var index = 0
        var after: String?
        var started = false

        public mutating func next() async throws -> Element? {
            while index >= buffer.count {
                if started && after == nil { return nil }
                started = true
                let text: String
                do {
                    text = try await pages.client.native.page(op: pages.op, argsJson: pages.args.json, after: after, limit: UInt32(clamping: pages.pageSize))
                } catch let CoreFailure.Core(json) {
                    throw StoneError.fromCore(json)
                }
                let page: Page
                do { page = try JSONDecoder().decode(Page.self, from: Data(text.utf8)) } catch {
                    throw StoneError.decode(message: "\(pages.op): \(error)")
                }
                buffer = page.data
                index = 0
                after = page.after
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    struct Page: Decodable {
        let data: [Element]
        let after: String?
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: self) }
}

extension Args: Sendable {}

/// Raw JSON kept as received (fields whose shape varies).
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(n): try c.encode(n)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }
}
