// The Kotlin client against `stone sandbox`: every area of both partnership
// models through `suspend fun`s and `Flow`s, typed models and exceptions,
// idempotency, webhooks, token mode, and a coroutine cancelled mid-request
// that leaves no duplicated cash-out.
package com.stoneopenbank

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.net.HttpURLConnection
import java.net.URI
import java.net.URLDecoder
import java.time.LocalDate

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTest {
    private lateinit var sandbox: TestSandbox
    private lateinit var key: String
    private lateinit var base: String
    private lateinit var own: StoneClient
    private lateinit var platform: StoneClient

    @BeforeAll
    fun start() {
        sandbox = TestSandbox()
        key = sandbox.demoKey
        base = sandbox.base
        own = StoneClient.withKey("stone-openbank kotlin tests", "demo-conta-de-liquidacao", key, baseUrl = base)
        platform = StoneClient.withKey("Integração ERP Açaí", "demo-openbank-platform", key, baseUrl = base)
    }

    @AfterAll
    fun stop() {
        own.close()
        platform.close()
        sandbox.close()
    }

    /** A test body whose failure also prints the sandbox's request log. */
    private fun story(body: suspend CoroutineScope.() -> Unit) = runBlocking {
        try {
            body()
        } catch (e: Throwable) {
            System.err.println("--- stone sandbox log ---\n" + sandbox.log())
            throw e
        }
    }

    private fun admin(method: String, path: String, body: JSONObject? = null): JSONObject? = sandbox.admin(method, path, body)

    @Test
    fun accountsAndTransfersAreTypedAndKeyedOnce() = story {
        val account = own.accounts().first()
        val target = platform.accounts().first { it.id != account.id }
        assertEquals(account, own.account(account.id))
        assertTrue(own.balance(account.id).balance > 0)
        assertTrue(own.fees(account.id).isNotEmpty())
        assertNotNull(own.institution("341").name)
        val t = NewInternalTransfer(accountId = account.id, amount = 1234, targetAccountCode = target.accountCode, description = "kotlin")
        assertEquals(1234L, own.dryRunInternalTransfer(t).amount)
        val first = own.createInternalTransfer(t, "kt-key-1")
        val again = own.createInternalTransfer(t, "kt-key-1")
        assertEquals(first.id, again.id)
        assertEquals(TransferStatus.Finished, own.internalTransfer(first.id).status)
        assertNotNull(own.internalTransfer(first.id).createdAt)
        assertTrue(own.internalTransfers(account.id, pageSize = 2).toList().any { it.id == first.id })
        val conflict = assertThrows<ConflictException> { runBlocking { own.createInternalTransfer(t.copy(amount = 999), "kt-key-1") } }
        assertEquals(409, conflict.status)
        assertTrue(conflict.type.startsWith("srn:error"))
        assertNotNull(conflict.requestId)
        assertThrows<NotFoundException> { runBlocking { own.internalTransfer("no-such-transfer") } }
        val bad = assertThrows<InvalidInputException> { runBlocking { own.createInternalTransfer(t.copy(amount = -5)) } }
        assertEquals("amount", bad.field)
        for (call in listOf<suspend () -> Unit>({ own.createInternalTransfer(t.copy(description = "x".repeat(201))) }, { own.dryRunInternalTransfer(t.copy(description = "x".repeat(201))) })) {
            assertEquals("description", assertThrows<InvalidInputException> { runBlocking { call() } }.field)
        }
        assertEquals("private_key", assertThrows<InvalidInputException> { StoneClient.withKey("x", "c", "not a key", baseUrl = base) }.field)
        assertFalse(own.toString().contains("PRIVATE"))
    }

    @Test
    fun tedPaymentBoletoReceiptContacts() = story {
        val account = own.accounts().first()
        val day = own.schedulingCalendar(OperationType.EXTERNAL_TRANSFER).nextAvailableExecutionDate
        assertNotNull(day)
        val ted = own.createExternalTransfer(
            NewExternalTransfer(
                accountId = account.id, amount = 25000, accountCode = "12345", branchCode = "1", institutionCode = "260",
                accountType = AccountType.CC, name = "Fornecedor", document = "11.222.333/0001-81", scheduledTo = day,
            ),
        )
        assertEquals(TransferStatus.Scheduled, ted.status)
        assertTrue(own.pendingOperations(account.id, PendingStatus.SCHEDULED).toList().any { it.id == ted.id })
        own.cancelExternalTransfer(ted.id)
        assertEquals(TransferStatus.Cancelled, own.externalTransfer(ted.id).status)

        val due = LocalDate.now().plusDays(5)
        val line = buildBankBoleto("341", 12345L, "1090000000000000000000123", due.toString()).formattedLine
        val payment = NewPayment(accountId = account.id, barcode = line)
        assertEquals(12345L, own.dryRunPayment(payment).details?.value)
        val paid = own.createPayment(payment)
        assertEquals(12345L, own.payment(paid.id).amount)
        val pdf = own.receiptPdf(ReceiptOf.PAYMENT, paid.id)
        assertEquals("%PDF-", String(pdf.copyOf(5)))

        val issued = own.createBoleto(
            NewBoletoInvoice(
                accountId = account.id, amount = 45000, invoiceType = InvoiceType.BillOfExchange, expirationDate = due,
                customer = InvoiceCustomer(document = "529.982.247-25", legalName = "Maria da Silva"),
            ),
        )
        assertEquals("%PDF-", String(own.boletoPdf(issued.id).copyOf(5)))
        assertTrue(own.boletos(account.id).toList().any { it.id == issued.id })

        val c = own.createContact(account.id, ContactFields(name = "Fornecedor", taxId = "11222333000181"))
        assertEquals("f@example.com", own.updateContact(account.id, c.id, ContactFields(email = "f@example.com")).email)
        own.deleteContact(account.id, c.id)
        assertThrows<NotFoundException> { runBlocking { own.contact(account.id, c.id) } }
    }

    @Test
    fun openBankConsentOwnerApprovalAndBatches() = story {
        val account = own.accounts().first()
        val user = admin("POST", "/admin/accounts", JSONObject().put("owner_name", "Padaria").put("owner_document", "11222333000181").put("balance", 300000))!!
        val link = platform.consentLink(ConsentLinkRequest(redirectUri = "https://erp.example/back", sessionMetadata = mapOf("erp" to "1")))
        val jwt = URLDecoder.decode(link.substringAfter("jwt="), "UTF-8")
        val decision = admin("POST", "/admin/consents", JSONObject().put("client_id", "demo-openbank-platform").put("jwt", jwt).put("account_id", user.getString("id")).put("decision", "approve"))!!
        val back = platform.parseConsentRedirect(decision.getString("redirect_to"))
        assertEquals("approved", back.result)
        assertEquals(user.getString("id"), back.resourceId)
        val t = NewInternalTransfer(accountId = user.getString("id"), amount = 12000, targetAccountCode = account.accountCode)
        val (a, b, c) = List(3) { platform.createInternalTransfer(t) }
        assertEquals(TransferStatus.Created, a.status)
        admin("POST", "/admin/internal_transfers/${a.id}/approve")
        assertEquals(TransferStatus.Finished, platform.internalTransfer(a.id).status)
        assertEquals(setOf(b.id, c.id), platform.pendingOperations(user.getString("id"), PendingStatus.PENDING_APPROVAL).toList().map { it.id }.toSet())
        val n = platform.cancelOperations(user.getString("id"), BatchDecision(scope = BatchScope.ALL_EXCEPT, operations = listOf(OperationRef(type = OperationType.INTERNAL_TRANSFER, id = b.id))))
        assertEquals(1L, n)
    }

    @Test
    fun feesCancellationsOwnerOnlyDecisionsAndLists() = story {
        val account = own.accounts().first()
        // The seeded user's account (other tests may grant the platform more).
        val user = platform.accounts().first { it.id != account.id }
        val fees = own.fees(account.id)
        assertEquals(fees.first(), own.fee(account.id, fees.first().feeType))
        // A scheduled transfer is cancelled before it runs.
        val later = own.createInternalTransfer(NewInternalTransfer(accountId = account.id, amount = 500,
            targetAccountCode = user.accountCode, scheduledTo = LocalDate.now().plusDays(10)))
        own.cancelInternalTransfer(later.id)
        assertEquals(TransferStatus.Cancelled, own.internalTransfer(later.id).status)
        // A TED preview; the platform's TED and payment wait for the owner,
        // who alone approves or rejects them (the platform gets a typed 403).
        val ted = NewExternalTransfer(accountId = user.id, amount = 1000, accountCode = "12345", branchCode = "1",
            institutionCode = "260", accountType = AccountType.CC, name = "Fornecedor", document = "11.222.333/0001-81")
        assertEquals(1000L, platform.dryRunExternalTransfer(ted).amount)
        val pending = platform.createExternalTransfer(ted)
        assertEquals(403, assertThrows<ApiException> { runBlocking { platform.approveExternalTransfer(pending.id) } }.status)
        assertEquals(403, assertThrows<ApiException> { runBlocking { platform.rejectExternalTransfer(pending.id) } }.status)
        assertTrue(platform.externalTransfers(user.id).toList().any { it.id == pending.id })
        val line = buildBankBoleto("341", 2000L, "1090000000000000000000123", LocalDate.now().plusDays(5).toString()).formattedLine
        val payment = platform.createPayment(NewPayment(accountId = user.id, barcode = line))
        assertEquals(403, assertThrows<ApiException> { runBlocking { platform.approvePayment(payment.id) } }.status)
        assertEquals(403, assertThrows<ApiException> { runBlocking { platform.rejectPayment(payment.id) } }.status)
        assertTrue(platform.payments(user.id).toList().any { it.id == payment.id })
        // An issued boleto read back, then written off.
        val issued = own.createBoleto(NewBoletoInvoice(accountId = account.id, amount = 3000, invoiceType = InvoiceType.Deposit,
            expirationDate = LocalDate.now().plusDays(5)))
        assertEquals(issued.id, own.boleto(issued.id).id)
        own.cancelBoleto(issued.id)
        assertTrue(own.boleto(issued.id).status in listOf(InvoiceStatus.CancellationRequested, InvoiceStatus.Cancelled))
    }

    @Test
    fun pixKeysChargesLookupAndReceived() = story {
        val target = platform.accounts().first()
        fun txid(s: String) = "pedido${s}abcdefghijklmnopqrstuvw".take(30)
        assertTrue(platform.createPixKey(target.id, NewPixKey(keyType = "random_key", key = "")).id.isNotEmpty())
        val key = platform.pixKeys(target.id).first { it.keyType == "random_key" }
        assertEquals(1, platform.pixKey(target.id, key.id).events.size)
        val new = NewPixCharge(accountId = target.id, key = key.key, transactionId = txid("k1"), amount = 2500, expiration = null,
            requestForPayer = null, customer = null, additionalData = emptyList())
        val charge = platform.createPixCharge(new, idempotencyKey = "kt-pix-1")
        assertEquals(charge.id, platform.createPixCharge(new, idempotencyKey = "kt-pix-1").id)
        assertEquals(2500L, parsePix(charge.qrCodeContent).amountCents)
        val looked = platform.lookupBrcode(charge.qrCodeContent)
        assertEquals("dynamic", looked.type)
        assertEquals(2500L, looked.dynamic?.amount)
        val paid = admin("POST", "/admin/pix/inbound", JSONObject().put("brcode", charge.qrCodeContent))!!
        val inbound = platform.inboundPix(paid.getString("id"))
        assertEquals(2500L, inbound.amount)
        assertEquals(charge.id, inbound.pixPaymentInvoice?.id)
        assertEquals("PAID", platform.pixCharge(charge.id).status)
        val refused = assertThrows<ApiException> { runBlocking { platform.cancelPixCharge(target.id, charge.id) } }
        assertEquals(422 to "srn:error:already_paid", refused.status to refused.type)
        val other = platform.createPixCharge(new.copy(transactionId = txid("k2"), amount = null))
        platform.cancelPixCharge(target.id, other.id)
        assertEquals("CANCELLED", platform.pixCharge(other.id).status)
        val st = platform.createStaticPixCharge(NewStaticPixCharge(accountId = target.id, key = key.key, transactionId = txid("s1"), amount = 990, additionalInformation = null))
        assertEquals(st.qrCodeContent, platform.staticPixCharge(st.id).qrCodeContent)
        assertEquals(990L, platform.lookupBrcode(st.qrCodeContent).static?.amount)
        val renamed = platform.updateStaticPixCharge(st.id, "Loja do centro", "kt-rename-1")
        assertTrue(renamed.qrCodeContent != st.qrCodeContent)
        assertEquals("Loja do centro", parsePix(renamed.qrCodeContent).description)
        val conflict = assertThrows<ApiException> { runBlocking { platform.updateStaticPixCharge(st.id, "Outra", "kt-rename-1") } }
        assertEquals(409, conflict.status)
        val bad = assertThrows<InvalidInputException> { runBlocking { platform.lookupBrcode("000201 not a code") } }
        assertEquals("brcode", bad.field)
        platform.deletePixKey(target.id, key.id)
        assertTrue(platform.pixKeys(target.id).none { it.id == key.id })
    }

    @Test
    fun pixOutToAKeyAChargeAndAPlatformsAwaitingTheOwner() = story {
        val account = own.accounts().first()
        val target = platform.accounts().first { it.id != account.id }
        fun pay(accountId: String, key: String, amount: Long? = null, txid: String? = null) =
            NewPixPayment(accountId = accountId, amount = amount, description = "kotlin", key = key,
                transactionId = txid, scheduledTo = null, target = null)
        val before = own.balance(account.id).balance
        val created = own.createPixPayment(pay(account.id, "+55 21 98804-0465"), idempotencyKey = "kt-out-1")
        assertEquals("CREATED" to "+5521988040465", created.status to created.key)
        assertEquals(null, created.target?.account)
        val confirmation = PixConfirmation(amount = 1250, description = null, addTargetToContacts = false)
        own.confirmPixPayment(created.id, confirmation, idempotencyKey = "kt-out-c1")
        own.confirmPixPayment(created.id, confirmation, idempotencyKey = "kt-out-c1") // a retry sends nothing more
        val sent = own.pixPayment(created.id)
        assertEquals("SETTLED" to 1250L, sent.status to sent.amount)
        assertEquals(before - 1250, own.balance(account.id).balance)
        // A charge paid by its key and txid, at its own amount.
        platform.createPixKey(target.id, NewPixKey(keyType = "random_key", key = ""))
        val key = platform.pixKeys(target.id).first { it.keyType == "random_key" && it.keyStatus == "active" }
        val txid = "ktout42abcdefghijklmnopqrstuv"
        val charge = platform.createPixCharge(NewPixCharge(accountId = target.id, key = key.key, transactionId = txid, amount = 777,
            expiration = null, requestForPayer = null, customer = null, additionalData = emptyList()))
        val differs = assertThrows<ApiException> { runBlocking { own.createPixPayment(pay(account.id, key.key, 700, txid)) } }
        assertEquals(422 to "srn:error:invoice_amount_differs", differs.status to differs.type)
        val paying = own.createPixPayment(pay(account.id, key.key, txid = txid))
        own.confirmPixPayment(paying.id, confirmation.copy(amount = null), idempotencyKey = null)
        assertEquals(777L, own.pixPayment(paying.id).amount)
        val paidCharge = platform.pixCharge(charge.id)
        assertEquals("PAID", paidCharge.status)
        // The payee refunds part of it: a platform's refund waits for the owner.
        val refund = platform.refundInboundPix(NewPixRefund(inboundPixPaymentId = paidCharge.inboundPixPayments.first(), amount = 77, reason = "beneficiary_request"), idempotencyKey = "kt-refund-1")
        assertEquals("PENDING", refund.status)
        val beforeRefund = own.balance(account.id).balance
        admin("POST", "/admin/refunds_for_inbound_pix_payments/${refund.id}/approve")
        assertEquals(beforeRefund + 77, own.balance(account.id).balance)
        assertEquals(77L, own.pixPayment(paying.id).refundedAmount)
        val badReason = assertThrows<InvalidInputException> { runBlocking { platform.refundInboundPix(NewPixRefund(inboundPixPaymentId = paidCharge.inboundPixPayments.first(), amount = 1, reason = "troco")) } }
        assertEquals("reason", badReason.field)
        // A platform's Pix waits CONFIRMED until the owner approves it.
        val waiting = platform.createPixPayment(pay(target.id, "gabriela.abreu@example.com", 300))
        platform.confirmPixPayment(waiting.id, confirmation.copy(amount = null), idempotencyKey = null)
        val shown = platform.pixPayment(waiting.id)
        assertEquals("CONFIRMED" to null, shown.status to shown.approvedAt)
        assertTrue(platform.pendingOperations(target.id, PendingStatus.PENDING_APPROVAL).toList().any { it.id == waiting.id && it.type == "pix_payment" })
        admin("POST", "/admin/accounts/${target.id}/operations/actions/approve", JSONObject()
            .put("action", "approve_only")
            .put("operations", org.json.JSONArray().put(JSONObject().put("id", waiting.id).put("type", "pix_payment"))))
        assertEquals("SETTLED", platform.pixPayment(waiting.id).status)
        val bad = assertThrows<InvalidInputException> { runBlocking { own.createPixPayment(pay(account.id, "not a key", 1)) } }
        assertEquals("key", bad.field)
        // The unified list of the own account's Pix, as a Flow.
        assertTrue(own.pixActivity(account.id).toList().any { it.type == "outbound_pix_payment" && it.id == created.id })
    }

    @Test
    fun pixDueDateTermsAmountsAndCancel() = story {
        val account = own.accounts().first()
        own.createPixKey(account.id, NewPixKey(keyType = "random_key", key = ""))
        val key = own.pixKeys(account.id).first { it.keyStatus == "active" }.key
        val base = java.time.LocalDate.now()
        val fine = PixAdjustment(type = AdjustmentType.PROPORTIONAL, fixedValue = null, proportionalValue = PixRate(coefficient = 2, exponent = -2))
        val new = NewDuePixCharge(accountId = account.id, key = key, transactionId = "ktdue42abcdefghijklmnopqrstu", amount = 25000,
            expirationDate = base.plusDays(5), customer = PixCustomer(name = "Cliente", document = "12345678909"),
            paymentLimitPeriodDays = 10, onlyBusinessDays = false, discount = null, fine = fine,
            interest = PixInterest(type = AdjustmentType.FIXED, period = InterestPeriod.DAY, fixedValue = 15, proportionalValue = null),
            reduction = null, requestForPayer = null, additionalData = emptyList())
        val charge = own.createDuePixCharge(new)
        assertEquals("ACTIVE", charge.status)
        val amounts = own.duePixAmounts(charge.id, base.plusDays(8).toString())
        assertEquals(Triple(500L, 45L, 25545L), Triple(amounts.fine, amounts.interest, amounts.finalAmount))
        own.cancelDuePixCharge(account.id, charge.id)
        val bad = assertThrows<InvalidInputException> { runBlocking {
            own.createDuePixCharge(new.copy(transactionId = "ktdue43abcdefghijklmnopqrstu", fine = fine.copy(fixedValue = 100, proportionalValue = null)))
        } }
        assertEquals("fine", bad.field)
    }

    @Test
    fun pixKeyClaims() = story {
        val account = own.accounts().first()
        val bakery = admin("POST", "/admin/accounts", JSONObject().put("owner_name", "Padaria").put("owner_document", "11444777000161")
            .put("balance", 0).put("operators", org.json.JSONArray().put("demo-conta-de-liquidacao")))!!.getString("id")
        val req = own.createPixKey(bakery, NewPixKey(keyType = "cnpj", key = "11444777000161"))
        assertEquals("failed", own.pixKey(bakery, req.id).keyStatus)
        val claim = own.createPixClaim(bakery, req.id)
        assertEquals("portability", claim.claimType)
        assertThrows<ApiException> { runBlocking { own.completePixClaim(bakery, claim.id) } }
        admin("POST", "/admin/pix/entry_claims/${claim.id}/confirm")
        own.completePixClaim(bakery, claim.id)
        assertEquals("completed", own.pixClaim(bakery, claim.id).status)
        assertEquals(listOf(claim.id), own.pixClaims(bakery).map { it.id })
        val moved = own.pixKeys(bakery).first()
        assertEquals("11444777000161", moved.key)
        own.updatePixKey(bakery, moved.id, PixKeyUpdate(reason = "user_requested", name = "Padaria Nova", legalName = null, branchCode = null, accountType = null))
        assertEquals("Padaria Nova", own.pixKey(bakery, moved.id).beneficiaryEntity?.name)
        val phone = own.createPixKey(account.id, NewPixKey(keyType = "phone", key = "+5521988040465"))
        val other = own.createPixClaim(account.id, phone.id)
        own.cancelPixClaim(account.id, other.id)
        assertEquals("cancelled", own.pixClaim(account.id, other.id).status)
        for ((key, give) in listOf("+5511911110003" to true, "+5511911110013" to false)) {
            own.createPixKey(account.id, NewPixKey(keyType = "phone", key = key))
            val theirs = admin("POST", "/admin/pix/entry_claims", JSONObject().put("key", key))!!.getString("id")
            if (give) own.approvePixClaim(account.id, theirs) else own.rejectPixClaim(account.id, theirs)
            assertEquals(!give, own.pixKeys(account.id).any { it.key == key })
        }
    }

    @Test
    fun theBcbStandardApiInCentavos() = story {
        val account = own.accounts().first()
        own.createPixKey(account.id, NewPixKey(keyType = "random_key", key = ""))
        val chave = own.pixKeys(account.id).first { it.keyStatus == "active" }.key
        val txid = "ktcob42abcdefghijklmnopqrstuv"
        val cob = own.createCob(account.id, txid, NewCob(chave = chave, original = 3700, expiracao = null,
            devedorNome = "Empresa SA", devedorDocumento = "11444777000161", solicitacaoPagador = null))
        assertEquals(3700L, cob.valor.original)
        val paid = admin("POST", "/admin/pix/inbound", JSONObject().put("brcode", cob.qrCodeCopiaCola))!!
        val e2e = paid.getString("end_to_end_id")
        assertEquals("CONCLUIDA", own.cob(account.id, txid).status)
        assertEquals(3700L, own.receivedPix(account.id, e2e).valor)
        val dev = own.createDevolucao(account.id, e2e, "ktdev1", 700)
        assertEquals("DEVOLVIDO", dev.status)
        assertEquals(dev.rtrId, own.createDevolucao(account.id, e2e, "ktdev1", 700).rtrId)
        assertEquals(700L, own.devolucao(account.id, e2e, "ktdev1").valor)
        // Infraction reports (MED): the payer's bank reports the Pix; the account closes the report once.
        val report = admin("POST", "/admin/pix/infraction_reports", JSONObject().put("end_to_end_id", e2e).put("type", "fraud"))!!
        val byE2e = PixInfractionFilter(type = null, status = null, direction = null, reportedBy = null, analysisResult = null,
            endToEndId = e2e, refundId = null, sortBy = null, ascending = false, offset = null, limit = null)
        val reports = own.pixInfractionReports(account.id, byE2e)
        assertEquals(listOf(Triple(report.getString("id"), "pending", "fraud")), reports.map { Triple(it.id, it.status, it.type) })
        own.closePixInfractionReport(account.id, report.getString("id"), "accepted", "Confirmada")
        assertEquals(422, assertThrows<ApiException> { runBlocking { own.closePixInfractionReport(account.id, report.getString("id"), "rejected", null) } }.status)
        assertEquals("analysis_result", assertThrows<InvalidInputException> { runBlocking { own.closePixInfractionReport(account.id, report.getString("id"), "maybe", null) } }.field)
        assertEquals("accepted", own.pixInfractionReports(account.id, byE2e).first().analysisResult)
        val other = own.createCob(account.id, null, NewCob(chave = chave, original = 100, expiracao = null,
            devedorNome = null, devedorDocumento = null, solicitacaoPagador = null))
        assertEquals("REMOVIDA_PELO_USUARIO_RECEBEDOR", own.removeCob(account.id, other.txid).status)
        assertEquals(404, assertThrows<ApiException> { runBlocking { own.cob(account.id, "naoexiste42abcdefghijklmnopqr") } }.status)
        // The BCB's lists are Flows too, over numbered pages.
        val period = BcbListFilter(inicio = "2000-01-01T00:00:00Z", fim = "2100-01-01T00:00:00Z", status = null, txid = null)
        val everyCob = own.cobs(account.id, period, pageSize = 1).toList().map { it.txid }
        assertTrue(txid in everyCob && other.txid in everyCob)
        val concluded = own.cobs(account.id, period.copy(status = "CONCLUIDA")).toList().map { it.txid }
        assertTrue(txid in concluded && other.txid !in concluded)
        assertEquals(listOf(e2e), own.receivedPixList(account.id, period.copy(txid = txid)).toList().map { it.endToEndId })
        val third = own.createCob(account.id, null, NewCob(chave = chave, original = 200, expiracao = null,
            devedorNome = null, devedorDocumento = null, solicitacaoPagador = null))
        assertEquals("Pedido 7", own.reviseCob(account.id, third.txid, CobRevision(solicitacaoPagador = "Pedido 7", remove = false)).solicitacaoPagador)
        val nothing = assertThrows<InvalidInputException> { runBlocking { own.reviseCob(account.id, third.txid, CobRevision(solicitacaoPagador = null, remove = false)) } }
        assertEquals("revision", nothing.field)
        val loc = own.createPixLocation(account.id, "cobv")
        val due = java.time.LocalDate.now().plusDays(10).toString()
        val new = NewCobv(chave = chave, valor = CobvValor(original = 12345, multa = CobvTerm(modalidade = 2, valorPerc = 1500), juros = null, abatimento = null, desconto = null),
            dataDeVencimento = due, validadeAposVencimento = 30, devedorNome = "Francisco", devedorDocumento = "12345678909", solicitacaoPagador = null, locId = loc.id)
        val made = own.createCobv(account.id, "ktcobv42abcdefghijklmnopqrstu", new)
        assertEquals(1500L, made.valor.multa?.valorPerc)
        assertEquals("ktcobv42abcdefghijklmnopqrstu", own.pixLocation(account.id, loc.id).txid)
        assertEquals("ATIVA", own.cobv(account.id, made.txid).status)
        own.createCobvLot(account.id, "ktlote1", "Alunos", listOf(NewCobvInLot(txid = "ktlote42abcdefghijklmnopqrstu", cobv = new.copy(locId = null))))
        assertEquals("CRIADA", own.cobvLot(account.id, "ktlote1").cobsv.first().status)
        assertTrue(own.cobvLots(account.id, period).toList().any { it.descricao == "Alunos" })
        assertTrue(own.cobvs(account.id, period.copy(status = "ATIVA")).toList().any { it.txid == made.txid })
        assertTrue(own.pixLocations(account.id, period).toList().any { it.id == loc.id })
        val unfiltered = assertThrows<InvalidInputException> { runBlocking { own.pixLocations(account.id, period.copy(status = "ATIVA")).toList() } }
        assertEquals("status", unfiltered.field)
        own.reviseCobvLot(account.id, "ktlote1", listOf(CobvLotRevision(txid = "ktlote42abcdefghijklmnopqrstu",
            revision = CobRevision(solicitacaoPagador = "Mensalidade", remove = false))))
        assertEquals("Mensalidade", own.cobv(account.id, "ktlote42abcdefghijklmnopqrstu").solicitacaoPagador)
        assertEquals(made.revisao + 1, own.reviseCobv(account.id, made.txid, CobRevision(solicitacaoPagador = "Dezembro", remove = false)).revisao)
        assertEquals("REMOVIDA_PELO_USUARIO_RECEBEDOR", own.removeCobv(account.id, "ktlote42abcdefghijklmnopqrstu").status)
        assertEquals(null, own.unlinkPixLocation(account.id, loc.id).txid)
    }

    @Test
    fun statementFlowWebhooksAndTokenMode() = story {
        val account = own.accounts().first()
        val target = platform.accounts().first { it.id != account.id }
        repeat(3) { own.createInternalTransfer(NewInternalTransfer(accountId = account.id, amount = 10L + it, targetAccountCode = target.accountCode)) }
        val entries = own.statement(account.id, pageSize = 2).toList()
        assertEquals(entries.size, entries.map { it.id }.toSet().size)
        assertEquals(entries.first().id, own.statement(account.id, pageSize = 1).first().id)
        assertEquals(3, own.statement(account.id, pageSize = 1).take(3).toList().size)
        assertEquals("malformed", assertThrows<WebhookException> { runBlocking { own.verifyWebhook("{}", mapOf<String, String>()) } }.reason)
        val token = own.accessToken()
        val app = StoneClient.withAccessToken("app", token, baseUrl = base)
        assertEquals(own.balance(account.id).balance, app.balance(account.id).balance)
        assertEquals("credentials", assertThrows<InvalidInputException> { runBlocking { app.verifyWebhook("{}", null) } }.field)
        val expired = StoneClient.withAccessToken("app", "not-a-token", baseUrl = base)
        assertEquals(401, assertThrows<AuthenticationException> { runBlocking { expired.balance(account.id) } }.status)
        // Many coroutines on one client.
        val balances = List(20) { async { own.balance(account.id).balance } }.awaitAll()
        assertEquals(1, balances.toSet().size)
    }

    @Test
    fun payrollPortabilityBankAccountsAndOwnerDecisions() = story {
        val account = own.accounts().first()
        val target = platform.accounts().first { it.id != account.id }
        assertTrue(own.institutions().isNotEmpty())
        // Payroll: the spreadsheet upload is the sandbox's admin part.
        val upload = admin(
            "POST", "/admin/payroll/salaries",
            JSONObject().put("salaries", org.json.JSONArray().put(JSONObject().put("name", "Maria").put("cpf", "52998224725").put("account_code", target.accountCode).put("amount", 150000))),
        )!!
        val payroll = own.createPayroll(account.id, upload.getString("salaries_id"))
        assertEquals(payroll.id, own.payroll(payroll.id).id)
        assertEquals(1, own.payrollSalaries(payroll.id).toList().size)
        assertTrue(own.payrolls(account.id).toList().any { it.id == payroll.id })
        val portability = platform.createSalaryPortability(
            NewSalaryPortability(accountId = target.id, employerDocument = "11.222.333/0001-81", employerName = "Demo Pagamentos", payrollInstitutionCode = "341"),
        )
        assertTrue(platform.salaryPortabilities(target.id).toList().any { it.id == portability.id })
        // A contact's bank accounts.
        val contact = own.createContact(account.id, ContactFields(name = "Fornecedor B", taxId = "52998224725"))
        val fields = BankAccountFields(accountCode = "12345", branchCode = "1", institutionCode = "341", accountType = "CC")
        val bank = own.addContactBankAccount(account.id, contact.id, fields)
        assertEquals("2", own.updateContactBankAccount(account.id, contact.id, bank.id, fields.copy(branchCode = "2")).branchCode)
        own.deleteContactBankAccount(account.id, contact.id, bank.id)
        assertTrue(own.contacts(account.id).any { it.id == contact.id })
        // The owner decides, one by one and in a batch, what a consented platform created.
        val link = platform.consentLink(ConsentLinkRequest(redirectUri = "https://erp.example/back", sessionMetadata = mapOf("s" to "1")))
        val jwt = URLDecoder.decode(link.substringAfter("jwt="), "UTF-8")
        admin("POST", "/admin/consents", JSONObject().put("client_id", "demo-openbank-platform").put("jwt", jwt).put("account_id", account.id).put("decision", "approve"))
        val t = NewInternalTransfer(accountId = account.id, amount = 300, targetAccountCode = target.accountCode)
        val (a, b, c) = List(3) { platform.createInternalTransfer(t) }
        own.approveInternalTransfer(a.id)
        own.rejectInternalTransfer(b.id)
        assertEquals(TransferStatus.Finished, own.internalTransfer(a.id).status)
        assertEquals(TransferStatus.Rejected, own.internalTransfer(b.id).status)
        assertEquals(1L, own.approveOperations(account.id, BatchDecision(scope = BatchScope.ONLY, operations = listOf(OperationRef(type = OperationType.INTERNAL_TRANSFER, id = c.id))), "kt-batch-1"))
        assertEquals(TransferStatus.Finished, own.internalTransfer(c.id).status)
        // A scheduled payment cancelled; a statement entry read alone.
        val due = LocalDate.now().plusDays(10)
        val line = buildBankBoleto("341", 5000L, "1090000000000000000000456", due.toString()).formattedLine
        val day = own.schedulingCalendar(OperationType.BARCODE_PAYMENT).nextAvailableExecutionDate
        val scheduled = own.createPayment(NewPayment(accountId = account.id, barcode = line, scheduledTo = day))
        own.cancelPayment(scheduled.id)
        assertEquals(TransferStatus.Cancelled, own.payment(scheduled.id).status)
        val entry = own.statement(account.id).first()
        assertEquals(entry.id, own.statementEntry(entry.id).id)
    }

    @Test
    fun aCancelledCoroutineLeavesNoDuplicatedCashOut() = story {
        val account = own.accounts().first()
        val target = platform.accounts().first { it.id != account.id }
        val t = NewInternalTransfer(accountId = account.id, amount = 77, targetAccountCode = target.accountCode, description = "kt-cancel")
        admin("POST", "/admin/faults", JSONObject().put("latency_ms", 600))
        try {
            val job = launch { own.createInternalTransfer(t, "kt-cancel-1") }
            delay(200)
            job.cancel()
            job.join()
            assertTrue(job.isCancelled)
        } finally {
            admin("POST", "/admin/faults", JSONObject())
        }
        // The retry with the same key: one transfer, whatever the cancelled call reached.
        val retried = own.createInternalTransfer(t, "kt-cancel-1")
        val again = own.createInternalTransfer(t, "kt-cancel-1")
        assertEquals(retried.id, again.id)
        delay(700) // anything the cancelled request started has finished
        val mine = own.internalTransfers(account.id).toList().filter { it.description == "kt-cancel" }
        assertEquals(1, mine.size, "exactly one transfer for the key")
        assertNull(JSONObject(admin("GET", "/admin/ledger").toString()).optString("conserved").takeIf { it != "true" })
    }
}

/** The quickstart (examples/kotlin/Quickstart.kt) runs whole against its own sandbox. */
class QuickstartTest {
    @Test
    fun theQuickstartRuns() {
        val repo = File(System.getProperty("stone.repo") ?: "../..").canonicalFile
        com.stoneopenbank.examples.quickstart(System.getProperty("stone.bin") ?: File(repo, "target/debug/stone").path, repo)
    }
}
