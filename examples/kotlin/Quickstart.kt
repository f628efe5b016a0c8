// The quickstart in Kotlin: the API client end to end against a
// `stone sandbox` it starts (the `stone.bin` system property or STONE_BIN),
// both partnership models. Run by the Kotlin package's tests
// (scripts/kotlin.sh); from an app, call `quickstart(...)` the same way.
package com.stoneopenbank.examples

import com.stoneopenbank.AccountType
import com.stoneopenbank.ConsentLinkRequest
import com.stoneopenbank.InvoiceCustomer
import com.stoneopenbank.InvoiceType
import com.stoneopenbank.NewBoletoInvoice
import com.stoneopenbank.NewExternalTransfer
import com.stoneopenbank.NewInternalTransfer
import com.stoneopenbank.NewPayment
import com.stoneopenbank.NewPixCharge
import com.stoneopenbank.NewPixKey
import com.stoneopenbank.NewPixPayment
import com.stoneopenbank.PixConfirmation
import com.stoneopenbank.OperationType
import com.stoneopenbank.ReceiptOf
import com.stoneopenbank.StoneClient
import com.stoneopenbank.WebhookEvent
import com.stoneopenbank.WebhookException
import com.stoneopenbank.buildBankBoleto
import com.stoneopenbank.parsePix
import com.sun.net.httpserver.HttpServer
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import java.io.File
import java.net.HttpURLConnection
import java.net.InetSocketAddress
import java.net.URI
import java.net.URLDecoder
import java.time.LocalDate
import java.util.Collections

private fun step(n: Int, title: String) = println("\n$n. $title")

