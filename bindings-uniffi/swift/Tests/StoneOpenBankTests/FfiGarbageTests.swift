// FFI hardening: every exported function of the Swift package gets garbage
// through its own signature, and only the documented errors may come back:
// `StoneError` from the client, `BarcodeError` / `DocumentError` /
// `PixError` from the validation API, the core's error JSON in `CoreFailure`
// from the raw uniffi object; never uniffi's `UniffiInternalError` (a
// `rustPanic` among them), a message of a Rust panic, a decoding error of
// Foundation, or a crash of the process (the calls are logged to
// .build/ffi-garbage-calls.log before they are made: after a crash its last
// line names the call).
//
// Wrong types: Swift is statically typed: no code can hand a String
// parameter an Int, or nil to a non-optional one, so neither reaches the FFI
// from Swift. Nor can a lone UTF-16 surrogate or a malformed UTF-8 byte: a
// Swift String is always valid Unicode (decoding one, as below, gives
// U+FFFD), so the "lone surrogate" garbage here is what Swift makes of it.
// What can reach the FFI, and is sent: huge strings (5 MiB), NUL bytes,
// U+FFFD, non-ASCII and emoji, empty and blank strings, malformed JSON, PEM,
// URLs and dates, Int64/Int/Int32/UInt32 extremes, nil where the type is
// optional, empty and huge arrays, and models carrying all of these.
//
// Swift has no reflection of methods: the calls are written out (the
// operations were listed once from Operations.swift and Models.swift), and
// testEveryExportedFunctionIsCovered compares them with the functions the
// sources declare, read at test time, so an operation without a call here
// fails. One garbage value per argument position (or model field) at a
// time, the others benign. The client runs in token mode against a port
// where nothing listens: an input that passes the local checks ends as
// `StoneError.transport`.

import Foundation
import XCTest
@testable import StoneOpenBank

typealias Body = (Fuzz, StoneClient) async throws -> Void

/// The garbage.
enum G {
    static let hugeAscii = String(repeating: "9", count: 5 << 20) // 5 MiB of digits: passes character checks, fails on length
    static let hugeWide = String(repeating: "Ç🎉", count: (5 << 20) / 6) // 5 MiB of 2- and 4-byte UTF-8
    /// What Swift makes of a lone surrogate: U+FFFD (a String cannot hold one).
    static let loneSurrogate = String(decoding: [0xD800] as [UInt16], as: UTF16.self)

    /// Every string position of every function gets these.
    static let core: [(String, String)] = [
        ("empty", ""),
        ("blank", "   "),
        ("NUL", "\u{0}"),
        ("valid CPF then NUL", "12345678909\u{0}"),
        ("lone surrogate (U+FFFD in Swift)", loneSurrogate),
        ("valid CPF then lone surrogate (U+FFFD in Swift)", "12345678909" + String(decoding: [0xDC00] as [UInt16], as: UTF16.self)),
        ("non-ASCII and emoji", "Açaí São Paulo 🎉👨‍👩‍👧 日本語 ٣٤٥ ①②"),
        ("bidi and zero-width", "\u{202E}12345678909\u{200B}\u{200D}\u{FEFF}"),
        ("control characters", "\u{1}\u{7}\u{1B}[31m\u{7F}\u{85}"),
        ("header injection", "abc\r\nX-Injected: 1\r\n\r\nbody"),
        ("path traversal", "../../v1/accounts/../admin?x=1#frag%2F%00"),
        ("quote and backslash", "\"'\\`\"}]},{"),
        ("number-ish", "-9223372036854775809"),
        ("bad date", "2026-02-30"),
        ("long 64 KiB", String(repeating: "7", count: 64 << 10)),
    ]

    /// JSON-ish inputs (webhook bodies, configurations, arguments): malformed ones.
    static let json: [(String, String)] = [
        ("JSON: open brace", "{"),
        ("JSON: truncated", "{\"a\":[1,2,{\"b\":"),
        ("JSON: trailing comma", "{\"a\":1,}"),
        ("JSON: null", "null"),
        ("JSON: array", "[]"),
        ("JSON: string", "\"x\""),
        ("JSON: huge number", "{\"a\":" + String(repeating: "9", count: 100_000) + "}"),
        ("JSON: escaped lone surrogate", "{\"a\":\"\\uD800\"}"),
        ("JSON: escaped NUL", "{\"a\":\"\\u0000\"}"),
        ("JSON: BOM", "\u{FEFF}{}"),
        ("JSON: duplicate keys", "{\"a\":1,\"a\":2}"),
        ("JSON: 100k nested arrays", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
        ("JSON: 50k nested objects", String(repeating: "{\"a\":", count: 50_000)),
        ("JWE-ish", "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0." + String(repeating: "A", count: 10_000) + "...."),
    ]

    static let pem = (try? String(contentsOfFile: FfiGarbageTests.repo + "/sandbox/seed/demo-app.key.pem", encoding: .utf8)) ?? ""

    /// For the functions cheap enough to take them all (the validation API, the initializers, the raw client).
    static let extended: [(String, String)] = core + json + more + large
    static let more: [(String, String)] = [
        ("whitespace", " \t\r\n\u{B}\u{C}\u{A0}\u{2028}\u{3000}"),
        ("NULs", String(repeating: "\u{0}", count: 1024)),
        ("NUL then valid CPF", "\u{0}12345678909"),
        ("noncharacters", String(decoding: [0xFFFF, 0xFFFE, 0xFDD0] as [UInt16], as: UTF16.self)),
        ("combining marks", "a" + String(repeating: "\u{301}", count: 10_000)),
        ("format strings", "%s%n%x{}{0}${x}{{x}}"),
        ("HTML", "<script>alert(1)</script>"),
        ("exponent", "1e999999"),
        ("NaN", "NaN"),
        ("zero date", "0000-00-00"),
        ("far date", "+999999999-12-31T23:59:59.999999999+18:00"),
        ("bad URL", "http://[::1"),
        ("URL with NUL", "https://exa\u{0}mple.com/"),
        ("URL port overflow", "http://127.0.0.1:99999999999999999999/"),
        ("javascript URL", "javascript:alert(1)"),
        ("broken %-escape", "https://example.com/cb?consent_result=%ZZ&resource_id=%"),
        ("PEM without body", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"),
    ]
    static let pemOfGarbage = "-----BEGIN PRIVATE KEY-----\n" + String(repeating: "QUFB", count: 50_000) + "\n-----END PRIVATE KEY-----\n"
    static let large: [(String, String)] = [
        ("PEM of garbage", pemOfGarbage),
        ("PEM cut short", String(pem.prefix(pem.count / 2))),
        ("huge 5 MiB ASCII", hugeAscii),
        ("huge 5 MiB UTF-8", hugeWide),
    ]

    /// The client's operations are many (110) and the debug library echoes
    /// an argument into its error (a 5 MiB id costs ~0.5 s): each
    /// operation's own String parameters get a 1 MiB one, model fields
    /// 64 KiB (both far beyond every limit), and the 5 MiB ones go to the
    /// functions above.
    static let operationHuge = ("huge 1 MiB UTF-8", String(repeating: "Ç🎉", count: (1 << 20) / 6))

    static let int64s: [(String, Int64)] = [("Int64.min", .min), ("-1", -1), ("0", 0), ("Int64.max", .max)]
    static let ints: [(String, Int)] = [("Int.min", .min), ("-1", -1), ("0", 0), ("Int.max", .max)]
    static let int32s: [(String, Int32)] = [("Int32.min", .min), ("-1", -1), ("0", 0), ("256", 256), ("Int32.max", .max)]
    static let uint32s: [(String, UInt32)] = [("0", 0), ("2^31", 1 << 31), ("UInt32.max", .max)]
    /// A model's numeric fields (decoding refuses what the field's type cannot hold: not sent).
    static let numbers: [(String, Any)] = [
        ("Int64.min", NSNumber(value: Int64.min)), ("-1", NSNumber(value: -1)), ("0", NSNumber(value: 0)), ("Int64.max", NSNumber(value: Int64.max)),
        ("false", false), ("true", true),
    ]
}

/// A model's garbage: its JSON (it is Codable) with one leaf replaced, one
/// key removed or one array emptied or grown, decoded back into the model;
/// what the model's types cannot hold does not decode and is not sent.
enum Mutate {
    static func variants<T: Codable>(of value: T, strings: [(String, String)], unrepresentable: inout Int) -> [(String, T)] {
        guard let data = try? JSONEncoder().encode(value),
              let tree = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) else { return [] }
        var out: [(String, T)] = []
        for (label, mutated) in leaves(tree, strings) {
            guard let text = try? JSONSerialization.data(withJSONObject: mutated, options: .fragmentsAllowed),
                  let decoded = try? JSONDecoder().decode(T.self, from: text) else {
                unrepresentable += 1
                continue
            }
            out.append((label.hasPrefix("=") ? String(label.dropFirst()) : label, decoded))
        }
        return out
    }

    private static func join(_ key: String, _ sub: String) -> String {
        key + (sub.hasPrefix("=") || sub.hasPrefix("[") ? "" : ".") + sub
    }

    /// Every tree with one change; labels are paths (`customer.document=NUL`).
    static func leaves(_ node: Any, _ strings: [(String, String)]) -> [(String, Any)] {
        if let d = node as? [String: Any] {
            var out: [(String, Any)] = []
            for key in d.keys.sorted() {
                var without = d
                without[key] = nil
                out.append(("\(key)=absent", without))
                for (label, sub) in leaves(d[key]!, strings) {
                    var copy = d
                    copy[key] = sub
                    out.append((join(key, label), copy))
                }
            }
            return out
        }
        if let a = node as? [Any] {
            guard let first = a.first else { return [] }
            let size = first is String ? 100_000 : 10_000
            return [("=empty list", [Any]()), ("=huge list (\(size))", [Any](repeating: first, count: size))]
                + leaves(first, strings).map { (join("[0]", $0.0), [$0.1] + a.dropFirst()) }
        }
        if node is String { return strings.map { ("=" + $0.0, $0.1) } }
        if node is NSNull { return [] }
        return G.numbers.map { ("=" + $0.0, $0.1) }
    }
}

/// Hands out the arguments of one call: the benign value of each position,
/// but the garbage value in the position under test. The first (benign)
/// call records the positions and how to make their garbage.
final class Fuzz {
    struct Position {
        let name: String
        let variants: (Fuzz) -> [(String, Any)]
    }

