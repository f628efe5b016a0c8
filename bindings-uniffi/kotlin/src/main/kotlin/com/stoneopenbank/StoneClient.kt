// The Stone API client for Kotlin (JVM, Android): every operation is a
// `suspend fun` of the generated `Operations` class (from the Rust core's
// one list of operations); lists are `Flow`s fetched page by page; errors
// are `StoneException`s. This file only adapts the native client (uniffi)
// to those idioms.
package com.stoneopenbank

import com.sun.jna.CallbackThreadInitializer
import com.sun.jna.Native
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import org.json.JSONArray
import org.json.JSONObject
import org.json.JSONTokener
import java.time.LocalDate
import java.time.OffsetDateTime

/**
 * The Stone API client. Build it with the application's key (a backend) or
 * with an access token handed by a backend (an app: the key never ships).
 * Every cash-out carries an idempotency key, yours or a generated one,
 * reused on every retry. Money is `Long` centavos.
 *
 * Close it (`use { }`) to free the native side at once; otherwise the
 * garbage collector does.
 */
public class StoneClient private constructor(private val native: NativeClient) : Operations(), AutoCloseable {
    public companion object {
        /** A backend's client: it makes and renews its own tokens with the key (PEM). */
        public fun withKey(
            userAgent: String,
            clientId: String,
            privateKey: String,
            environment: String? = null,
            baseUrl: String? = null,
            timeoutMillis: Long? = null,
            maxAttempts: Int? = null,
        ): StoneClient = build(
            JSONObject().put("user_agent", userAgent).put("client_id", clientId).put("private_key", privateKey),
            environment, baseUrl, timeoutMillis, maxAttempts,
        )

        /** An app's client: a token handed by the backend. */
        public fun withAccessToken(
            userAgent: String,
            accessToken: String,
            environment: String? = null,
            baseUrl: String? = null,
            timeoutMillis: Long? = null,
            maxAttempts: Int? = null,
        ): StoneClient = build(
            JSONObject().put("user_agent", userAgent).put("access_token", accessToken),
            environment, baseUrl, timeoutMillis, maxAttempts,
        )

        private fun build(
            config: JSONObject,
            environment: String?,
            baseUrl: String?,
            timeoutMillis: Long?,
            maxAttempts: Int?,
        ): StoneClient {
            config.putOpt("environment", environment).putOpt("base_url", baseUrl)
                .putOpt("timeout_ms", timeoutMillis).putOpt("max_attempts", maxAttempts)
            keepWakerThreadsAttached
            return StoneClient(guardSync { NativeClient(wire(config)) })
        }

        // The Rust side wakes a suspended call from its own threads through
        // a JNA callback; by default JNA attaches such a thread to the JVM
        // (a new java.lang.Thread) and detaches it again on every callback.
        // Keeping them attached removes that cost from every call.
        private val keepWakerThreadsAttached: Unit by lazy {
            Native.setCallbackThreadInitializer(
                uniffiRustFutureContinuationCallbackImpl,
                CallbackThreadInitializer(true, false, "stone-openbank-waker"),
            )
        }
    }

    override suspend fun call(op: String, args: JSONObject): Any? =
        when (val out = guard { native.call(op, wire(args)) }) {
            is CallOutput.Json -> JSONTokener(out.text).nextValue()
            is CallOutput.Bytes -> out.bytes
        }

    override suspend fun callBytes(op: String, args: JSONObject): ByteArray =
        when (val out = guard { native.call(op, wire(args)) }) {
            is CallOutput.Bytes -> out.bytes
            is CallOutput.Json -> throw DecodeException("$op answered no file")
        }

    override fun <T> pages(op: String, args: JSONObject, pageSize: Int, decode: (Any?) -> T): Flow<T> = flow {
        if (pageSize !in 1..1000) {
            throw InvalidInputException("pageSize must be from 1 to 1000, got $pageSize", "pageSize", "out of range")
        }
        val text = wire(args)
        var after: String? = null
        do {
            val page = JSONObject(guard { native.page(op, text, after, pageSize.toUInt()) })
            val data = page.getJSONArray("data")
            for (i in 0 until data.length()) emit(decode(data.get(i)))
            after = if (page.isNull("after")) null else page.getString("after")
        } while (after != null)
    }

    /**
     * Decrypts and verifies a webhook (the raw body and the request's
     * headers) into a typed event; throws [WebhookException] for anything
     * not sent by Stone to this application.
     */
    public suspend fun verifyWebhook(body: String, headers: Map<String, String>): WebhookEvent =
        verifyWebhook(body, headers.entries.firstOrNull { it.key.equals("x-stone-webhook-event-id", ignoreCase = true) }?.value)

    override fun close() {
        native.close()
    }

    /** Never shows the key or the token. */
    override fun toString(): String = "StoneClient(<credentials redacted>)"
}

internal suspend fun <T> guard(block: suspend () -> T): T =
    try {
        block()
    } catch (e: CoreFailure.Core) {
        throw StoneException.fromCore(e.json)
    }

internal fun <T> guardSync(block: () -> T): T =
    try {
        block()
    } catch (e: CoreFailure.Core) {
        throw StoneException.fromCore(e.json)
    }

internal fun nonNull(v: Any?): Any? = if (v == null || v == JSONObject.NULL) null else v

/** Raw JSON as plain Kotlin values: maps, lists, strings, numbers, booleans, null. */
internal fun plain(v: Any?): Any? = when (v) {
    null, JSONObject.NULL -> null
    is JSONObject -> v.keySet().associateWith { plain(v.get(it)) }
    is JSONArray -> List(v.length()) { plain(v.get(it)) }
    else -> v
}

internal fun parseDate(text: String): LocalDate = LocalDate.parse(text.take(10))

internal fun parseDateTime(text: String): OffsetDateTime = OffsetDateTime.parse(text)

/**
 * The JSON text sent to the core, with any lone surrogate written as a JSON
 * escape: the core then refuses it as invalid input (a UTF-8 encoder would
 * have to drop or mend it, which would send other text than the caller's).
 */
internal fun wire(json: JSONObject): String {
    val text = json.toString()
    fun lone(i: Int): Boolean {
        val c = text[i]
        return (c.isHighSurrogate() && (i + 1 >= text.length || !text[i + 1].isLowSurrogate())) ||
            (c.isLowSurrogate() && (i == 0 || !text[i - 1].isHighSurrogate()))
    }
    if (text.indices.none(::lone)) return text
    val out = StringBuilder(text.length + 16)
    for (i in text.indices) {
        if (lone(i)) out.append("\\u%04x".format(text[i].code)) else out.append(text[i])
    }
    return out.toString()
}
