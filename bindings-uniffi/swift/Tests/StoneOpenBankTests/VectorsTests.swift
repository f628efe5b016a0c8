import Foundation
import XCTest
@testable import StoneOpenBank

/// The shared boleto/arrecadação vectors, through the Swift bindings.
final class VectorsTests: XCTestCase {
    struct Case {
        let id: String
        let input: String
        let valid: Bool
        let error: String?
        let expected: [String: Any]?
        let referenceDate: String
    }

    static func cases() throws -> [Case] {
        guard let dir = ProcessInfo.processInfo.environment["STONE_TESTDATA"] else {
            throw XCTSkip("STONE_TESTDATA is not set")
        }
        var out: [Case] = []
        for name in ["edge-cases.json", "generated.json"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/boleto/" + name))
            let file = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let fallback = (file["reference_date"] ?? file["reference_date_default"]) as! String
            for c in file["cases"] as! [[String: Any]] {
                out.append(Case(
                    id: "\(name):\(c["id"] as! String)",
                    input: c["input"] as! String,
                    valid: c["valid"] as! Bool,
                    error: c["error"] as? String,
                    expected: c["expected"] as? [String: Any],
                    referenceDate: (c["reference_date"] as? String) ?? fallback
                ))
            }
        }
        return out
    }

    /// The decoded fields under the vectors' names, JSON-typed.
    func fields(_ doc: Barcode) -> NSDictionary {
        switch doc {
        case .bank(let b):
            return [
                "kind": "bank", "bank_code": b.bankCode, "currency_code": b.currencyCode,
                "due_factor": Int(b.dueFactor), "due_date": b.dueDate as Any? ?? NSNull(),
                "amount_cents": Int(b.amountCents), "free_field": b.freeField,
                "barcode": b.barcode, "digitable_line": b.digitableLine,
            ]
        case .collection(let c):
            return [
                "kind": "collection", "segment": Int(c.segment), "value_type": Int(c.valueType),
                "check_digit_method": c.checkDigitMethod,
                "amount_cents": c.amountCents.map { Int($0) as Any } ?? NSNull(),
                "reference_value": c.referenceValue.map { Int($0) as Any } ?? NSNull(),
                "company_id": c.companyId, "free_field": c.freeField,
                "barcode": c.barcode, "digitable_line": c.digitableLine,
            ]
        }
    }

    func errorClass(_ e: BarcodeError) -> String {
        switch e {
        case .InvalidCharacter: return "character"
        case .InvalidLength: return "length"
        case .UnknownCurrency: return "currency"
        case .UnknownValueType: return "value_type"
        case .UnknownSegment: return "segment"
        case .CheckDigit: return "check_digit"
        case .InvalidField: return "field"
        }
    }

    func testEverySharedVector() throws {
        let all = try Self.cases()
        XCTAssertEqual(all.count, 3072)
        var failures = 0
        for c in all {
            if c.valid {
                do {
                    let doc = try parseBarcode(input: c.input, referenceDate: c.referenceDate)
                    if fields(doc) != NSDictionary(dictionary: c.expected!) {
                        failures += 1
                        XCTFail("\(c.id): fields \(fields(doc)) != \(c.expected!)")
                    }
                    XCTAssertTrue(isValidBarcode(input: c.input), c.id)
                } catch {
                    failures += 1
                    XCTFail("\(c.id): refused valid input: \(error)")
                }
            } else {
                do {
                    _ = try parseBarcode(input: c.input, referenceDate: c.referenceDate)
                    failures += 1
                    XCTFail("\(c.id): accepted invalid input")
                } catch let e as BarcodeError {
                    XCTAssertEqual(errorClass(e), c.error, c.id)
                    if case let .CheckDigit(_, position, found, expected, _) = e {
                        XCTAssertNotEqual(found, expected, c.id)
                        let chars = Array(c.input.unicodeScalars)
                        XCTAssertEqual(String(chars[Int(position)]), String(found), c.id)
                    }
                    if case let .InvalidCharacter(position, found, _) = e {
                        let chars = Array(c.input.unicodeScalars)
                        XCTAssertEqual(String(chars[Int(position)]), found, c.id)
                    }
                }
                XCTAssertFalse(isValidBarcode(input: c.input), c.id)
            }
            if failures > 20 { break }
        }
        XCTAssertEqual(validateBarcodes(inputs: all.map { $0.input }), all.map { $0.valid })
    }
}