    let direct: [(String, String)]
    let nested: [(String, String)]
    let target: Int
    let value: Any?
    var positions: [Position] = []
    var index = 0
    var unrepresentable = 0

    init(direct: [(String, String)], nested: [(String, String)], target: Int = -1, value: Any? = nil) {
        self.direct = direct
        self.nested = nested
        self.target = target
        self.value = value
    }

    private func take<T>(_ name: String, _ benign: T, _ variants: @escaping (Fuzz) -> [(String, Any)]) -> T {
        defer { index += 1 }
        if target < 0 { positions.append(Position(name: name, variants: variants)) }
        return index == target ? value as! T : benign
    }

    private func strings(_ name: String) -> [(String, String)] {
        let l = name.lowercased()
        return direct + (l == "body" || l.contains("json") ? G.json : [])
    }

    func s(_ name: String, _ benign: String) -> String {
        take(name, benign) { f in f.strings(name).map { ($0.0, $0.1 as Any) } }
    }

    func os(_ name: String, _ benign: String?) -> String? {
        take(name, benign) { f in f.strings(name).map { ($0.0, Optional($0.1) as Any) } + [("nil", String?.none as Any)] }
    }

    func i64(_ name: String, _ benign: Int64) -> Int64 { take(name, benign) { _ in G.int64s.map { ($0.0, $0.1 as Any) } } }
    func int(_ name: String, _ benign: Int) -> Int { take(name, benign) { _ in G.ints.map { ($0.0, $0.1 as Any) } } }
    func oint(_ name: String, _ benign: Int?) -> Int? { take(name, benign) { _ in G.ints.map { ($0.0, Optional($0.1) as Any) } + [("nil", Int?.none as Any)] } }
    func i32(_ name: String, _ benign: Int32) -> Int32 { take(name, benign) { _ in G.int32s.map { ($0.0, $0.1 as Any) } } }
    func u32(_ name: String, _ benign: UInt32) -> UInt32 { take(name, benign) { _ in G.uint32s.map { ($0.0, $0.1 as Any) } } }

    func m<T: Codable>(_ name: String, _ benign: T) -> T {
        take(name, benign) { f in Mutate.variants(of: benign, strings: f.nested, unrepresentable: &f.unrepresentable).map { ($0.0, $0.1 as Any) } }
    }

    func om<T: Codable>(_ name: String, _ benign: T?) -> T? {
        take(name, benign) { f in
            Mutate.variants(of: benign!, strings: f.nested, unrepresentable: &f.unrepresentable).map { ($0.0, Optional($0.1) as Any) } + [("nil", T?.none as Any)]
        }
    }

    /// An array: empty, huge, or one element with garbage.
    func list<T: Codable>(_ name: String, _ benign: [T]) -> [T] {
        take(name, benign) { f in
            let size = T.self == String.self ? 100_000 : 10_000
            return [("empty list", [T]() as Any), ("huge list (\(size))", [T](repeating: benign[0], count: size) as Any)]
                + Mutate.variants(of: benign[0], strings: f.nested, unrepresentable: &f.unrepresentable).map { ("[\($0.0)]", [$0.1] as Any) }
        }
    }

