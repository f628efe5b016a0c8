import XCTest
@testable import StoneOpenBank

final class ApiTests: XCTestCase {
    let line = "34191.09008 00012.345674 89012.345677 9 99990000012345"

    func testDecodesABoleto() throws {
        guard case .bank(let boleto) = try parseBarcode(input: line, referenceDate: "2026-11-26") else {
            return XCTFail("expected a bank boleto")
        }
        XCTAssertEqual(boleto.bankCode, "341")
        XCTAssertEqual(boleto.amountCents, 12345)
        XCTAssertEqual(boleto.dueDate, "2025-02-21")
        XCTAssertEqual(try formatLine(input: try toBarcode(input: line)), line)
    }

    // The client writes strings, integers and booleans into an operation's
    // JSON arguments by hand: whatever a caller passes must read back as is.
    func testArgumentsReadBackAsPassed() throws {
        let texts = ["", "plain", "quote \" and \\ backslash", "lines\n\r\ttab", "\u{0}\u{1}\u{1f}\u{7f}",
                     "Integração ção 💸", "\u{2028}\u{2029}", "</script>"]
        for (i, text) in texts.enumerated() {
            let json = try Args().put("text", text).put("n\"ame", i).put("big", Int64.min).put("yes", i % 2 == 0)
                .put("none", String?.none).put("some", Optional("x")).json
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
            XCTAssertEqual(object["text"] as? String, text, json)
            XCTAssertEqual(object["n\"ame"] as? Int, i, json)
            XCTAssertEqual((object["big"] as? NSNumber)?.int64Value, Int64.min, json)
            XCTAssertEqual(object["yes"] as? Bool, i % 2 == 0, json)
            XCTAssertTrue(object["none"] is NSNull, json)
            XCTAssertEqual(object["some"] as? String, "x", json)
        }
    }

    func testCheckDigitErrorSaysWhichDigit() {
        XCTAssertThrowsError(try parseBarcode(input: "34191.09008 00012.345674 89012.345677 9 99990000012346", referenceDate: nil)) { error in
            guard case let BarcodeError.CheckDigit(digit, position, found, expected, detail) = error else {
                return XCTFail("expected a check digit error, got \(error)")
            }
            XCTAssertEqual(digit, "general")
            XCTAssertEqual(position, 38)
            XCTAssertEqual(found, 9)
            XCTAssertEqual(expected, 6)
            XCTAssertTrue(detail.contains("expected 6"))
        }
    }

    func testBuildersRoundTripAndRefuseOutOfRange() throws {
        let boleto = try buildBankBoleto(bankCode: "197", amountCents: 150_000, freeField: "0000000000000000000012345", dueDate: "2026-12-10")
        XCTAssertEqual(try parseBarcode(input: boleto.digitableLine, referenceDate: "2026-11-26"), .bank(boleto: boleto))
        XCTAssertThrowsError(try buildCollectionDocument(segment: 300, valueType: 8, value: 1, companyId: "1234", freeField: String(repeating: "0", count: 25))) { error in
            guard case let BarcodeError.InvalidField(field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(field, "segment")
        }
    }

    func testCpfAndCnpj() throws {
        XCTAssertEqual(try parseCpf(input: "12345678909").formatted, "123.456.789-09")
        let cnpj = try parseCnpj(input: "12ABC34501DE35")
        XCTAssertEqual(cnpj.formatted, "12.ABC.345/01DE-35")
        XCTAssertTrue(cnpj.isAlphanumeric)
        XCTAssertThrowsError(try parseCpf(input: "111.111.111-11")) { error in
            guard case DocumentError.RepeatedDigits = error else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(isValidCnpj(input: "12.ABC.345/01DE-36"))
    }

    func testReferenceDatesAreStrict() {
        XCTAssertThrowsError(try parseBarcode(input: line, referenceDate: "2026-W48-4"))
    }
}
