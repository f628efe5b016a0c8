// A small tour of stone-openbank from Swift: decode a boleto, explain a
// wrong digit, validate a batch, check a CNPJ. Built and run by
// scripts/swift.sh (swift run StoneOpenBankExample).
import StoneOpenBank

/// Centavos to "1.234,56" for display; money stays an Int64.
func reais(_ cents: Int64) -> String {
    var units = String(cents / 100)
    var groups: [String] = []
    while units.count > 3 {
        groups.insert(String(units.suffix(3)), at: 0)
        units = String(units.dropLast(3))
    }
    groups.insert(units, at: 0)
    let rest = cents % 100
    return groups.joined(separator: ".") + "," + (rest < 10 ? "0" : "") + String(rest)
}

do {
    switch try parseBarcode(input: "34191.09008 00012.345674 89012.345677 9 99990000012345", referenceDate: "2026-11-26") {
    case .bank(let boleto):
        print("boleto do banco \(boleto.bankCode): R$ \(reais(boleto.amountCents)), vence \(boleto.dueDate ?? "-")")
    case .collection(let document):
        print("arrecadação, segmento \(document.segment)")
    }
    do {
        _ = try parseBarcode(input: "34191.09008 00012.345674 89012.345677 9 99990000012346", referenceDate: nil)
    } catch let BarcodeError.CheckDigit(digit, position, found, expected, detail) {
        print("refused: the \(digit) check digit is \(found), expected \(expected) (position \(position)): \(detail)")
    }
    print(validateBarcodes(inputs: ["838600000050096000190009000801782309000343062712", "123"]))
    print(try parseCnpj(input: "12ABC34501DE35").formatted)
} catch {
    print("unexpected error: \(error)")
}