    /// A uniffi record (not Codable): each listed field in turn gets its garbage.
    func record<T>(_ name: String, _ benign: T, strings: [(String, WritableKeyPath<T, String>)], optionalStrings: [(String, WritableKeyPath<T, String?>)],
                   optionalInt64s: [(String, WritableKeyPath<T, Int64?>)], templates: WritableKeyPath<T, [PixTemplate]>?) -> T {
        take(name, benign) { f in
            var out: [(String, Any)] = []
            func with<V>(_ path: WritableKeyPath<T, V>, _ v: V) -> Any { var copy = benign; copy[keyPath: path] = v; return copy }
            for (field, path) in strings { out += f.nested.map { ("\(field)=\($0.0)", with(path, $0.1)) } }
            for (field, path) in optionalStrings { out += f.nested.map { ("\(field)=\($0.0)", with(path, $0.1)) } + [("\(field)=nil", with(path, nil))] }
            for (field, path) in optionalInt64s { out += G.int64s.map { ("\(field)=\($0.0)", with(path, $0.1)) } + [("\(field)=nil", with(path, nil))] }
            if let path = templates {
                out.append(("templates=empty list", with(path, [])))
                out.append(("templates=huge list (10000)", with(path, [PixTemplate](repeating: PixTemplate(id: "80", value: "x"), count: 10_000))))
                out += f.nested.map { ("templates[0].id=\($0.0)", with(path, [PixTemplate(id: $0.1, value: "x")])) }
                out += f.nested.map { ("templates[0].value=\($0.0)", with(path, [PixTemplate(id: "80", value: $0.1)])) }
            }
            return out
        }
    }
}

/// The first page of a list (one request).
func firstPage<T: Decodable & Sendable>(_ pages: Pages<T>) async throws {
    for try await _ in pages { break }
}

final class Tally {
    let what: String
    var functions = Set<String>()
    var calls = 0
    var unrepresentable = 0
    var failures: [String] = []
    init(_ what: String) { self.what = what }
}

final class FfiGarbageTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../..").standardized.path
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    /// Nothing listens on the discard port: a request that leaves ends as a transport error at once.
    static let nowhere = "http://127.0.0.1:9"

    /// Every call, written before it is made: after a crash, the last line names the culprit.
    static let callLog: FileHandle = {
        let path = package + "/.build/ffi-garbage-calls.log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)!
    }()

    static let panicText = ["panick", "rust panic", "RUST_BACKTRACE"]

    /// One call, judged: it returns, or throws an error `documented` accepts (and not a panic's message).
    func attempt(_ t: Tally, _ function: String, _ argument: String, _ documented: (Error) -> Bool, _ call: () async throws -> Void) async {
        Self.callLog.write(Data("\(function) [\(argument)]\n".utf8))
        t.calls += 1
        t.functions.insert(function)
        do {
            try await call()
        } catch {
            let text = String(describing: error)
            let verdict = !documented(error) ? "undocumented error"
                : Self.panicText.contains { text.lowercased().contains($0.lowercased()) } ? "a panic's message" : nil
            if let verdict {
                t.failures.append("\(function) [\(argument)]: \(verdict): \(String(reflecting: type(of: error))): \(text.prefix(300))")
            }
        }
    }

    /// The benign call, then each position in turn with each of its garbage values.
    func fuzz(_ t: Tally, _ function: String, direct: [(String, String)], nested: [(String, String)],
              _ documented: (Error) -> Bool, _ body: (Fuzz) async throws -> Void) async {
        let first = Fuzz(direct: direct, nested: nested)
        await attempt(t, function, "<benign>", documented) { try await body(first) }
        for (p, position) in first.positions.enumerated() {
            let variants = position.variants(first)
            for (label, value) in variants {
                let f = Fuzz(direct: direct, nested: nested, target: p, value: value)
                await attempt(t, function, "\(position.name)=\(label)", documented) { try await body(f) }
            }
        }
        t.unrepresentable += first.unrepresentable
    }

    func report(_ t: Tally) {
        print("\(t.what): \(t.functions.count) functions, \(t.calls) calls, \(t.unrepresentable) garbage values Swift's types cannot hold (not sent), \(t.failures.count) failures")
        print("  functions: \(t.functions.sorted().joined(separator: ", "))")
        for f in t.failures { print("  FAIL \(f)") }
        if !t.failures.isEmpty {
            var groups: [String: [String]] = [:]
            for f in t.failures {
                let error = String(f.components(separatedBy: "]: ").dropFirst().joined(separator: "]: ").prefix(160))
                let garbage = f.components(separatedBy: "]: ")[0].components(separatedBy: "=").last ?? ""
                groups["\(error) | garbage: \(garbage)", default: []].append(f)
            }
            let summary = groups.sorted { $0.value.count > $1.value.count }.prefix(40).map { k, v in
                "  \(v.count)x \(k)\n    e.g. " + v.prefix(3).map { String($0.prefix(400)) }.joined(separator: "\n    e.g. ")
            }.joined(separator: "\n")
            XCTFail("\(t.what): \(t.failures.count) of \(t.calls) calls returned an undocumented error:\n\(summary)")
        }
    }

    /// After the garbage, a known-valid barcode of the shared vectors still decodes.
    func assertValidationStillWorks() throws {
        let dir = ProcessInfo.processInfo.environment["STONE_TESTDATA"] ?? Self.repo + "/../shared/testdata"
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/boleto/generated.json"))) as! [String: Any]
        let cases = file["cases"] as! [[String: Any]]
        let valid = cases.first { ($0["valid"] as? Bool) == true && (($0["expected"] as? [String: Any])?["kind"] as? String) == "bank" }!
        guard case let .bank(boleto) = try parseBarcode(input: valid["input"] as! String, referenceDate: file["reference_date"] as? String) else {
            return XCTFail("expected a bank boleto")
        }
        XCTAssertEqual(boleto.barcode, (valid["expected"] as! [String: Any])["barcode"] as? String)
        XCTAssertTrue(isValidCpf(input: "123.456.789-09"))
    }

    func testLoneSurrogatesCannotBeSwiftStrings() {
        XCTAssertEqual(G.loneSurrogate, "\u{FFFD}")
    }

    // ---- coverage: the sources' functions against the calls written here ----

    func declared(_ file: String, _ prefix: String) throws -> [String] {
        let text = try String(contentsOfFile: Self.package + "/Sources/StoneOpenBank/" + file, encoding: .utf8)
        return text.components(separatedBy: "\n").filter { $0.hasPrefix(prefix) }.map {
            String($0.dropFirst(prefix.count).prefix { $0 != "(" && $0 != "<" })
        }
    }

    func testEveryExportedFunctionIsCovered() throws {
        let operations = try declared("Operations.swift", "    public func ")
        XCTAssertEqual(operations.count, Self.operations.count, "public funcs in Operations.swift against the calls here")
        XCTAssertEqual(Set(operations).subtracting(Self.operations.map { $0.0 }), [], "operations without garbage calls")
        XCTAssertGreaterThan(operations.count, 100)
        let functions = try declared("StoneOpenBank.swift", "public func ").filter { !$0.hasPrefix("FfiConverter") && !$0.hasPrefix("uniffi") }
        XCTAssertEqual(functions.count, Self.validation.count, "top-level public funcs in StoneOpenBank.swift against the calls here")
        XCTAssertEqual(Set(functions).subtracting(Self.validation.map { $0.0 }), [], "functions without garbage calls")
        // StoneClient's own body (the file also holds Pages and JSONValue).
        let file = try String(contentsOfFile: Self.package + "/Sources/StoneOpenBank/StoneClient.swift", encoding: .utf8)
        let body = file.components(separatedBy: "public final class StoneClient")[1].components(separatedBy: "\n}\n")[0]
        XCTAssertEqual(body.components(separatedBy: "public convenience init(").count - 1, Self.initializers.count, "StoneClient initializers")
        XCTAssertEqual(body.components(separatedBy: "\n").filter { $0.hasPrefix("    public func ") }.count, 1, "StoneClient's own methods: verifyWebhook(body:headers:) only")
    }

