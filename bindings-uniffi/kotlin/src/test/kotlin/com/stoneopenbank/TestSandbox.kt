// A `stone sandbox` process for a test class, and the admin calls that play
// Stone's people (shared by the suites that need their own sandbox).
package com.stoneopenbank

import org.json.JSONObject
import java.io.File
import java.net.HttpURLConnection
import java.net.URI

class TestSandbox : AutoCloseable {
    val repo: File = File(System.getProperty("stone.repo") ?: "../..").canonicalFile
    val demoKey: String = File(repo, "sandbox/seed/demo-app.key.pem").readText()
    private val log = File.createTempFile("stone-sandbox-", ".log")
    private val process: Process = ProcessBuilder(
        System.getProperty("stone.bin") ?: File(repo, "target/debug/stone").path,
        "sandbox", "--port", "0",
    ).redirectError(log).start()
    val base: String = JSONObject(process.inputStream.bufferedReader().readLine()).getString("base_url")

    /** The sandbox's request log, for a failing test's report. */
    fun log(): String = log.readText().takeLast(20000)

    fun admin(method: String, path: String, body: JSONObject? = null): JSONObject? {
        val c = URI(base + path).toURL().openConnection() as HttpURLConnection
        c.requestMethod = method
        if (body != null) {
            c.doOutput = true
            c.setRequestProperty("content-type", "application/json")
            c.outputStream.use { it.write(body.toString().toByteArray()) }
        }
        check(c.responseCode in 200..299) { "$method $path: ${c.responseCode}" }
        val text = c.inputStream.bufferedReader().readText()
        return if (text.isBlank()) null else JSONObject(text)
    }

    override fun close() {
        process.destroy()
        process.waitFor()
        log.delete()
    }
}
