package com.stoneopenbank

import java.io.File
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** The shared boleto/arrecadação vectors, through the Kotlin bindings. */
class VectorsTest {
    private data class Case(val file: String, val json: JSONObject, val referenceDate: String) {
        val id: String get() = "$file:${json.getString("id")}"
        val input: String get() = json.getString("input")
        val valid: Boolean get() = json.getBoolean("valid")
    }

    private fun cases(): List<Case> {
        val dir = System.getProperty("stone.testdata")
            ?: System.getenv("STONE_TESTDATA")
            ?: error("set -Dstone.testdata or STONE_TESTDATA")
        return listOf("edge-cases.json", "generated.json").flatMap { name ->
            val file = JSONObject(File(dir, "boleto/$name").readText())
            val default = file.optString("reference_date", file.optString("reference_date_default"))
            val list = file.getJSONArray("cases")
            (0 until list.length()).map { i ->
                val c = list.getJSONObject(i)
                Case(name, c, c.optString("reference_date", default))
            }
        }
    }

    /** The decoded fields under the vectors' snake_case names. */
    private fun fields(doc: Barcode): Map<String, Any?> = when (doc) {
        is Barcode.Bank -> with(doc.boleto) {
            mapOf(
                "kind" to "bank", "bank_code" to bankCode, "currency_code" to currencyCode,
                "due_factor" to dueFactor.toLong(), "due_date" to dueDate,
                "amount_cents" to amountCents, "free_field" to freeField,
                "barcode" to barcode, "digitable_line" to digitableLine,
            )
        }
        is Barcode.Collection -> with(doc.document) {
            mapOf(
                "kind" to "collection", "segment" to segment.toLong(), "value_type" to valueType.toLong(),
                "check_digit_method" to checkDigitMethod, "amount_cents" to amountCents,
                "reference_value" to referenceValue, "company_id" to companyId,
                "free_field" to freeField, "barcode" to barcode, "digitable_line" to digitableLine,
            )
        }
    }

    private fun expected(json: JSONObject): Map<String, Any?> =
        json.keySet().associateWith { key ->
            when (val v = json.get(key)) {
                JSONObject.NULL -> null
                is Int -> v.toLong()
                is Long -> v
                else -> v
            }
        }

    private fun errorClass(e: BarcodeException): String = when (e) {
        is BarcodeException.InvalidCharacter -> "character"
        is BarcodeException.InvalidLength -> "length"
        is BarcodeException.UnknownCurrency -> "currency"
        is BarcodeException.UnknownValueType -> "value_type"
        is BarcodeException.UnknownSegment -> "segment"
        is BarcodeException.CheckDigit -> "check_digit"
        is BarcodeException.InvalidField -> "field"
    }

    @TestFactory
    fun everySharedVector(): List<DynamicTest> {
        val all = cases()
        assertEquals(3072, all.size)
        return all.map { case ->
            DynamicTest.dynamicTest(case.id) {
                if (case.valid) {
                    val doc = parseBarcode(case.input, case.referenceDate)
                    assertEquals(expected(case.json.getJSONObject("expected")), fields(doc))
                    assertTrue(isValidBarcode(case.input))
                    val again = when (doc) {
                        is Barcode.Bank -> parseBarcode(doc.boleto.formattedLine, case.referenceDate)
                        is Barcode.Collection -> parseBarcode(doc.document.formattedLine, case.referenceDate)
                    }
                    assertEquals(doc, again, "the printed line decodes to the same document")
                } else {
                    try {
                        parseBarcode(case.input, case.referenceDate)
                        fail<Unit>("accepted invalid input ${case.input}")
                    } catch (e: BarcodeException) {
                        assertEquals(case.json.getString("error"), errorClass(e))
                        assertTrue(e.message!!.isNotBlank())
                        when (e) {
                            is BarcodeException.InvalidCharacter ->
                                assertEquals(case.input.codePointAt(case.input.offsetByCodePoints(0, e.position)),
                                    e.found.codePointAt(0))
                            is BarcodeException.CheckDigit -> {
                                assertNotEquals(e.found, e.expected)
                                assertEquals(e.found.toString(),
                                    case.input.codePoints().toArray()[e.position].toChar().toString())
                            }
                            else -> {}
                        }
                    }
                    assertTrue(!isValidBarcode(case.input))
                }
            }
        }
    }

    @Test
    fun batchAgreesWithTheVectors() {
        val all = cases()
        assertEquals(all.map { it.valid }, validateBarcodes(all.map { it.input }))
    }
}