    // ---- the validation API (the uniffi-generated top-level functions) ----

    static func isBarcodeError(_ e: Error) -> Bool { e is BarcodeError }
    static func isDocumentError(_ e: Error) -> Bool { e is DocumentError }
    static func isPixError(_ e: Error) -> Bool { e is PixError }
    /// The functions that return a verdict declare no error: any is a failure.
    static func none(_ e: Error) -> Bool { false }

    static let pixCharge = PixChargeFields(merchantName: "Fulano de Tal", merchantCity: "BRASILIA", key: "123e4567-e12b-12d1-a456-426655440000",
                                           url: nil, description: nil, amountCents: nil, txid: nil, pointOfInitiation: nil, mcc: nil, postalCode: nil, templates: [])

    static let validation: [(String, (Error) -> Bool, (Fuzz) throws -> Void)] = [
        ("buildBankBoleto", FfiGarbageTests.isBarcodeError, { f in
            _ = try buildBankBoleto(bankCode: f.s("bankCode", "197"), amountCents: f.i64("amountCents", 150_000),
                                    freeField: f.s("freeField", "0000000000000000000012345"), dueDate: f.os("dueDate", "2026-12-10")) }),
        ("buildCollectionDocument", FfiGarbageTests.isBarcodeError, { f in
            _ = try buildCollectionDocument(segment: f.i32("segment", 6), valueType: f.i32("valueType", 8), value: f.i64("value", 15_075),
                                            companyId: f.s("companyId", "12345678"), freeField: f.s("freeField", "000000000000000000001")) }),
        ("formatLine", FfiGarbageTests.isBarcodeError, { f in _ = try formatLine(input: f.s("input", B.boleto)) }),
        ("isValidBarcode", FfiGarbageTests.none, { f in _ = isValidBarcode(input: f.s("input", B.boleto)) }),
        ("parseBarcode", FfiGarbageTests.isBarcodeError, { f in _ = try parseBarcode(input: f.s("input", B.boleto), referenceDate: f.os("referenceDate", "2026-11-26")) }),
        ("toBarcode", FfiGarbageTests.isBarcodeError, { f in _ = try toBarcode(input: f.s("input", B.boleto)) }),
        ("toDigitableLine", FfiGarbageTests.isBarcodeError, { f in _ = try toDigitableLine(input: f.s("input", B.boleto)) }),
        ("validateBarcode", FfiGarbageTests.isBarcodeError, { f in try validateBarcode(input: f.s("input", B.boleto)) }),
        ("validateBarcodes", FfiGarbageTests.none, { f in _ = validateBarcodes(inputs: f.list("inputs", [B.boleto])) }),
        ("isValidCnpj", FfiGarbageTests.none, { f in _ = isValidCnpj(input: f.s("input", "12ABC34501DE35")) }),
        ("isValidCpf", FfiGarbageTests.none, { f in _ = isValidCpf(input: f.s("input", "12345678909")) }),
        ("parseCnpj", FfiGarbageTests.isDocumentError, { f in _ = try parseCnpj(input: f.s("input", "12ABC34501DE35")) }),
        ("parseCpf", FfiGarbageTests.isDocumentError, { f in _ = try parseCpf(input: f.s("input", "12345678909")) }),
        ("buildPix", FfiGarbageTests.isPixError, { f in
            _ = try buildPix(charge: f.record("charge", FfiGarbageTests.pixCharge,
                strings: [("merchantName", \.merchantName), ("merchantCity", \.merchantCity)],
                optionalStrings: [("key", \.key), ("url", \.url), ("description", \.description), ("txid", \.txid), ("mcc", \.mcc), ("postalCode", \.postalCode)],
                optionalInt64s: [("amountCents", \.amountCents)], templates: \.templates)) }),
        ("isValidPix", FfiGarbageTests.none, { f in _ = isValidPix(input: f.s("input", B.pix)) }),
        ("isValidPixKey", FfiGarbageTests.none, { f in _ = isValidPixKey(input: f.s("input", "fulano@example.com")) }),
        ("parsePix", FfiGarbageTests.isPixError, { f in _ = try parsePix(input: f.s("input", B.pix)) }),
        ("parsePixKey", FfiGarbageTests.isPixError, { f in _ = try parsePixKey(input: f.s("input", "fulano@example.com")) }),
        ("pixQrPng", FfiGarbageTests.isPixError, { f in _ = try pixQrPng(payload: f.s("payload", B.pix), scale: f.u32("scale", 4)) }),
        ("pixQrSvg", FfiGarbageTests.isPixError, { f in _ = try pixQrSvg(payload: f.s("payload", B.pix), size: f.u32("size", 256)) }),
        ("validatePix", FfiGarbageTests.isPixError, { f in try validatePix(input: f.s("input", B.pix)) }),
        ("validatePixes", FfiGarbageTests.none, { f in _ = validatePixes(inputs: f.list("inputs", [B.pix])) }),
    ]

    func testEveryValidationFunctionTakesGarbage() async throws {
        let t = Tally("validation functions")
        for (name, documented, body) in Self.validation {
            await fuzz(t, name, direct: G.extended, nested: G.extended, documented) { f in try body(f) }
        }
        report(t)
        try assertValidationStillWorks()
    }

    // ---- StoneClient's initializers ----

    static let initializers: [(String, (Fuzz) throws -> StoneClient)] = [
        ("StoneClient(userAgent:accessToken:environment:baseUrl:timeoutMillis:maxAttempts:)", { f in
            try StoneClient(userAgent: f.s("userAgent", "ffi garbage"), accessToken: f.s("accessToken", "garbage-token"),
                            environment: f.os("environment", nil), baseUrl: f.os("baseUrl", FfiGarbageTests.nowhere),
                            timeoutMillis: f.oint("timeoutMillis", 2_000), maxAttempts: f.oint("maxAttempts", 1)) }),
        ("StoneClient(userAgent:clientId:privateKey:environment:baseUrl:timeoutMillis:maxAttempts:)", { f in
            try StoneClient(userAgent: f.s("userAgent", "ffi garbage"), clientId: f.s("clientId", "demo-conta-de-liquidacao"), privateKey: f.s("privateKey", G.pem),
                            environment: f.os("environment", nil), baseUrl: f.os("baseUrl", FfiGarbageTests.nowhere),
                            timeoutMillis: f.oint("timeoutMillis", 2_000), maxAttempts: f.oint("maxAttempts", 1)) }),
    ]

    func testEveryClientInitializerTakesGarbage() async throws {
        let t = Tally("StoneClient initializers")
        for (name, body) in Self.initializers {
            await fuzz(t, name, direct: G.extended, nested: G.extended, { $0 is StoneError }) { f in _ = try body(f) }
        }
        report(t)
        try assertValidationStillWorks()
    }

    // ---- every operation of the client ----

