import Foundation
import XCTest
@testable import StoneOpenBank

/// The shared Pix BR Code vectors, building, keys and QR images, through the Swift bindings.
final class PixTests: XCTestCase {
    let manual = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"

    static func cases() throws -> [[String: Any]] {
        guard let dir = ProcessInfo.processInfo.environment["STONE_TESTDATA"] else {
            throw XCTSkip("STONE_TESTDATA is not set")
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/pix/vectors.json"))
        let file = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return file["cases"] as! [[String: Any]]
    }

    /// The decoded fields under the vectors' names, JSON-typed.
    func fields(_ c: PixCode) -> NSDictionary {
        let poi: Any = c.pointOfInitiation.map { $0 == .reusable ? "11" : "12" } ?? NSNull()
        let keyType: Any = c.keyType.map { t -> String in
            switch t {
            case .cpf: return "cpf"
            case .cnpj: return "cnpj"
            case .phone: return "phone"
            case .email: return "email"
            case .evp: return "evp"
            }
        } ?? NSNull()
        let d: [String: Any] = [
            "kind": c.kind == .static ? "static" : "dynamic",
            "point_of_initiation": poi,
            "key": c.key ?? NSNull(), "key_type": keyType,
            "description": c.description ?? NSNull(), "url": c.url ?? NSNull(),
            "mcc": c.mcc, "amount_cents": c.amountCents.map { NSNumber(value: $0) } ?? NSNull(),
            "merchant_name": c.merchantName, "merchant_city": c.merchantCity,
            "postal_code": c.postalCode ?? NSNull(), "txid": c.txid, "crc": c.crc,
        ]
        return d as NSDictionary
    }

    func errorClass(_ e: PixError) -> String {
        switch e {
        case .Structure: return "structure"
        case .Crc: return "crc"
        case .Field: return "field"
        case .Key: return "key"
        }
    }

    func testEverySharedVector() throws {
        let cases = try Self.cases()
        XCTAssertEqual(cases.count, 1998)
        var failures: [String] = []
        for c in cases {
            let id = c["id"] as! String
            let input = c["input"] as! String
            let valid = c["valid"] as! Bool
            if isValidPix(input: input) != valid { failures.append("\(id): isValidPix") }
            do {
                let code = try parsePix(input: input)
                guard valid else { failures.append("\(id): accepted"); continue }
                let want = (c["expected"] as! [String: Any]) as NSDictionary
                if fields(code) != want { failures.append("\(id): \(fields(code)) != \(want)") }
                XCTAssertEqual(code.payload, input.trimmingCharacters(in: .whitespacesAndNewlines))
                var again = try parsePix(input: try buildPix(charge: PixChargeFields(
                    merchantName: code.merchantName, merchantCity: code.merchantCity, key: code.key,
                    url: code.url, description: code.description, amountCents: code.amountCents,
                    txid: code.txid, pointOfInitiation: code.pointOfInitiation, mcc: code.mcc,
                    postalCode: code.postalCode, templates: code.templates)))
                again.payload = code.payload
                XCTAssertEqual(again, code, id)
            } catch let e as PixError {
                if valid { failures.append("\(id): refused \(e)") }
                else if errorClass(e) != c["error"] as! String { failures.append("\(id): \(errorClass(e))") }
            }
        }
        XCTAssertEqual(failures, [])
        XCTAssertEqual(validatePixes(inputs: cases.map { $0["input"] as! String }), cases.map { $0["valid"] as! Bool })
    }

    func testErrorsSayWhatAndWhere() throws {
        XCTAssertThrowsError(try validatePix(input: manual.replacingOccurrences(of: "1D3D", with: "1D3E"))) { e in
            guard case let PixError.Crc(position, found, expected, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(found, "1D3E")
            XCTAssertEqual(expected, "1D3D")
            XCTAssertEqual(Int(position), manual.count - 4)
        }
        XCTAssertThrowsError(try buildPix(charge: PixChargeFields(merchantName: "Loja", merchantCity: "Sao Jose dos Campos", key: "pix@example.com"))) { e in
            guard case let PixError.Field(field, id, position, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(field, "merchant_city")
            XCTAssertEqual(id, "60")
            XCTAssertNil(position)
        }
        XCTAssertThrowsError(try parsePix(input: manual.replacingOccurrences(of: "BRASILIA", with: "BRASÍLIA"))) { e in
            guard case PixError.Structure = e else { return XCTFail("\(e)") }
        }
    }

    func testKeysAndQr() throws {
        XCTAssertEqual(try parsePixKey(input: "123.456.789-09"), PixKey(keyType: .cpf, value: "12345678909"))
        XCTAssertEqual(try parsePixKey(input: "+55 (11) 98765-4321").value, "+5511987654321")
        XCTAssertFalse(isValidPixKey(input: "11987654321"))
        XCTAssertThrowsError(try parsePixKey(input: "fulano@localhost")) { e in
            guard case let PixError.Key(keyType, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(keyType, .email)
        }
        XCTAssertTrue(try pixQrSvg(payload: manual, size: 256).contains("<svg"))
        let png = try pixQrPng(payload: manual, scale: 4)
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertThrowsError(try pixQrPng(payload: manual.replacingOccurrences(of: "1D3D", with: "0000"), scale: 4))
    }
}