fun quickstart(stoneBin: String, repo: File) = runBlocking {
    println("stone-openbank quickstart (Kotlin) — an independent SDK, not a Stone product")
    val sandbox = ProcessBuilder(stoneBin, "sandbox", "--port", "0", "--quiet").start()
    val base = JSONObject(sandbox.inputStream.bufferedReader().readLine()).getString("base_url")
    fun admin(method: String, path: String, body: JSONObject? = null): JSONObject? {
        val c = URI(base + path).toURL().openConnection() as HttpURLConnection
        c.requestMethod = method
        if (body != null) {
            c.doOutput = true
            c.setRequestProperty("content-type", "application/json")
            c.outputStream.use { it.write(body.toString().toByteArray()) }
        }
        val text = c.inputStream.bufferedReader().readText()
        return if (text.isBlank()) null else JSONObject(text)
    }
    val inbox = Collections.synchronizedList(mutableListOf<Pair<String, Map<String, String>>>())
    val receiver = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
        createContext("/stone-webhooks") { ex ->
            val body = ex.requestBody.readBytes().decodeToString()
            inbox.add(body to ex.requestHeaders.mapValues { it.value.first() })
            ex.sendResponseHeaders(200, -1)
            ex.close()
        }
        start()
    }
    try {
        val key = File(repo, "sandbox/seed/demo-app.key.pem").readText()
        StoneClient.withKey("stone-openbank-quickstart", "demo-conta-de-liquidacao", key, baseUrl = base).use { client ->
            StoneClient.withKey("ERP Açaí", "demo-openbank-platform", key, baseUrl = base).use { platform ->
                step(1, "Authenticate and list the accounts this application operates")
                val account = client.accounts().first()
                println("   ${account.ownerName} · conta ${account.accountCode} · ${account.id}")

                step(2, "Balance")
                println("   available R$ ${reais(client.balance(account.id).balance)}")

                step(3, "Receive webhooks")
                val url = "http://127.0.0.1:${receiver.address.port}/stone-webhooks"
                admin("PUT", "/admin/applications/demo-conta-de-liquidacao/webhook", JSONObject().put("url", url))
                println("   listening at $url")

                step(4, "Validate a boleto locally, then dry-run its payment")
                val due = LocalDate.now().plusDays(5)
                val boleto = buildBankBoleto("341", 12345L, "1090000000000000000000123", due.toString())
                val payment = NewPayment(accountId = account.id, barcode = boleto.formattedLine)
                val dry = client.dryRunPayment(payment)
                println("   ${boleto.formattedLine}: ${dry.details?.bankName} · ${dry.details?.status} · R$ ${reais(dry.details?.value ?: 0)}")

                step(5, "Pay it (idempotency key generated and reused on retries)")
                val paid = client.createPayment(payment)
                println("   payment ${paid.id}: ${client.payment(paid.id).status.value}")

                step(6, "Internal transfer to another Stone account")
                val other = platform.accounts().first()
                val t = client.createInternalTransfer(NewInternalTransfer(accountId = account.id, amount = 1500, targetAccountCode = other.accountCode, description = "quickstart"))
                println("   R$ ${reais(t.amount)} to ${other.accountCode}: ${client.internalTransfer(t.id).status.value}")

                step(7, "Schedule a TED for the next business day")
                val day = client.schedulingCalendar(OperationType.EXTERNAL_TRANSFER).nextAvailableExecutionDate
                val ted = client.createExternalTransfer(
                    NewExternalTransfer(
                        accountId = account.id, amount = 25000, accountCode = "12345", branchCode = "1", institutionCode = "260",
                        accountType = AccountType.CC, name = "Fornecedor Exemplo Ltda", document = "11.222.333/0001-81", scheduledTo = day,
                    ),
                )
                println("   R$ ${reais(ted.amount)} on $day: ${ted.status.value}")

                step(8, "Issue a boleto to a customer, and save its PDF")
                val issued = client.createBoleto(
                    NewBoletoInvoice(
                        accountId = account.id, amount = 45000, invoiceType = InvoiceType.BillOfExchange, expirationDate = due,
                        customer = InvoiceCustomer(document = "529.982.247-25", legalName = "Maria da Silva"),
                    ),
                )
                val pdf = client.boletoPdf(issued.id)
                val out = File(System.getProperty("java.io.tmpdir"), "stone-openbank-quickstart-kotlin").apply { mkdirs() }
                File(out, "boleto.pdf").writeBytes(pdf)
                println("   R$ ${reais(issued.amount)} due $due: ${issued.status.value}; PDF ${pdf.size} bytes")

                step(9, "Walk the statement (a Flow, page by page)")
                client.statement(account.id, pageSize = 5).take(10).toList().forEach {
                    println("   ${reais(it.amount).padStart(12)}  ${it.type.padEnd(9)} balance after ${reais(it.balanceAfter ?: 0)}")
                }

                step(10, "Save the payment's receipt (comprovante) as PDF")
                val receipt = client.receiptPdf(ReceiptOf.PAYMENT, paid.id)
                File(out, "comprovante.pdf").writeBytes(receipt)
                println("   ${receipt.size} bytes saved to $out")

                step(11, "Verify the webhooks received (decrypt, check Stone's signature)")
                repeat(100) { if (inbox.size < 4) delay(50) }
                for ((body, headers) in inbox.toList()) {
                    val event = client.verifyWebhook(body, headers)
                    println("   ✔ ${event.eventType.value.padEnd(40)} about ${event.targetType} ${event.targetId}")
                }
                val body = inbox.first().first
                val i = body.length - 12
                val forged = body.substring(0, i) + (if (body[i] == 'A') 'B' else 'A') + body.substring(i + 1)
                try {
                    client.verifyWebhook(forged, null)
                    error("an altered webhook was accepted")
                } catch (e: WebhookException) {
                    println("   ✘ a body altered in transit is refused (${e.reason})")
                }

                step(12, "Pix: a QR charge, paid by a customer of another bank")
                client.createPixKey(account.id, NewPixKey(keyType = "random_key", key = ""))
                val pixKey = client.pixKeys(account.id).first { it.keyType == "random_key" }
                println("   random key ${pixKey.key}")
                val charge = client.createPixCharge(
                    NewPixCharge(
                        accountId = account.id, key = pixKey.key, transactionId = java.util.UUID.randomUUID().toString().replace("-", ""),
                        amount = 8990, expiration = 3600, requestForPayer = "Pedido 1234 da Padaria", customer = null, additionalData = emptyList(),
                    ),
                )
                val code = parsePix(charge.qrCodeContent)
                println("   charge of R$ ${reais(charge.amount ?: 0)} ${charge.status}: copia e cola ${charge.qrCodeContent.take(48)}…")
                println("   the code reads back: ${code.kind} code, R$ ${reais(code.amountCents ?: 0)} for ${code.merchantName}")
                val seen = inbox.size
                val received = admin("POST", "/admin/pix/inbound", JSONObject().put("brcode", charge.qrCodeContent)
                    .put("payer", JSONObject().put("name", "Joana Cliente").put("document", "98765432100")))!!
                println("   paid by Joana Cliente: end-to-end id ${received.getString("end_to_end_id")}")
                println("   the charge is now ${client.pixCharge(charge.id).status}")
                var pixEvent: WebhookEvent? = null
                repeat(100) {
                    if (pixEvent == null) {
                        for ((b, h) in inbox.toList().drop(seen)) {
                            val event = client.verifyWebhook(b, h)
                            if (event.eventType.value == "pix_inbound_payment_received" && event.targetId == received.getString("id")) pixEvent = event
                        }
                        if (pixEvent == null) delay(50)
                    }
                }
                val verified = pixEvent ?: error("the Pix webhook did not arrive")
                println("   ✔ webhook ${verified.eventType.value} verified: R$ ${reais(client.inboundPix(received.getString("id")).amount)} received")

                step(13, "The OpenBank model: a platform, a user's consent, the owner's approval (a transfer, a Pix)")
                val user = admin("POST", "/admin/accounts", JSONObject().put("owner_name", "Padaria Pão Quente").put("owner_document", "11222333000181").put("balance", 300000))!!
                val link = platform.consentLink(ConsentLinkRequest(redirectUri = "https://erp.example/stone/retorno", sessionMetadata = mapOf("erp_customer" to "1234")))
                println("   consent link for the user: ${link.take(72)}…")
                val jwt = URLDecoder.decode(link.substringAfter("jwt="), "UTF-8")
                val decision = admin("POST", "/admin/consents", JSONObject().put("client_id", "demo-openbank-platform").put("jwt", jwt).put("account_id", user.getString("id")).put("decision", "approve"))!!
                val back = platform.parseConsentRedirect(decision.getString("redirect_to"))
                println("   the user ${back.result}; metadata ${back.sessionMetadata}")
                val pt = platform.createInternalTransfer(NewInternalTransfer(accountId = user.getString("id"), amount = 12000, targetAccountCode = account.accountCode, description = "fornecedor"))
                println("   the platform's transfer of R$ ${reais(pt.amount)}: ${pt.status.value} (waits for the owner)")
                admin("POST", "/admin/internal_transfers/${pt.id}/approve")
                println("   approved by the owner in Stone's app: ${platform.internalTransfer(pt.id).status.value}")
                // A Pix to a key at another bank: created, confirmed by the platform,
                // sent once the owner approves it (here in a batch, as `pix_payment`).
                val pix = platform.createPixPayment(NewPixPayment(accountId = user.getString("id"), amount = 4500, description = "frete",
                    key = "gabriela.abreu@example.com", transactionId = null, scheduledTo = null, target = null))
                platform.confirmPixPayment(pix.id, PixConfirmation(amount = null, description = null, addTargetToContacts = false))
                println("   the platform's Pix of R$ ${reais(pix.amount)} to a key: ${platform.pixPayment(pix.id).status} (waits for the owner)")
                admin("POST", "/admin/accounts/${user.getString("id")}/operations/actions/approve", JSONObject().put("action", "approve_only")
                    .put("operations", org.json.JSONArray().put(JSONObject().put("id", pix.id).put("type", "pix_payment"))))
                val sentPix = platform.pixPayment(pix.id)
                println("   approved by the owner: ${sentPix.status}, to ${sentPix.target?.entity?.name}")
            }
        }
        println("\nDone.")
    } finally {
        receiver.stop(0)
        sandbox.destroy()
        sandbox.waitFor()
    }
}