    func testEveryClientOperationTakesGarbage() async throws {
        let t = Tally("StoneClient operations")
        let client = try StoneClient(userAgent: "stone-openbank ffi garbage tests", accessToken: "garbage-token", baseUrl: Self.nowhere, timeoutMillis: 2_000, maxAttempts: 1)
        let calls: [(String, Body)] = Self.operations + [
            ("verifyWebhook(body:headers:)", { f, c in
                _ = try await c.verifyWebhook(body: f.s("body", "{}"), headers: ["x-stone-webhook-event-id": f.s("x-stone-webhook-event-id", B.id)]) }),
        ]
        for (name, body) in calls {
            await fuzz(t, name, direct: G.core + [G.operationHuge], nested: G.core, { $0 is StoneError }) { f in try await body(f, client) }
        }
        print("operations covered: \(t.functions.count)")
        XCTAssertEqual(t.functions.count, calls.count)
        report(t)
        try assertValidationStillWorks()
    }

    // ---- the raw uniffi object under StoneClient ----

    /// A CoreFailure is documented when it carries the core's error JSON of a known kind.
    static func documentedCore(_ e: Error) -> Bool {
        guard case let CoreFailure.Core(json) = e,
              let o = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let kind = o["kind"] as? String else { return false }
        return ["invalid_input", "api", "authentication", "timeout", "transport", "decode", "webhook"].contains(kind)
    }

    func testTheNativeClientTakesGarbage() async throws {
        let t = Tally("NativeClient (uniffi)")
        let config: [String: Any] = ["user_agent": "ffi garbage", "access_token": "garbage-token", "base_url": Self.nowhere, "timeout_ms": 2_000, "max_attempts": 1]
        func text(_ o: [String: Any]) -> String { String(decoding: try! JSONSerialization.data(withJSONObject: o, options: .sortedKeys), as: UTF8.self) }
        for (label, value) in G.extended {
            await attempt(t, "NativeClient(configJson:)", "configJson=\(label)", Self.documentedCore) { _ = try NativeClient(configJson: value) }
        }
        let values: [(String, Any)] = G.core.map { ($0.0, $0.1 as Any) } + [
            ("-1", -1), ("0", 0), ("1.5", 1.5), ("u64 overflow", NSDecimalNumber(string: "18446744073709551616")),
            ("i64 underflow", NSDecimalNumber(string: "-9223372036854775809")), ("true", true), ("JSON null", NSNull()), ("array", [Any]()), ("object", [String: Any]()),
        ]
        for key in config.keys.sorted() + ["unknown_key"] {
            for (label, value) in values {
                var c = config
                c[key] = value
                let json = text(c)
                await attempt(t, "NativeClient(configJson:)", "configJson.\(key)=\(label)", Self.documentedCore) { _ = try NativeClient(configJson: json) }
            }
        }
        let native = try NativeClient(configJson: text(config))
        // Every operation's name with malformed arguments, through both entry points.
        let names = Self.operations.map { $0.0.replacingOccurrences(of: "([A-Z])", with: "_$1", options: .regularExpression).lowercased() }
        let args = "{\"account_id\":\"abcdefghijklmnopqrstuvwxyz0123\"}"
        let argsGarbage = G.json + [
            ("empty", ""), ("lone surrogate (U+FFFD in Swift)", G.loneSurrogate), ("NUL", "\u{0}"), ("benign", args),
            ("unknown argument", "{\"account_id\":\"x\",\"nope\":1}"), ("wrong types", "{\"account_id\":[1],\"amount\":\"x\",\"transfer\":7}"),
        ]
        for op in names {
            for (label, value) in argsGarbage {
                await attempt(t, "NativeClient.call(op:argsJson:)", "op=\(op), argsJson=\(label)", Self.documentedCore) { _ = try await native.call(op: op, argsJson: value) }
                await attempt(t, "NativeClient.page(op:argsJson:after:limit:)", "op=\(op), argsJson=\(label)", Self.documentedCore) {
                    _ = try await native.page(op: op, argsJson: value, after: nil, limit: 10)
                }
            }
        }
        for (label, value) in G.extended {
            await attempt(t, "NativeClient.call(op:argsJson:)", "op=\(label)", Self.documentedCore) { _ = try await native.call(op: value, argsJson: args) }
            await attempt(t, "NativeClient.call(op:argsJson:)", "op=account, argsJson=\(label)", Self.documentedCore) { _ = try await native.call(op: "account", argsJson: value) }
            await attempt(t, "NativeClient.page(op:argsJson:after:limit:)", "op=\(label)", Self.documentedCore) { _ = try await native.page(op: value, argsJson: args, after: nil, limit: 10) }
            await attempt(t, "NativeClient.page(op:argsJson:after:limit:)", "op=statement, argsJson=\(label)", Self.documentedCore) {
                _ = try await native.page(op: "statement", argsJson: value, after: nil, limit: 10)
            }
            await attempt(t, "NativeClient.page(op:argsJson:after:limit:)", "op=statement, after=\(label)", Self.documentedCore) {
                _ = try await native.page(op: "statement", argsJson: args, after: value, limit: 10)
            }
        }
        for limit in [0, 1, 1001, UInt32(Int32.max), UInt32.max, nil] as [UInt32?] {
            await attempt(t, "NativeClient.page(op:argsJson:after:limit:)", "op=statement, limit=\(limit.map(String.init) ?? "nil")", Self.documentedCore) {
                _ = try await native.page(op: "statement", argsJson: args, after: nil, limit: limit)
            }
        }
        report(t)
        try assertValidationStillWorks()
    }

