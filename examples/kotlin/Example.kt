// A small tour of stone-openbank from Kotlin: decode a boleto, explain a
// wrong digit, validate a batch, check a CNPJ. Compiled and run by the
// Kotlin package's tests (scripts/kotlin.sh).
package com.stoneopenbank.examples

import com.stoneopenbank.Barcode
import com.stoneopenbank.BarcodeException
import com.stoneopenbank.parseBarcode
import com.stoneopenbank.parseCnpj
import com.stoneopenbank.validateBarcodes

/** Centavos to "1.234,56" for display; money stays a Long. */
fun reais(cents: Long): String {
    val units = (cents / 100).toString().reversed().chunked(3).joinToString(".").reversed()
    return "$units,${(cents % 100).toString().padStart(2, '0')}"
}

fun main() {
    when (val doc = parseBarcode("34191.09008 00012.345674 89012.345677 9 99990000012345", "2026-11-26")) {
        is Barcode.Bank -> println("boleto do banco ${doc.boleto.bankCode}: R$ ${reais(doc.boleto.amountCents)}, vence ${doc.boleto.dueDate}")
        is Barcode.Collection -> println("arrecadação, segmento ${doc.document.segment}")
    }
    try {
        parseBarcode("34191.09008 00012.345674 89012.345677 9 99990000012346", null)
    } catch (e: BarcodeException.CheckDigit) {
        println("refused: the ${e.digit} check digit is ${e.found}, expected ${e.expected} (position ${e.position}): ${e.message}")
    }
    println(validateBarcodes(listOf("838600000050096000190009000801782309000343062712", "123")))
    println(parseCnpj("12ABC34501DE35").formatted)
}
