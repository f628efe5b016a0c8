package com.stoneopenbank

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class ApiTest {
    private val line = "34191.09008 00012.345674 89012.345677 9 99990000012345"

    @Test
    fun decodesABoletoIntoARecord() {
        val doc = parseBarcode(line, "2026-11-26")
        check(doc is Barcode.Bank)
        assertEquals("341", doc.boleto.bankCode)
        assertEquals(12345L, doc.boleto.amountCents)
        assertEquals("2025-02-21", doc.boleto.dueDate)
        assertEquals("34199999900000123451090000012345678901234567", toBarcode(line))
        assertEquals(line, formatLine(toBarcode(line)))
        assertEquals(47, toDigitableLine(line).length)
    }

    @Test
    fun checkDigitErrorsSayWhichDigitAndWhatWasExpected() {
        val e = assertThrows<BarcodeException.CheckDigit> {
            parseBarcode("34191.09008 00012.345674 89012.345677 9 99990000012346", null)
        }
        assertEquals("general", e.digit)
        assertEquals(9, e.found)
        assertEquals(6, e.expected)
        assertEquals(38, e.position)
        assertTrue(e.message!!.contains("expected 6"))
        assertThrows<BarcodeException.InvalidCharacter> { validateBarcode("34191.O9008") }
    }

    @Test
    fun referenceDatesAreStrictIsoDays() {
        val e = assertThrows<BarcodeException.InvalidField> { parseBarcode(line, "26/11/2026") }
        assertEquals("reference_date", e.field)
    }

    @Test
    fun arrecadacaoReferenceValuesAreNotMoney() {
        val doc = parseBarcode("85720000000000101230000000000000000000000001", null)
        check(doc is Barcode.Collection)
        assertNull(doc.document.amountCents)
        assertEquals(1L, doc.document.referenceValue)
    }

    @Test
    fun buildersRoundTripAndRefuseOutOfRangeArguments() {
        val boleto = buildBankBoleto("197", 150_000L, "0000000000000000000012345", "2026-12-10")
        val back = parseBarcode(boleto.digitableLine, "2026-11-26")
        assertEquals(Barcode.Bank(boleto), back)
        val doc = buildCollectionDocument(6, 8, 15_075L, "12345678", "000000000000000000001")
        assertEquals("86880000001507512345678000000000000000000001", doc.barcode)
        assertEquals("segment", assertThrows<BarcodeException.InvalidField> {
            buildCollectionDocument(256, 8, 1L, "1234", "0".repeat(25))
        }.field)
        assertThrows<BarcodeException.InvalidField> { buildBankBoleto("341", -1L, "0".repeat(25), null) }
    }

    @Test
    fun batchValidation() {
        assertEquals(listOf(true, false), validateBarcodes(listOf(line, "123")))
        assertEquals(emptyList<Boolean>(), validateBarcodes(emptyList()))
    }

    @Test
    fun cpfAndCnpj() {
        assertEquals("123.456.789-09", parseCpf("12345678909").formatted)
        val cnpj = parseCnpj("12ABC34501DE35")
        assertEquals("12.ABC.345/01DE-35", cnpj.formatted)
        assertTrue(cnpj.isAlphanumeric)
        assertTrue(isValidCpf("123.456.789-09"))
        assertFalse(isValidCnpj("12.ABC.345/01DE-36"))
        assertThrows<DocumentException.RepeatedDigits> { parseCpf("111.111.111-11") }
        val e = assertThrows<DocumentException.CheckDigit> { parseCnpj("12.ABC.345/01DE-36") }
        assertEquals("dv2", e.digit)
        assertEquals("5", e.expected)
    }

    @Test
    fun exampleRuns() {
        val out = java.io.ByteArrayOutputStream()
        val saved = System.out
        System.setOut(java.io.PrintStream(out, true, "UTF-8"))
        try {
            com.stoneopenbank.examples.main()
        } finally {
            System.setOut(saved)
        }
        val text = out.toString("UTF-8")
        assertTrue(text.contains("R$ 123,45"), text)
        assertTrue(text.contains("general check digit"), text)
    }
}