    // ---- generated once from Operations.swift and Models.swift (every optional filled) ----
    enum B {
        static let id = "abcdefghijklmnopqrstuvwxyz0123"
        static let pix = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
        static let boleto = "34191.09008 00012.345674 89012.345677 9 99990000012345"
        static let newInternalTransfer = NewInternalTransfer(accountId: B.id, amount: 1500, description: "Fulano de Tal", scheduledTo: "2026-12-01", targetAccountCode: "400002")
        static let newExternalTransfer = NewExternalTransfer(accountCode: "400002", accountId: B.id, accountType: AccountType.allCases[0], amount: 1500, branchCode: "0001", document: "12345678909", institutionCode: "16501555", name: "Fulano de Tal", scheduledTo: "2026-12-01")
        static let effectivePayer = EffectivePayer(document: "12345678909", legalName: "Fulano de Tal")
        static let newPayment = NewPayment(accountId: B.id, amount: 1500, barcode: B.boleto, effectivePayer: B.effectivePayer, scheduledTo: "2026-12-01")
        static let operationRef = OperationRef(id: B.id, type: OperationType.allCases[0])
        static let batchDecision = BatchDecision(operations: [B.operationRef], scope: BatchScope.allCases[0])
        static let invoiceCustomer = InvoiceCustomer(document: "12345678909", legalName: "Fulano de Tal", tradeName: "Fulano de Tal")
        static let datedRate = DatedRate(basisPoints: 1, date: "2026-12-01")
        static let newBoletoInvoice = NewBoletoInvoice(accountId: B.id, amount: 1500, customer: B.invoiceCustomer, description: "Fulano de Tal", discounts: [B.datedRate], expirationDate: "2026-12-01", fine: B.datedRate, interest: B.datedRate, invoiceType: InvoiceType.deposit, limitDate: "2026-12-01")
        static let newPixKey = NewPixKey(key: "fulano@example.com", keyType: "email")
        static let pixKeyUpdate = PixKeyUpdate(accountType: "CC", branchCode: "0001", legalName: "Fulano de Tal", name: "Fulano de Tal", reason: "fraud")
        static let pixInfo = PixInfo(name: "Fulano de Tal", value: B.id)
        static let pixCustomer = PixCustomer(document: "12345678909", name: "Fulano de Tal")
        static let newPixCharge = NewPixCharge(accountId: B.id, additionalData: [B.pixInfo], amount: 1500, customer: B.pixCustomer, expiration: 3600, key: "fulano@example.com", requestForPayer: "Fulano de Tal", transactionId: B.id)
        static let pixRate = PixRate(coefficient: 1, exponent: 1)
        static let pixDateDiscount = PixDateDiscount(date: "2026-12-01", fixedValue: 1500, proportionalValue: B.pixRate)
        static let pixAdjustment = PixAdjustment(fixedValue: 1500, proportionalValue: B.pixRate, type: AdjustmentType.allCases[0])
        static let pixDiscount = PixDiscount(calculationMode: DiscountMode.allCases[0], dateDiscounts: [B.pixDateDiscount], periodDiscount: B.pixAdjustment, type: AdjustmentType.allCases[0])
        static let pixInterest = PixInterest(fixedValue: 1500, period: InterestPeriod.allCases[0], proportionalValue: B.pixRate, type: AdjustmentType.allCases[0])
        static let newDuePixCharge = NewDuePixCharge(accountId: B.id, additionalData: [B.pixInfo], amount: 1500, customer: B.pixCustomer, discount: B.pixDiscount, expirationDate: "2026-12-01", fine: B.pixAdjustment, interest: B.pixInterest, key: "fulano@example.com", onlyBusinessDays: true, paymentLimitPeriodDays: 1, reduction: B.pixAdjustment, requestForPayer: "Fulano de Tal", transactionId: B.id)
        static let newStaticPixCharge = NewStaticPixCharge(accountId: B.id, additionalInformation: "Fulano de Tal", amount: 1500, key: "fulano@example.com", transactionId: B.id)
        static let pixKeyAccount = PixKeyAccount(accountCode: "400002", accountType: "CC", branchCode: "0001")
        static let pixEntity = PixEntity(document: "12345678909", documentType: "cpf", name: "Fulano de Tal")
        static let pixInstitution = PixInstitution(ispb: "16501555", name: "Fulano de Tal")
        static let pixParty = PixParty(account: B.pixKeyAccount, entity: B.pixEntity, institution: B.pixInstitution)
        static let newPixPayment = NewPixPayment(accountId: B.id, amount: 1500, description: "Fulano de Tal", key: "fulano@example.com", scheduledTo: "2026-12-01", target: B.pixParty, transactionId: B.id)
        static let pixConfirmation = PixConfirmation(addTargetToContacts: true, amount: 1500, description: "Fulano de Tal")
        static let newPixRefund = NewPixRefund(amount: 1500, inboundPixPaymentId: B.id, reason: "fraud")
        static let pixInfractionFilter = PixInfractionFilter(analysisResult: B.id, ascending: true, direction: B.id, endToEndId: B.id, limit: 10, offset: 0, refundId: B.id, reportedBy: B.id, sortBy: B.id, status: B.id, type: B.id)
        static let newCob = NewCob(chave: "fulano@example.com", devedorDocumento: "12345678909", devedorNome: "Fulano de Tal", expiracao: 3600, original: 1500, solicitacaoPagador: "Fulano de Tal")
        static let cobRevision = CobRevision(remove: true, solicitacaoPagador: "Fulano de Tal")
        static let bcbListFilter = BcbListFilter(fim: "2026-12-01T00:00:00Z", inicio: "2026-11-01T00:00:00Z", status: B.id, txid: B.id)
        static let cobvTerm = CobvTerm(modalidade: 1, valorPerc: 1500)
        static let cobvDateDiscount = CobvDateDiscount(data: "2026-12-01", valorPerc: 1500)
        static let cobvDiscount = CobvDiscount(descontoDataFixa: [B.cobvDateDiscount], modalidade: 1, valorPerc: 1500)
        static let cobvValor = CobvValor(abatimento: B.cobvTerm, desconto: B.cobvDiscount, juros: B.cobvTerm, multa: B.cobvTerm, original: 1500)
        static let newCobv = NewCobv(chave: "fulano@example.com", dataDeVencimento: "2026-12-01", devedorDocumento: "12345678909", devedorNome: "Fulano de Tal", locId: 1, solicitacaoPagador: "Fulano de Tal", validadeAposVencimento: 1, valor: B.cobvValor)
        static let newCobvInLot = NewCobvInLot(cobv: B.newCobv, txid: B.id)
        static let cobvLotRevision = CobvLotRevision(revision: B.cobRevision, txid: B.id)
        static let contactFields = ContactFields(email: "fulano@example.com", mobile: "+5511999999999", name: "Fulano de Tal", taxId: "12345678909")
        static let bankAccountFields = BankAccountFields(accountCode: "400002", accountType: "CC", branchCode: "0001", institutionCode: "16501555", pixKey: "fulano@example.com")
        static let newSalaryPortability = NewSalaryPortability(accountId: B.id, employerDocument: "11222333000181", employerName: "Fulano de Tal", payrollInstitutionCode: "16501555")
        static let consentLinkRequest = ConsentLinkRequest(redirectUri: "https://example.com/callback", sessionMetadata: ["k": "v"])
    }

