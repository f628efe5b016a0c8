// The Kotlin client's per-call cost against the Rust client's, on one
// `stone sandbox`: `client.balance` in rounds of sequential calls, best of
// 5, alternating with `sandbox-load balance` (the Rust client). A
// benchmark, not a test: it prints figures and checks nothing about speed.
// Runs when -Dstone.bench=<scale> is given (scripts/kotlin.sh: a smoke;
// scripts/bench.sh: scale 1 on the release library, then again with
// -Dstone.bench.latency=<ms>: the sandbox answering that much later, as a
// server across a network does).
package com.stoneopenbank

import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfSystemProperty
import java.io.File

class BalanceBenchTest {
    @Test
    @EnabledIfSystemProperty(named = "stone.bench", matches = ".+")
    fun balancePerCall() = runBlocking {
        val scale = System.getProperty("stone.bench").toDouble()
        val rounds = maxOf(50, (2000 * scale).toInt())
        val repo = File(System.getProperty("stone.repo") ?: "../..").canonicalFile
        val bin = System.getProperty("stone.bench.stone") ?: File(repo, "target/release/stone").path
        val load = System.getProperty("stone.bench.load") ?: File(repo, "target/release/sandbox-load").path
        val latency = System.getProperty("stone.bench.latency")?.toInt() ?: 0
        val sandbox = ProcessBuilder(bin, "sandbox", "--port", "0", "--quiet").start()
        try {
            val base = JSONObject(sandbox.inputStream.bufferedReader().readLine()).getString("base_url")
            if (latency > 0) {
                val set = ProcessBuilder(load, "faults", base, """{"latency_ms": $latency}""").inheritIO().start()
                check(set.waitFor() == 0) { "sandbox-load faults failed" }
            }
            val key = File(repo, "sandbox/seed/demo-app.key.pem").readText()
            StoneClient.withKey("bench", "demo-conta-de-liquidacao", key, baseUrl = base).use { client ->
                val account = client.accounts().first()
                repeat(200) { client.balance(account.id) }
                var kotlin = Double.MAX_VALUE
                var rust = Double.MAX_VALUE
                repeat(5) {
                    val started = System.nanoTime()
                    repeat(rounds) { client.balance(account.id) }
                    kotlin = minOf(kotlin, (System.nanoTime() - started) / 1000.0 / rounds)
                    val out = ProcessBuilder(load, "balance", base, rounds.toString(), "1").start().inputStream.bufferedReader().readText()
                    rust = minOf(rust, JSONObject(out).getDouble("rust_us"))
                }
                // Where the time goes: a local operation (no network) through
                // the same path (JSON in, uniffi's async call, JSON out).
                var local = Double.MAX_VALUE
                repeat(5) {
                    val started = System.nanoTime()
                    repeat(rounds) { client.parseConsentRedirect("https://x/?consent_result=ignored&s=1") }
                    local = minOf(local, (System.nanoTime() - started) / 1000.0 / rounds)
                }
                println("kotlin: a local operation through the same path: %.1f µs per call".format(local))
                val where_ = if (latency > 0) "with $latency ms of server latency" else "on loopback"
                println("kotlin: StoneClient.balance %.1f µs, Rust client %.1f µs per call, %s (best of 5 rounds of %d): %.2f× (target <= 1.2×)"
                    .format(kotlin, rust, where_, rounds, kotlin / rust))
            }
        } finally {
            sandbox.destroy()
            sandbox.waitFor()
        }
    }
}
