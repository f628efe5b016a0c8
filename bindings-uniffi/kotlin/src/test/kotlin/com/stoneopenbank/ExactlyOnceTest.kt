// Exactly-once from Kotlin: cash-outs sent by `StoneClient` through the
// sandbox's injected faults (5xx, 429, connections dropped before the request
// runs and after it commits, latency), 32 coroutines at a time, one in four
// sent twice at once under the same key (a double click). Then the sandbox
// says what it holds: no key made two operations, every cash-out the client
// reported done is held once under the id it reported, and the ledger is
// conserved. STONE_EXACTLY_ONCE_N sets how many (default 300).
package com.stoneopenbank

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withPermit
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class ExactlyOnceTest {
    /** One cash-out under its key: the id when the client reports it done. */
    private suspend fun cashOut(client: StoneClient, account: String, i: Int): Pair<String, String?> {
        val key = "kt-once-$i"
        return try {
            if (i % 2 == 0) {
                val t = client.createInternalTransfer(
                    NewInternalTransfer(accountId = account, amount = 1, targetAccountCode = "400002", description = key), key,
                )
                key to t.id
            } else {
                val pix = client.createPixPayment(
                    NewPixPayment(accountId = account, amount = 1, description = key, key = "gabriela.abreu@example.com"), "$key-create",
                )
                client.confirmPixPayment(pix.id, PixConfirmation(description = key), "$key-confirm")
                key to pix.id
            }
        } catch (e: ApiException) {
            key to null // gave up after its retries: allowed, as long as it is not doubled
        } catch (e: TransportException) {
            key to null
        } catch (e: TimeoutException) {
            key to null
        }
    }

    @Test
    fun noCashOutIsDuplicatedOrLostUnderFaults() {
        val n = System.getenv("STONE_EXACTLY_ONCE_N")?.toInt() ?: 300
        // A sandbox of its own: its faults must not reach the other tests.
        val sandbox = TestSandbox()
        try {
            StoneClient.withKey(
                "stone-openbank exactly-once (Kotlin)", "demo-conta-de-liquidacao", sandbox.demoKey, baseUrl = sandbox.base, maxAttempts = 12,
            ).use { client ->
                runBlocking {
                    val account = client.accounts().first().id
                    sandbox.admin(
                        "POST", "/admin/faults",
                        JSONObject(
                            mapOf(
                                "error_rate" to 0.1, "rate_limit_rate" to 0.05, "drop_before_rate" to 0.1,
                                "drop_after_rate" to 0.2, "latency_ms" to 2, "seed" to 20261201,
                            ),
                        ),
                    )
                    val gate = Semaphore(32)
                    val started = System.nanoTime()
                    val calls = (0 until n).flatMap { i -> List(if (i % 4 == 0) 2 else 1) { i } }
                    val results = calls.map { i -> async { gate.withPermit { cashOut(client, account, i) } } }.awaitAll()
                    val elapsed = (System.nanoTime() - started) / 1e9
                    sandbox.admin("POST", "/admin/faults", JSONObject())

                    val reported = results.filter { it.second != null }.groupBy({ it.first }, { it.second!! })
                    val gaveUp = results.count { it.second == null }
                    val held = sandbox.admin("GET", "/admin/operations?description_prefix=kt-once-")!!.getJSONObject("operations")
                    val heldIds = held.keySet().associateWith { k -> held.getJSONArray(k).map { it as String } }
                    val duplicated = heldIds.filterValues { it.size > 1 }.keys
                    val lost = reported.filter { (k, ids) -> heldIds[k]?.size != 1 || ids.any { it != heldIds[k]!![0] } }.keys
                    val ledger = sandbox.admin("GET", "/admin/ledger")!!
                    println(
                        "kotlin: exactly-once %d cash-outs (%d calls with the double clicks) in %.1f s; reported done %d keys, gave up %d calls; operations held %d; duplicated %d; reported but not held once %d; ledger conserved %b"
                            .format(n, calls.size, elapsed, reported.size, gaveUp, heldIds.size, duplicated.size, lost.size, ledger.getBoolean("conserved")),
                    )
                    assertEquals(emptySet<String>(), duplicated, "keys that made two operations")
                    assertEquals(emptySet<String>(), lost, "reported done but not held once")
                    assertTrue(ledger.getBoolean("conserved"))
                    assertTrue(reported.size > n * 0.9, "only ${reported.size} of $n reported done")
                }
            }
        } catch (e: Throwable) {
            System.err.println("--- stone sandbox log ---\n" + sandbox.log())
            throw e
        } finally {
            sandbox.close()
        }
    }
}