    static let operations: [(String, Body)] = [
        ("accounts", { f, c in _ = try await c.accounts() }),
        ("account", { f, c in _ = try await c.account(accountId: f.s("accountId", B.id)) }),
        ("balance", { f, c in _ = try await c.balance(accountId: f.s("accountId", B.id)) }),
        ("fees", { f, c in _ = try await c.fees(accountId: f.s("accountId", B.id)) }),
        ("fee", { f, c in _ = try await c.fee(accountId: f.s("accountId", B.id), feeType: f.s("feeType", "internal_transfer")) }),
        ("statement", { f, c in try await firstPage(c.statement(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("statementEntry", { f, c in _ = try await c.statementEntry(entryId: f.s("entryId", B.id)) }),
        ("createInternalTransfer", { f, c in _ = try await c.createInternalTransfer(transfer: f.m("transfer", B.newInternalTransfer), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("dryRunInternalTransfer", { f, c in _ = try await c.dryRunInternalTransfer(transfer: f.m("transfer", B.newInternalTransfer)) }),
        ("internalTransfer", { f, c in _ = try await c.internalTransfer(transferId: f.s("transferId", B.id)) }),
        ("internalTransfers", { f, c in try await firstPage(c.internalTransfers(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("cancelInternalTransfer", { f, c in _ = try await c.cancelInternalTransfer(transferId: f.s("transferId", B.id)) }),
        ("approveInternalTransfer", { f, c in _ = try await c.approveInternalTransfer(transferId: f.s("transferId", B.id)) }),
        ("rejectInternalTransfer", { f, c in _ = try await c.rejectInternalTransfer(transferId: f.s("transferId", B.id)) }),
        ("createExternalTransfer", { f, c in _ = try await c.createExternalTransfer(transfer: f.m("transfer", B.newExternalTransfer), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("dryRunExternalTransfer", { f, c in _ = try await c.dryRunExternalTransfer(transfer: f.m("transfer", B.newExternalTransfer)) }),
        ("externalTransfer", { f, c in _ = try await c.externalTransfer(transferId: f.s("transferId", B.id)) }),
        ("externalTransfers", { f, c in try await firstPage(c.externalTransfers(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("cancelExternalTransfer", { f, c in _ = try await c.cancelExternalTransfer(transferId: f.s("transferId", B.id)) }),
        ("approveExternalTransfer", { f, c in _ = try await c.approveExternalTransfer(transferId: f.s("transferId", B.id)) }),
        ("rejectExternalTransfer", { f, c in _ = try await c.rejectExternalTransfer(transferId: f.s("transferId", B.id)) }),
        ("dryRunPayment", { f, c in _ = try await c.dryRunPayment(payment: f.m("payment", B.newPayment)) }),
        ("createPayment", { f, c in _ = try await c.createPayment(payment: f.m("payment", B.newPayment), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("payment", { f, c in _ = try await c.payment(paymentId: f.s("paymentId", B.id)) }),
        ("payments", { f, c in try await firstPage(c.payments(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("cancelPayment", { f, c in _ = try await c.cancelPayment(paymentId: f.s("paymentId", B.id)) }),
        ("approvePayment", { f, c in _ = try await c.approvePayment(paymentId: f.s("paymentId", B.id)) }),
        ("rejectPayment", { f, c in _ = try await c.rejectPayment(paymentId: f.s("paymentId", B.id)) }),
        ("schedulingCalendar", { f, c in _ = try await c.schedulingCalendar(operationType: OperationType.allCases[0]) }),
        ("pendingOperations", { f, c in try await firstPage(c.pendingOperations(accountId: f.s("accountId", B.id), status: PendingStatus.allCases[0], pageSize: f.int("pageSize", 10))) }),
        ("approveOperations", { f, c in _ = try await c.approveOperations(accountId: f.s("accountId", B.id), decision: f.m("decision", B.batchDecision), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("cancelOperations", { f, c in _ = try await c.cancelOperations(accountId: f.s("accountId", B.id), decision: f.m("decision", B.batchDecision), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("createBoleto", { f, c in _ = try await c.createBoleto(boleto: f.m("boleto", B.newBoletoInvoice), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("boleto", { f, c in _ = try await c.boleto(invoiceId: f.s("invoiceId", B.id)) }),
        ("boletos", { f, c in try await firstPage(c.boletos(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("cancelBoleto", { f, c in _ = try await c.cancelBoleto(invoiceId: f.s("invoiceId", B.id)) }),
        ("boletoPdf", { f, c in _ = try await c.boletoPdf(invoiceId: f.s("invoiceId", B.id)) }),
        ("createPixKey", { f, c in _ = try await c.createPixKey(accountId: f.s("accountId", B.id), key: f.m("key", B.newPixKey), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("pixKeys", { f, c in _ = try await c.pixKeys(accountId: f.s("accountId", B.id)) }),
        ("pixKey", { f, c in _ = try await c.pixKey(accountId: f.s("accountId", B.id), keyId: f.s("keyId", B.id)) }),
        ("updatePixKey", { f, c in _ = try await c.updatePixKey(accountId: f.s("accountId", B.id), keyId: f.s("keyId", B.id), update: f.m("update", B.pixKeyUpdate), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("deletePixKey", { f, c in _ = try await c.deletePixKey(accountId: f.s("accountId", B.id), keyId: f.s("keyId", B.id)) }),
        ("createPixClaim", { f, c in _ = try await c.createPixClaim(accountId: f.s("accountId", B.id), pixEntryId: f.s("pixEntryId", B.id), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("pixClaims", { f, c in _ = try await c.pixClaims(accountId: f.s("accountId", B.id)) }),
        ("pixClaim", { f, c in _ = try await c.pixClaim(accountId: f.s("accountId", B.id), claimId: f.s("claimId", B.id)) }),
        ("cancelPixClaim", { f, c in _ = try await c.cancelPixClaim(accountId: f.s("accountId", B.id), claimId: f.s("claimId", B.id)) }),
        ("approvePixClaim", { f, c in _ = try await c.approvePixClaim(accountId: f.s("accountId", B.id), claimId: f.s("claimId", B.id)) }),
        ("rejectPixClaim", { f, c in _ = try await c.rejectPixClaim(accountId: f.s("accountId", B.id), claimId: f.s("claimId", B.id)) }),
        ("completePixClaim", { f, c in _ = try await c.completePixClaim(accountId: f.s("accountId", B.id), claimId: f.s("claimId", B.id)) }),
        ("createPixCharge", { f, c in _ = try await c.createPixCharge(charge: f.m("charge", B.newPixCharge), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("pixCharge", { f, c in _ = try await c.pixCharge(chargeId: f.s("chargeId", B.id)) }),
        ("cancelPixCharge", { f, c in _ = try await c.cancelPixCharge(accountId: f.s("accountId", B.id), chargeId: f.s("chargeId", B.id)) }),
        ("createDuePixCharge", { f, c in _ = try await c.createDuePixCharge(charge: f.m("charge", B.newDuePixCharge), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("cancelDuePixCharge", { f, c in _ = try await c.cancelDuePixCharge(accountId: f.s("accountId", B.id), chargeId: f.s("chargeId", B.id)) }),
        ("duePixAmounts", { f, c in _ = try await c.duePixAmounts(chargeId: f.s("chargeId", B.id), paymentDate: f.s("paymentDate", "2026-12-01")) }),
        ("createStaticPixCharge", { f, c in _ = try await c.createStaticPixCharge(charge: f.m("charge", B.newStaticPixCharge), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("staticPixCharge", { f, c in _ = try await c.staticPixCharge(chargeId: f.s("chargeId", B.id)) }),
        ("updateStaticPixCharge", { f, c in _ = try await c.updateStaticPixCharge(chargeId: f.s("chargeId", B.id), additionalInformation: f.s("additionalInformation", "Fulano de Tal"), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("lookupBrcode", { f, c in _ = try await c.lookupBrcode(brcode: f.s("brcode", B.pix)) }),
        ("createPixPayment", { f, c in _ = try await c.createPixPayment(payment: f.m("payment", B.newPixPayment), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("confirmPixPayment", { f, c in _ = try await c.confirmPixPayment(paymentId: f.s("paymentId", B.id), confirmation: f.m("confirmation", B.pixConfirmation), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("pixPayment", { f, c in _ = try await c.pixPayment(paymentId: f.s("paymentId", B.id)) }),
        ("refundInboundPix", { f, c in _ = try await c.refundInboundPix(refund: f.m("refund", B.newPixRefund), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("pixInfractionReports", { f, c in _ = try await c.pixInfractionReports(accountId: f.s("accountId", B.id), filter: f.m("filter", B.pixInfractionFilter)) }),
        ("closePixInfractionReport", { f, c in _ = try await c.closePixInfractionReport(accountId: f.s("accountId", B.id), reportId: f.s("reportId", B.id), analysisResult: f.s("analysisResult", B.id), analysisDetails: f.os("analysisDetails", "Fulano de Tal")) }),
        ("pixActivity", { f, c in try await firstPage(c.pixActivity(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("inboundPix", { f, c in _ = try await c.inboundPix(inboundPixId: f.s("inboundPixId", B.id)) }),
        ("createCob", { f, c in _ = try await c.createCob(accountId: f.s("accountId", B.id), txid: f.os("txid", B.id), cob: f.m("cob", B.newCob)) }),
        ("cob", { f, c in _ = try await c.cob(accountId: f.s("accountId", B.id), txid: f.s("txid", B.id)) }),
        ("removeCob", { f, c in _ = try await c.removeCob(accountId: f.s("accountId", B.id), txid: f.s("txid", B.id)) }),
        ("reviseCob", { f, c in _ = try await c.reviseCob(accountId: f.s("accountId", B.id), txid: f.s("txid", B.id), revision: f.m("revision", B.cobRevision)) }),
        ("cobs", { f, c in try await firstPage(c.cobs(accountId: f.s("accountId", B.id), filter: f.m("filter", B.bcbListFilter), pageSize: f.int("pageSize", 10))) }),
        ("receivedPixList", { f, c in try await firstPage(c.receivedPixList(accountId: f.s("accountId", B.id), filter: f.m("filter", B.bcbListFilter), pageSize: f.int("pageSize", 10))) }),
        ("receivedPix", { f, c in _ = try await c.receivedPix(accountId: f.s("accountId", B.id), endToEndId: f.s("endToEndId", B.id)) }),
        ("createDevolucao", { f, c in _ = try await c.createDevolucao(accountId: f.s("accountId", B.id), endToEndId: f.s("endToEndId", B.id), id: f.s("id", B.id), amount: f.i64("amount", 1500)) }),
        ("createCobv", { f, c in _ = try await c.createCobv(accountId: f.s("accountId", B.id), txid: f.s("txid", B.id), cobv: f.m("cobv", B.newCobv)) }),
        ("cobv", { f, c in _ = try await c.cobv(accountId: f.s("accountId", B.id), txid: f.s("txid", B.id)) }),
        ("removeCobv", { f, c in _ = try await c.removeCobv(accountId: f.s("accountId", B.id), txid: f.s("txid", B.id)) }),
        ("reviseCobv", { f, c in _ = try await c.reviseCobv(accountId: f.s("accountId", B.id), txid: f.s("txid", B.id), revision: f.m("revision", B.cobRevision)) }),
        ("cobvs", { f, c in try await firstPage(c.cobvs(accountId: f.s("accountId", B.id), filter: f.m("filter", B.bcbListFilter), pageSize: f.int("pageSize", 10))) }),
        ("createPixLocation", { f, c in _ = try await c.createPixLocation(accountId: f.s("accountId", B.id), tipoCob: f.s("tipoCob", "cob")) }),
        ("pixLocations", { f, c in try await firstPage(c.pixLocations(accountId: f.s("accountId", B.id), filter: f.m("filter", B.bcbListFilter), pageSize: f.int("pageSize", 10))) }),
        ("pixLocation", { f, c in _ = try await c.pixLocation(accountId: f.s("accountId", B.id), locationId: f.i64("locationId", 1)) }),
        ("unlinkPixLocation", { f, c in _ = try await c.unlinkPixLocation(accountId: f.s("accountId", B.id), locationId: f.i64("locationId", 1)) }),
        ("createCobvLot", { f, c in _ = try await c.createCobvLot(accountId: f.s("accountId", B.id), lotId: f.s("lotId", B.id), descricao: f.s("descricao", "Fulano de Tal"), cobsv: f.list("cobsv", [B.newCobvInLot])) }),
        ("cobvLot", { f, c in _ = try await c.cobvLot(accountId: f.s("accountId", B.id), lotId: f.s("lotId", B.id)) }),
        ("reviseCobvLot", { f, c in _ = try await c.reviseCobvLot(accountId: f.s("accountId", B.id), lotId: f.s("lotId", B.id), revisions: f.list("revisions", [B.cobvLotRevision])) }),
        ("cobvLots", { f, c in try await firstPage(c.cobvLots(accountId: f.s("accountId", B.id), filter: f.m("filter", B.bcbListFilter), pageSize: f.int("pageSize", 10))) }),
        ("devolucao", { f, c in _ = try await c.devolucao(accountId: f.s("accountId", B.id), endToEndId: f.s("endToEndId", B.id), id: f.s("id", B.id)) }),
        ("receiptPdf", { f, c in _ = try await c.receiptPdf(of: ReceiptOf.allCases[0], resourceId: f.s("resourceId", B.id)) }),
        ("createContact", { f, c in _ = try await c.createContact(accountId: f.s("accountId", B.id), fields: f.m("fields", B.contactFields)) }),
        ("contacts", { f, c in _ = try await c.contacts(accountId: f.s("accountId", B.id)) }),
        ("contact", { f, c in _ = try await c.contact(accountId: f.s("accountId", B.id), contactId: f.s("contactId", B.id)) }),
        ("updateContact", { f, c in _ = try await c.updateContact(accountId: f.s("accountId", B.id), contactId: f.s("contactId", B.id), fields: f.m("fields", B.contactFields)) }),
        ("deleteContact", { f, c in _ = try await c.deleteContact(accountId: f.s("accountId", B.id), contactId: f.s("contactId", B.id)) }),
        ("addContactBankAccount", { f, c in _ = try await c.addContactBankAccount(accountId: f.s("accountId", B.id), contactId: f.s("contactId", B.id), fields: f.m("fields", B.bankAccountFields)) }),
        ("updateContactBankAccount", { f, c in _ = try await c.updateContactBankAccount(accountId: f.s("accountId", B.id), contactId: f.s("contactId", B.id), bankAccountId: f.s("bankAccountId", B.id), fields: f.m("fields", B.bankAccountFields)) }),
        ("deleteContactBankAccount", { f, c in _ = try await c.deleteContactBankAccount(accountId: f.s("accountId", B.id), contactId: f.s("contactId", B.id), bankAccountId: f.s("bankAccountId", B.id)) }),
        ("createPayroll", { f, c in _ = try await c.createPayroll(accountId: f.s("accountId", B.id), salariesId: f.s("salariesId", B.id), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("payroll", { f, c in _ = try await c.payroll(payrollId: f.s("payrollId", B.id)) }),
        ("payrolls", { f, c in try await firstPage(c.payrolls(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("payrollSalaries", { f, c in try await firstPage(c.payrollSalaries(payrollId: f.s("payrollId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("createSalaryPortability", { f, c in _ = try await c.createSalaryPortability(portability: f.m("portability", B.newSalaryPortability), idempotencyKey: f.os("idempotencyKey", B.id)) }),
        ("salaryPortabilities", { f, c in try await firstPage(c.salaryPortabilities(accountId: f.s("accountId", B.id), pageSize: f.int("pageSize", 10))) }),
        ("institutions", { f, c in _ = try await c.institutions() }),
        ("institution", { f, c in _ = try await c.institution(code: f.s("code", B.id)) }),
        ("consentLink", { f, c in _ = try await c.consentLink(request: f.m("request", B.consentLinkRequest)) }),
        ("parseConsentRedirect", { f, c in _ = try await c.parseConsentRedirect(url: f.s("url", "https://example.com/callback")) }),
        ("verifyWebhook", { f, c in _ = try await c.verifyWebhook(body: f.s("body", "{}"), eventId: f.os("eventId", B.id)) }),
        ("accessToken", { f, c in _ = try await c.accessToken() }),
    ]
}
