package com.stoneopenbank

import java.io.File
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The shared Pix BR Code vectors, building, keys and QR images, through the Kotlin bindings. */
class PixTest {
    private val manual =
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"

    private fun cases(): List<JSONObject> {
        val dir = System.getProperty("stone.testdata") ?: System.getenv("STONE_TESTDATA")
            ?: error("set -Dstone.testdata or STONE_TESTDATA")
        val list = JSONObject(File(dir, "pix/vectors.json").readText()).getJSONArray("cases")
        return (0 until list.length()).map { list.getJSONObject(it) }
    }

    /** The decoded fields under the vectors' names. */
    private fun fields(c: PixCode): Map<String, Any?> = mapOf(
        "kind" to c.kind.name.lowercase(),
        "point_of_initiation" to when (c.pointOfInitiation) {
            PixPointOfInitiation.REUSABLE -> "11"
            PixPointOfInitiation.SINGLE_USE -> "12"
            null -> null
        },
        "key" to c.key, "key_type" to c.keyType?.name?.lowercase(), "description" to c.description,
        "url" to c.url, "mcc" to c.mcc, "amount_cents" to c.amountCents, "merchant_name" to c.merchantName,
        "merchant_city" to c.merchantCity, "postal_code" to c.postalCode, "txid" to c.txid, "crc" to c.crc,
    )

    private fun expected(json: JSONObject): Map<String, Any?> =
        json.keySet().associateWith { k -> json.get(k).let { if (it == JSONObject.NULL) null else if (it is Int) it.toLong() else it } }

    @Test
    fun everySharedVector() {
        val cases = cases()
        assertEquals(1998, cases.size)
        val failures = mutableListOf<String>()
        for (c in cases) {
            val id = c.getString("id")
            val input = c.getString("input")
            val valid = c.getBoolean("valid")
            if (isValidPix(input) != valid) failures += "$id: isValidPix"
            try {
                val code = parsePix(input)
                if (!valid) { failures += "$id: accepted"; continue }
                val got = fields(code)
                val want = expected(c.getJSONObject("expected"))
                if (got != want) failures += "$id: $got != $want"
                assertEquals(input.trim(), code.payload)
                val again = parsePix(buildPix(PixChargeFields(
                    merchantName = code.merchantName, merchantCity = code.merchantCity, key = code.key,
                    url = code.url, description = code.description, amountCents = code.amountCents,
                    txid = code.txid, pointOfInitiation = code.pointOfInitiation, mcc = code.mcc,
                    postalCode = code.postalCode, templates = code.templates,
                )))
                assertEquals(code.copy(payload = ""), again.copy(payload = ""), id)
            } catch (e: PixException) {
                val cls = when (e) {
                    is PixException.Structure -> "structure"
                    is PixException.Crc -> "crc"
                    is PixException.Field -> "field"
                    is PixException.Key -> "key"
                }
                if (valid) failures += "$id: refused ${e.message}"
                else if (cls != c.getString("error")) failures += "$id: $cls, expected ${c.getString("error")}"
            }
        }
        assertEquals(emptyList<String>(), failures)
        assertEquals(cases.map { it.getBoolean("valid") }, validatePixes(cases.map { it.getString("input") }))
    }

    @Test
    fun errorsSayWhatAndWhere() {
        val crc = assertThrows<PixException.Crc> { validatePix(manual.replace("1D3D", "1D3E")) }
        assertEquals(Triple("1D3E", "1D3D", manual.length - 4), Triple(crc.found, crc.expected, crc.position))
        val field = assertThrows<PixException.Field> {
            buildPix(PixChargeFields(merchantName = "Loja", merchantCity = "Sao Jose dos Campos", key = "pix@example.com"))
        }
        assertEquals(listOf("merchant_city", "60", null), listOf(field.field, field.id, field.position))
        val accent = assertThrows<PixException.Structure> { parsePix(manual.replace("BRASILIA", "BRASÍLIA")) }
        assertEquals(manual.indexOf("BRASILIA") + 4, accent.position)
        assertThrows<PixException.Field> {
            buildPix(PixChargeFields(merchantName = "Loja", merchantCity = "Recife", key = "pix@example.com", amountCents = -1))
        }
    }

    @Test
    fun keysAndQr() {
        assertEquals(PixKey(PixKeyType.CPF, "12345678909"), parsePixKey("123.456.789-09"))
        assertEquals("+5511987654321", parsePixKey("+55 (11) 98765-4321").value)
        assertFalse(isValidPixKey("11987654321"))
        val key = assertThrows<PixException.Key> { parsePixKey("fulano@localhost") }
        assertEquals(PixKeyType.EMAIL, key.keyType)
        assertTrue(pixQrSvg(manual, 256u).contains("<svg"))
        val png = pixQrPng(manual, 4u)
        assertEquals(listOf(0x89, 0x50, 0x4E, 0x47), png.take(4).map { it.toInt() and 0xFF })
        assertThrows<PixException.Crc> { pixQrPng(manual.replace("1D3D", "0000"), 4u) }
    }
}
