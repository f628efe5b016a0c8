// FFI hardening: every exported function of the Kotlin package gets garbage
// through its own signature, and only the documented error types may come
// back: never uniffi's InternalException, a Rust panic's message, a JNA
// Error, an exception of the JDK, or a crash of the JVM.
//
// Wrong types: Kotlin is statically typed, and so is Java against these
// signatures: no code in either language can hand a String parameter an Int,
// so a wrongly typed value cannot reach the FFI from here (reflection's
// Method.invoke refuses one itself, before the function runs). Nor can Kotlin
// code pass null where the declared type is not nullable: null is sent only
// where the declaration (read from the sources) allows it. What can reach the
// FFI, and is sent: huge strings (5 MiB), NUL bytes, lone UTF-16 surrogates
// (a JVM String holds them, and uniffi must encode the string as UTF-8: the
// case the JVM adds to Swift's), non-ASCII and emoji, empty and blank
// strings, malformed JSON, PEM, URLs and dates, Long/Int/UInt extremes, null
// where the type allows it, empty and huge lists and maps, and models
// carrying all of these.
//
// Enumerated by reflection so the test cannot go stale: the package's
// top-level functions (the uniffi-generated validation API), StoneClient's
// factories, every public operation of StoneClient (suspend funs and Flows)
// and the raw uniffi object (NativeClient) under it. One garbage value per
// parameter position (or model field) at a time, the others benign. The
// client runs in token mode against a port where nothing listens, so an
// input that passes the local checks ends as a TransportException.
package com.stoneopenbank

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.TimeoutCancellationException
import org.json.JSONObject
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.MethodOrderer
import org.junit.jupiter.api.Order
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.TestMethodOrder
import org.junit.jupiter.api.fail
import java.io.File
import java.io.FileOutputStream
import java.io.PrintStream
import java.lang.reflect.Constructor
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType
import java.lang.reflect.Type
import java.lang.reflect.WildcardType
import java.time.LocalDate
import kotlin.coroutines.Continuation
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class FfiGarbageTest {
    private val repo = File(System.getProperty("stone.repo") ?: "../..").canonicalFile
    private val testdata = File(System.getProperty("stone.testdata") ?: System.getenv("STONE_TESTDATA") ?: error("set -Dstone.testdata"))

    /** Nothing listens on the discard port: a request that leaves ends as a transport error at once. */
    private val nowhere = "http://127.0.0.1:9"
    private val client = StoneClient.withAccessToken("stone-openbank ffi garbage tests", "garbage-token", baseUrl = nowhere, timeoutMillis = 2_000, maxAttempts = 1)

    /** Every call, written before it is made: if the JVM dies, the last line names the culprit. */
    private val callLog = PrintStream(FileOutputStream(File("target/ffi-garbage-calls.log")), true, Charsets.UTF_8)

    @AfterAll
    fun close() {
        client.close()
        callLog.close()
    }

    // ---- known-valid values ------------------------------------------------

    private val boletoLine = "34191.09008 00012.345674 89012.345677 9 99990000012345"
    private val pixManual =
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"
    private val pem = File(repo, "sandbox/seed/demo-app.key.pem").readText()

    // ---- garbage -------------------------------------------------------------

    private data class V(val label: String, val value: Any?)

    private val hugeAscii = "9".repeat(5 shl 20) // 5 MiB of digits: passes character checks, fails on length
    private val hugeWide = "Ç🎉".repeat((5 shl 20) / 6) // 5 MiB of 2- and 4-byte UTF-8

    /** Every string position of every function gets these. */
    private val coreStrings: List<V> = listOf(
        V("empty", ""),
        V("blank", "   "),
        V("NUL", "\u0000"),
        V("valid CPF then NUL", "12345678909\u0000"),
        V("lone high surrogate", "\uD800"),
        V("valid CPF then lone low surrogate", "12345678909\uDC00"),
        V("non-ASCII and emoji", "Açaí São Paulo 🎉👨‍👩‍👧 日本語 ٣٤٥ ①②"),
        V("bidi and zero-width", "\u202E12345678909\u200B\u200D\uFEFF"),
        V("control characters", "\u0001\u0007\u001B[31m\u007F\u0085"),
        V("header injection", "abc\r\nX-Injected: 1\r\n\r\nbody"),
        V("path traversal", "../../v1/accounts/../admin?x=1#frag%2F%00"),
        V("quote and backslash", "\"'\\`\"}]},{"),
        V("number-ish", "-9223372036854775809"),
        V("bad date", "2026-02-30"),
        V("long 64 KiB", "7".repeat(64 shl 10)),
    )

    /** JSON-ish inputs (webhook bodies, configurations, arguments): malformed ones. */
    private val jsonStrings: List<V> = listOf(
        V("JSON: open brace", "{"),
        V("JSON: truncated", "{\"a\":[1,2,{\"b\":"),
        V("JSON: trailing comma", "{\"a\":1,}"),
        V("JSON: null", "null"),
        V("JSON: array", "[]"),
        V("JSON: string", "\"x\""),
        V("JSON: huge number", "{\"a\":" + "9".repeat(100_000) + "}"),
        V("JSON: escaped lone surrogate", "{\"a\":\"\\uD800\"}"),
        V("JSON: escaped NUL", "{\"a\":\"\\u0000\"}"),
        V("JSON: BOM", "\uFEFF{}"),
        V("JSON: duplicate keys", "{\"a\":1,\"a\":2}"),
        V("JSON: 100k nested arrays", "[".repeat(100_000) + "]".repeat(100_000)),
        V("JSON: 50k nested objects", "{\"a\":".repeat(50_000)),
        V("JWE-ish", "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0." + "A".repeat(10_000) + "...."),
    )

    /** For the functions cheap enough to take them all (the validation API, the factories, the raw client). */
    private val extendedStrings: List<V> = coreStrings + jsonStrings + listOf(
        V("whitespace", " \t\r\n\u000B\u000C\u00A0\u2028\u3000"),
        V("NULs", "\u0000".repeat(1024)),
        V("NUL then valid CPF", "\u000012345678909"),
        V("lone low surrogate", "\uDC00"),
        V("lone surrogate inside", "123\uD83D456"),
        V("reversed surrogate pair", "\uDE00\uD83D"),
        V("noncharacters", "\uFFFF\uFFFE\uFDD0"),
        V("combining marks", "a" + "\u0301".repeat(10_000)),
        V("format strings", "%s%n%x{}{0}\${x}{{x}}"),
        V("HTML", "<script>alert(1)</script>"),
        V("exponent", "1e999999"),
        V("NaN", "NaN"),
        V("zero date", "0000-00-00"),
        V("far date", "+999999999-12-31T23:59:59.999999999+18:00"),
        V("bad URL", "http://[::1"),
        V("URL with NUL", "https://exa\u0000mple.com/"),
        V("URL port overflow", "http://127.0.0.1:99999999999999999999/"),
        V("javascript URL", "javascript:alert(1)"),
        V("broken %-escape", "https://example.com/cb?consent_result=%ZZ&resource_id=%"),
        V("PEM without body", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"),
        V("PEM of garbage", "-----BEGIN PRIVATE KEY-----\n" + "QUFB".repeat(50_000) + "\n-----END PRIVATE KEY-----\n"),
        V("PEM cut short", pem.take(pem.length / 2)),
        V("huge 5 MiB ASCII", hugeAscii),
        V("huge 5 MiB UTF-8", hugeWide),
    )

    /**
     * The client's operations are many (110) and the debug library echoes an
     * argument into its error (a 5 MiB id costs ~0.5 s): each operation's
     * own String parameters get a 1 MiB one, model fields 64 KiB (both far
     * beyond every limit), and the 5 MiB ones go to the functions above.
     */
    private val hugeOperationArgument = V("huge 1 MiB UTF-8", "Ç🎉".repeat((1 shl 20) / 6))

    /** Which strings a position gets: a function's own parameters, or the fields of its models. */
    private class Policy(val direct: List<V>, val nested: List<V>)

    private val everything = Policy(extendedStrings, extendedStrings)
    private val operationsPolicy = Policy(coreStrings + hugeOperationArgument, coreStrings)

    private val garbageLongs = listOf(V("Long.MIN_VALUE", Long.MIN_VALUE), V("-1", -1L), V("0", 0L), V("Long.MAX_VALUE", Long.MAX_VALUE))
    private val garbageInts = listOf(V("Int.MIN_VALUE", Int.MIN_VALUE), V("-1", -1), V("0", 0), V("Int.MAX_VALUE", Int.MAX_VALUE))

    /** A `UInt` parameter is an `int` to reflection: the same bits, under their UInt names. */
    private val garbageUInts = listOf(V("0u", 0), V("2^31", Int.MIN_VALUE), V("Int.MAX_VALUE", Int.MAX_VALUE), V("UInt.MAX_VALUE", -1))
    private val garbageDates = listOf(V("LocalDate.MIN", LocalDate.MIN), V("LocalDate.MAX", LocalDate.MAX), V("1970-01-01", LocalDate.EPOCH))

    // ---- values by type --------------------------------------------------------

    private fun raw(type: Type): Class<*> = when (type) {
        is Class<*> -> type
        is ParameterizedType -> type.rawType as Class<*>
        is WildcardType -> raw(type.upperBounds[0])
        else -> error("unsupported parameter type $type")
    }

    private fun typeArg(type: Type, i: Int): Type = when (type) {
        is ParameterizedType -> type.actualTypeArguments[i].let { if (it is WildcardType) it.upperBounds[0] else it }
        is WildcardType -> typeArg(type.upperBounds[0], i)
        else -> error("no type argument in $type")
    }

    private fun isLong(c: Class<*>) = c == java.lang.Long.TYPE || c == java.lang.Long::class.java
    private fun isInt(c: Class<*>) = c == Integer.TYPE || c == Integer::class.java
    private fun isBoolean(c: Class<*>) = c == java.lang.Boolean.TYPE || c == java.lang.Boolean::class.java
    private fun isModel(c: Class<*>) = !c.isInterface && c.methods.any { it.name == "component1" }

    /** A sealed interface of values Stone may extend: data objects and `Unknown(value)`. */
    private fun isExtensible(c: Class<*>) = c.isInterface && c.declaredClasses.any { it.simpleName == "Unknown" }

    /** A value that passes the local checks, chosen by the parameter's or field's name. */
    private fun benignString(name: String): String {
        val n = name.lowercase()
        return when {
            n == "brcode" || n == "payload" -> pixManual
            n == "barcode" -> boletoLine
            n.contains("employer") && n.contains("document") -> "11222333000181"
            n.contains("document") || n == "taxid" -> "12345678909"
            n == "inicio" -> "2026-11-01T00:00:00Z"
            n == "fim" -> "2026-12-01T00:00:00Z"
            n.contains("date") || n == "data" || n.contains("vencimento") -> "2026-12-01"
            n == "keytype" -> "email"
            n == "key" || n == "chave" || n == "pixkey" || n == "email" -> "fulano@example.com"
            n.contains("url") || n.contains("uri") -> "https://example.com/callback"
            n == "tipocob" -> "cob"
            n == "feetype" -> "internal_transfer"
            n == "reason" -> "fraud"
            n == "body" -> "{}"
            n == "mobile" -> "+5511999999999"
            n == "institutioncode" || n == "ispb" -> "16501555"
            n == "accountcode" || n == "targetaccountcode" -> "400002"
            n == "branchcode" -> "0001"
            n == "accounttype" -> "CC"
            n == "useragent" -> "stone-openbank ffi garbage tests"
            n == "accesstoken" -> "garbage-token"
            n.contains("name") || n.contains("city") || n.contains("descri") || n.contains("information") ||
                n.contains("solicitacao") || n.contains("requestforpayer") || n.contains("details") -> "Fulano de Tal"
            // An id, a txid, a lot id, an idempotency key: 30 letters and digits.
            else -> "abcdefghijklmnopqrstuvwxyz0123"
        }
    }

    private fun benignLong(name: String): Long {
        val n = name.lowercase()
        return when {
            n.contains("expira") -> 3_600L
            n.contains("timeout") -> 2_000L
            n.contains("amount") || n.contains("original") || n.contains("valor") || n == "value" -> 1_500L
            n == "limit" -> 10L
            n == "offset" -> 0L
            else -> 1L
        }
    }

    private fun benignInt(name: String): Int = if (name.lowercase().contains("page")) 10 else 1

    private fun benign(type: Type, name: String): Any? {
        val c = raw(type)
        return when {
            c == String::class.java -> benignString(name)
            isLong(c) -> benignLong(name)
            isInt(c) -> benignInt(name)
            isBoolean(c) -> true
            c == LocalDate::class.java -> LocalDate.of(2026, 12, 1)
            c.isEnum -> c.enumConstants[0]
            isExtensible(c) -> c.declaredClasses.first { it.simpleName != "Unknown" && it.simpleName != "Companion" }.getField("INSTANCE").get(null)
            List::class.java.isAssignableFrom(c) -> listOf(benign(typeArg(type, 0), name))
            Map::class.java.isAssignableFrom(c) -> mapOf("k" to "v")
            isModel(c) -> benignModel(c)
            else -> error("no benign value for $type ($name)")
        }
    }

    private class Model(val ctor: Constructor<*>, val types: List<Type>, val names: List<String>, val nullable: List<Boolean>)

    private val models = HashMap<Class<*>, Model>()

    /** A data class's primary constructor, its fields' names, and which of them take null. */
    private fun model(c: Class<*>): Model = models.getOrPut(c) {
        val ctor = c.constructors
            .filter { !it.isSynthetic && it.parameterTypes.none { p -> p.name == "kotlin.jvm.internal.DefaultConstructorMarker" } }
            .maxBy { it.parameterCount }
        val fields = c.declaredFields.filter { !Modifier.isStatic(it.modifiers) }
        val names = if (fields.size == ctor.parameterCount) fields.map { it.name } else List(ctor.parameterCount) { "p$it" }
        val types = ctor.genericParameterTypes.toList()
        val full = types.indices.map { benign(types[it], names[it]) }
        val nullable = types.indices.map { i ->
            !raw(types[i]).isPrimitive && runCatching { ctor.newInstance(*full.toMutableList().also { it[i] = null }.toTypedArray()) }.isSuccess
        }
        Model(ctor, types, names, nullable)
    }

    private fun benignModel(c: Class<*>): Any {
        val m = model(c)
        return m.ctor.newInstance(*m.types.indices.map { if (m.nullable[it]) null else benign(m.types[it], m.names[it]) }.toTypedArray())
    }

    /**
     * The garbage for one parameter or field of this type (`current`: its
     * benign value). `mayBeNull`: whether the declaration takes null (false:
     * never sent, Kotlin refuses it at compile time; null: unknown, sent).
     */
    private fun garbage(type: Type, name: String, current: Any?, policy: Policy, nested: Boolean, mayBeNull: Boolean?): List<V> {
        val c = raw(type)
        val nullable = if (c.isPrimitive || mayBeNull == false) emptyList() else listOf(V("null", null))
        val strings = (if (nested) policy.nested else policy.direct) + (if (name.lowercase().let { it == "body" || it.contains("json") }) jsonStrings else emptyList())
        return when {
            c == String::class.java -> strings.distinct() + nullable
            isLong(c) -> garbageLongs + nullable
            isInt(c) -> garbageInts + nullable
            isBoolean(c) -> listOf(V("false", false), V("true", true)) + nullable
            c == LocalDate::class.java -> garbageDates + nullable
            // A closed set: every value of the type is a valid one.
            c.isEnum -> nullable
            isExtensible(c) -> {
                val unknown = c.declaredClasses.first { it.simpleName == "Unknown" }.getConstructor(String::class.java)
                policy.nested.map { V("Unknown(${it.label})", unknown.newInstance(it.value)) } + nullable
            }
            List::class.java.isAssignableFrom(c) -> {
                val e = typeArg(type, 0)
                val one = (current as? List<*>)?.firstOrNull() ?: benign(e, name)
                val hugeSize = if (raw(e) == String::class.java) 100_000 else 10_000
                // Kotlin's List<T> of a non-null T holds no null.
                listOf(V("empty list", emptyList<Any?>()), V("huge list ($hugeSize)", List(hugeSize) { one })) +
                    garbage(e, name, one, policy, true, false).map { V("[${it.label}]", listOf(it.value)) } + nullable
            }
            Map::class.java.isAssignableFrom(c) ->
                listOf(V("empty map", emptyMap<String, String>()), V("huge map (100000)", (0 until 100_000).associate { "k$it" to "v$it" })) +
                    policy.nested.map { V("key=${it.label}", mapOf(it.value to "v")) } +
                    policy.nested.map { V("value=${it.label}", mapOf("k" to it.value)) } + nullable
            isModel(c) -> modelVariants(c, current ?: benignModel(c), policy) + nullable
            else -> error("no garbage for $type ($name)")
        }
    }

    /** One field at a time replaced by each of its garbage values (those Kotlin can construct). */
    private fun modelVariants(c: Class<*>, instance: Any, policy: Policy): List<V> {
        val m = model(c)
        val values = m.types.indices.map { c.getMethod("component${it + 1}").invoke(instance) }
        val out = ArrayList<V>()
        for (i in m.types.indices) {
            val variants = garbage(m.types[i], m.names[i], values[i], policy, true, m.nullable[i]).toMutableList()
            if (values[i] == null) variants.add(0, V("<benign>", benign(m.types[i], m.names[i])))
            for (v in variants) {
                val args = values.toMutableList().also { it[i] = v.value }
                out += V("${m.names[i]}=${v.label}", m.ctor.newInstance(*args.toTypedArray()))
            }
        }
        return out
    }

    // ---- calls and verdicts ----------------------------------------------------

    private class Tally(val what: String) {
        val functions = sortedSetOf<String>()
        var calls = 0
        var skipped = 0
        val failures = ArrayList<String>()
        val millisByFunction = HashMap<String, Long>()
    }

    private val tallies = ArrayList<Tally>()

    private val panicText = Regex("(?i)panick|rust panic|RUST_BACKTRACE")

    private fun unwrap(e: Throwable): Throwable = if (e is InvocationTargetException && e.targetException != null) unwrap(e.targetException) else e

    /** The error, and where it was thrown (the first frame of the package or the JDK's charset code). */
    private fun short(e: Throwable): String {
        val frame = e.stackTrace.firstOrNull { it.className.startsWith("com.stoneopenbank") && !it.className.contains("FfiGarbageTest") }
        return "${e.javaClass.name}: ${(e.message ?: "").take(300).replace("\n", "\\n")}" + (frame?.let { " (at $it)" } ?: "")
    }

    /**
     * Makes one call and judges it: a normal return, or an error [documented] accepts.
     * Null given to a non-null parameter is refused by Kotlin before the function: skipped.
     */
    private suspend fun attempt(t: Tally, function: String, argument: String, documented: (Throwable) -> Boolean, call: suspend () -> Any?) {
        callLog.println("$function($argument)")
        val started = System.nanoTime()
        val error: Throwable? = try {
            withTimeout(60_000) {
                when (val out = call()) {
                    is Flow<*> -> out.take(1).collect {}
                    is AutoCloseable -> out.close()
                    else -> {}
                }
            }
            null
        } catch (e: TimeoutCancellationException) {
            AssertionError("no answer within 60 s")
        } catch (e: Throwable) {
            unwrap(e)
        }
        t.millisByFunction.merge(function, (System.nanoTime() - started) / 1_000_000, Long::plus)
        if (error is NullPointerException && error.message.orEmpty().startsWith("Parameter specified as non-null is null")) {
            t.skipped++
            return
        }
        t.calls++
        t.functions += function
        val verdict = when {
            error == null -> null
            !documented(error) -> "undocumented error"
            panicText.containsMatchIn(error.message.orEmpty()) -> "a panic's message"
            else -> null
        }
        if (verdict != null) t.failures += "$function [$argument]: $verdict: ${short(error!!)}"
    }

    /** Calls a `suspend fun` found by reflection (its last parameter is the continuation). */
    private suspend fun invokeSuspend(m: Method, target: Any?, args: List<Any?>): Any? =
        suspendCoroutineUninterceptedOrReturn { cont: Continuation<Any?> -> m.invoke(target, *args.toTypedArray(), cont) }

    private fun isSuspend(m: Method) = m.parameterTypes.lastOrNull() == Continuation::class.java

    /** The parameters a caller passes (a suspend fun's continuation is not one). */
    private fun parameters(m: Method): List<Type> = m.genericParameterTypes.toList().let { if (isSuspend(m)) it.dropLast(1) else it }

    /** A parameter as declared in the Kotlin source: its name, and whether it takes null (null: unknown). */
    private data class Param(val name: String, val nullable: Boolean?, val type: String = "")

    /** Each parameter in turn gets each of its garbage values, the others their benign ones. */
    private suspend fun fuzz(
        t: Tally, function: String, m: Method, target: Any?, params: List<Param>, benignArgs: List<Any?>, policy: Policy,
        documented: (Throwable) -> Boolean,
    ) {
        val types = parameters(m)
        val call: suspend (List<Any?>) -> Any? = if (isSuspend(m)) { a -> invokeSuspend(m, target, a) } else { a -> m.invoke(target, *a.toTypedArray()) }
        attempt(t, function, "<benign>", documented) { call(benignArgs) }
        for (i in types.indices) {
            val variants = if (params[i].type.removePrefix("kotlin.") == "UInt") garbageUInts
            else garbage(types[i], params[i].name, benignArgs[i], policy, false, params[i].nullable)
            for (v in variants) {
                val args = benignArgs.toMutableList().also { it[i] = v.value }
                attempt(t, function, "${params[i].name}=${v.label}", documented) { call(args) }
            }
        }
    }

    private fun report(t: Tally) {
        tallies += t
        println("${t.what}: ${t.functions.size} functions, ${t.calls} calls, ${t.skipped} skipped (null where Kotlin refuses it), ${t.failures.size} failures")
        println("  functions: ${t.functions.joinToString(", ")}")
        println("  slowest: " + t.millisByFunction.entries.sortedByDescending { it.value }.take(8).joinToString(", ") { "${it.key} ${it.value} ms" })
        t.failures.forEach { println("  FAIL $it") }
        if (t.failures.isNotEmpty()) {
            // The same error for many calls: grouped by error (digits blurred) and garbage, with examples.
            val groups = t.failures.groupBy { f ->
                val error = f.substringAfter("]: ").substringBefore(" (at ").replace(Regex("\\d+"), "N").take(160)
                val garbage = f.substringBefore("]: ").substringAfterLast("=")
                "$error | garbage: $garbage"
            }
            val summary = groups.entries.sortedByDescending { it.value.size }.take(40).joinToString("\n") { (k, v) ->
                "  ${v.size}x $k\n    e.g. ${v.take(3).joinToString("\n    e.g. ") { it.take(400) }}"
            }
            fail("${t.what}: ${t.failures.size} of ${t.calls} calls returned an undocumented error (full list in the test's output):\n$summary")
        }
    }

    /**
     * Parameter names and nullability, read from the Kotlin sources: Java
     * reflection keeps neither, and the compiler checks a `suspend fun`'s
     * parameters against null only at compile time (no check at run time).
     */
    private fun sourceParams(file: File): Map<String, List<List<Param>>> {
        val out = HashMap<String, MutableList<List<Param>>>()
        val fn = Regex("""fun\s+`?(\w+)`?\s*\(((?:[^()]|\([^()]*\))*)\)""")
        val text = file.readText()
        for (m in fn.findAll(text)) {
            val params = m.groupValues[2].split(Regex(""",\s*(?=`?\w+`?\s*:)""")).map { it.trim() }.filter { it.isNotEmpty() }.map { p ->
                val type = p.substringAfter(':').substringBefore('=').trim().trimEnd(',')
                Param(p.substringBefore(':').trim('`', ' '), type.endsWith("?"), type)
            }
            out.getOrPut(m.groupValues[1]) { ArrayList() } += params
        }
        return out
    }

    private fun params(known: Map<String, List<List<Param>>>, name: String, count: Int): List<Param> =
        known[name]?.firstOrNull { it.size == count } ?: List(count) { Param("p$it", null) }

    private fun label(name: String, params: List<Param>) = "$name(${params.joinToString(", ") { it.name }})"

    /** The Kotlin name of a function whose JVM name carries an inline-class suffix (`pixQrPng-Qn1smSk`). */
    private fun kotlinName(m: Method) = m.name.substringBefore('-')

    // ---- the package's top-level functions (the validation API) ----------------

    @Test
    @Order(1)
    fun everyTopLevelFunctionTakesGarbage() = runBlocking {
        val t = Tally("top-level functions")
        val pix = PixChargeFields(merchantName = "Fulano de Tal", merchantCity = "BRASILIA", key = "123e4567-e12b-12d1-a456-426655440000")
        val benignByFunction: Map<String, List<Any?>> = mapOf(
            "buildBankBoleto" to listOf("197", 150_000L, "0000000000000000000012345", "2026-12-10"),
            "buildCollectionDocument" to listOf(6, 8, 15_075L, "12345678", "000000000000000000001"),
            "formatLine" to listOf(boletoLine), "isValidBarcode" to listOf(boletoLine), "toBarcode" to listOf(boletoLine),
            "toDigitableLine" to listOf(boletoLine), "validateBarcode" to listOf(boletoLine),
            "parseBarcode" to listOf(boletoLine, "2026-11-26"), "validateBarcodes" to listOf(listOf(boletoLine)),
            "isValidCnpj" to listOf("12ABC34501DE35"), "parseCnpj" to listOf("12ABC34501DE35"),
            "isValidCpf" to listOf("12345678909"), "parseCpf" to listOf("12345678909"),
            "buildPix" to listOf(pix), "isValidPix" to listOf(pixManual), "parsePix" to listOf(pixManual),
            "validatePix" to listOf(pixManual), "validatePixes" to listOf(listOf(pixManual)),
            "isValidPixKey" to listOf("fulano@example.com"), "parsePixKey" to listOf("fulano@example.com"),
            "pixQrPng" to listOf(pixManual, 4), "pixQrSvg" to listOf(pixManual, 256),
        )
        // uniffi's runtime helpers are public in the generated file but not the package's API.
        val runtime = setOf("uniffiEnsureInitialized", "uniffiTraitInterfaceCall", "uniffiTraitInterfaceCallWithError", "uniffiRustCallAsync", "use", "getUniffiContinuationHandleMap")
        val functions = Class.forName("com.stoneopenbank.Stone_openbankKt").declaredMethods
            .filter { Modifier.isPublic(it.modifiers) && Modifier.isStatic(it.modifiers) && !it.isSynthetic && '$' !in it.name && it.name !in runtime }
            .sortedBy { it.name }
        assertTrue(functions.size >= 22, "found only ${functions.map { it.name }}")
        val known = sourceParams(File(repo, "bindings-uniffi/kotlin/generated/com/stoneopenbank/stone_openbank.kt"))
        for (m in functions) {
            val name = kotlinName(m)
            val types = parameters(m)
            val params = params(known, name, types.size)
            val benignArgs = benignByFunction[name] ?: types.indices.map { benign(types[it], params[it].name) }
            // Only the error classes the function declares (`@Throws`: BarcodeException, DocumentException,
            // PixException); a function declaring none must not throw at all.
            fuzz(t, label(name, params), m, null, params, benignArgs, everything) { e -> m.exceptionTypes.any { it.isInstance(e) } }
        }
        report(t)
    }

    // ---- StoneClient's factories ---------------------------------------------

    @Test
    @Order(2)
    fun everyClientFactoryTakesGarbage() = runBlocking {
        val t = Tally("StoneClient factories")
        val factories = StoneClient.Companion::class.java.declaredMethods
            .filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic && '$' !in it.name }
            .sortedBy { it.name }
        assertTrue(factories.map { it.name }.containsAll(listOf("withKey", "withAccessToken")), "found ${factories.map { it.name }}")
        val known = sourceParams(File(repo, "bindings-uniffi/kotlin/src/main/kotlin/com/stoneopenbank/StoneClient.kt"))
        for (m in factories) {
            val types = parameters(m)
            val params = params(known, m.name, types.size)
            val benignArgs = types.indices.map { i ->
                when (params[i].name) {
                    "privateKey" -> pem
                    "environment" -> null // with baseUrl: one or the other
                    "baseUrl" -> nowhere
                    "maxAttempts" -> 1
                    else -> benign(types[i], params[i].name)
                }
            }
            fuzz(t, label("StoneClient.${m.name}", params), m, StoneClient.Companion, params, benignArgs, everything) { it is StoneException }
        }
        report(t)
    }

    // ---- every operation of the client -----------------------------------------

    @Test
    @Order(3)
    fun everyClientOperationTakesGarbage() = runBlocking {
        val t = Tally("StoneClient operations")
        val notOperations = setOf("close", "toString", "hashCode", "equals")
        val candidates = (Operations::class.java.declaredMethods + StoneClient::class.java.declaredMethods)
            .filter { Modifier.isPublic(it.modifiers) && !Modifier.isStatic(it.modifiers) && !it.isSynthetic && !it.isBridge }
            // `internal` members compile to public methods named `name$module`.
            .filter { '$' !in it.name && it.name !in notOperations }
        val unclassified = candidates.filter { !isSuspend(it) && !Flow::class.java.isAssignableFrom(it.returnType) }
        assertTrue(unclassified.isEmpty(), "public methods of StoneClient neither suspend nor Flow: $unclassified")
        val operations = candidates.sortedWith(compareBy({ it.name }, { it.parameterCount }))
        assertTrue(operations.size > 100, "found only ${operations.size} operations")
        val known: Map<Class<*>, Map<String, List<List<Param>>>> = mapOf(
            Operations::class.java to sourceParams(File(repo, "bindings-uniffi/kotlin/generated/client/Operations.kt")),
            StoneClient::class.java to sourceParams(File(repo, "bindings-uniffi/kotlin/src/main/kotlin/com/stoneopenbank/StoneClient.kt")),
        )
        for (m in operations) {
            val types = parameters(m)
            val params = params(known.getValue(m.declaringClass), m.name, types.size)
            val benignArgs = types.indices.map { benign(types[it], params[it].name) }
            fuzz(t, label(m.name, params), m, client, params, benignArgs, operationsPolicy) { it is StoneException }
        }
        println("operations covered: ${operations.size} (${t.functions.size} functions called)")
        assertEquals(operations.size, t.functions.size)
        report(t)
    }

    // ---- the raw uniffi object under StoneClient ---------------------------------

    /** A CoreFailure is documented when it carries the core's error JSON of a known kind. */
    private fun documentedCore(e: Throwable): Boolean {
        if (e !is CoreFailure.Core) return false
        val kind = runCatching { JSONObject(e.json).getString("kind") }.getOrNull()
        return kind in setOf("invalid_input", "api", "authentication", "timeout", "transport", "decode", "webhook")
    }

    @Test
    @Order(4)
    fun theNativeClientTakesGarbage() = runBlocking {
        val t = Tally("NativeClient (uniffi)")
        val config = JSONObject().put("user_agent", "ffi garbage").put("access_token", "garbage-token")
            .put("base_url", nowhere).put("timeout_ms", 2_000).put("max_attempts", 1)
        // The configuration: garbage as the whole text, and in each of its values.
        for (v in extendedStrings) attempt(t, "NativeClient(configJson)", "configJson=${v.label}", ::documentedCore) { NativeClient(v.value as String) }
        val jsonValues: List<V> = coreStrings + listOf(
            V("-1", -1), V("0", 0), V("1.5", 1.5), V("u64 overflow", java.math.BigInteger("18446744073709551616")),
            V("i64 underflow", java.math.BigInteger("-9223372036854775809")), V("true", true), V("JSON null", JSONObject.NULL),
            V("array", org.json.JSONArray()), V("object", JSONObject()),
        )
        for (key in config.keySet().sorted() + "unknown_key") {
            for (v in jsonValues) {
                val text = JSONObject(config.toString()).put(key, v.value).toString()
                attempt(t, "NativeClient(configJson)", "configJson.$key=${v.label}", ::documentedCore) { NativeClient(text) }
            }
        }
        val native = NativeClient(config.toString())
        try {
            // Every operation's name with malformed arguments, through both entry points.
            val operationNames = Operations::class.java.declaredMethods
                .filter { Modifier.isPublic(it.modifiers) && '$' !in it.name }
                .map { it.name.replace(Regex("[A-Z]")) { m -> "_" + m.value.lowercase() } }
                .distinct().sorted()
            val args = "{\"account_id\":\"abcdefghijklmnopqrstuvwxyz0123\"}"
            val argsGarbage = jsonStrings + listOf(
                V("empty", ""), V("lone high surrogate", "\uD800"), V("NUL", "\u0000"), V("benign", args),
                V("unknown argument", "{\"account_id\":\"x\",\"nope\":1}"), V("wrong types", "{\"account_id\":[1],\"amount\":\"x\",\"transfer\":7}"),
            )
            for (op in operationNames) {
                for (v in argsGarbage) {
                    attempt(t, "NativeClient.call(op, argsJson)", "op=$op, argsJson=${v.label}", ::documentedCore) { native.call(op, v.value as String) }
                    attempt(t, "NativeClient.page(op, argsJson, after, limit)", "op=$op, argsJson=${v.label}", ::documentedCore) { native.page(op, v.value as String, null, 10u) }
                }
            }
            for (v in extendedStrings) {
                attempt(t, "NativeClient.call(op, argsJson)", "op=${v.label}", ::documentedCore) { native.call(v.value as String, args) }
                attempt(t, "NativeClient.call(op, argsJson)", "op=account, argsJson=${v.label}", ::documentedCore) { native.call("account", v.value as String) }
                attempt(t, "NativeClient.page(op, argsJson, after, limit)", "op=${v.label}", ::documentedCore) { native.page(v.value as String, args, null, 10u) }
                attempt(t, "NativeClient.page(op, argsJson, after, limit)", "op=statement, argsJson=${v.label}", ::documentedCore) { native.page("statement", v.value as String, null, 10u) }
                attempt(t, "NativeClient.page(op, argsJson, after, limit)", "op=statement, after=${v.label}", ::documentedCore) { native.page("statement", args, v.value as String, 10u) }
            }
            for (limit in listOf(0u, 1u, 1001u, Int.MAX_VALUE.toUInt(), UInt.MAX_VALUE, null)) {
                attempt(t, "NativeClient.page(op, argsJson, after, limit)", "op=statement, limit=$limit", ::documentedCore) { native.page("statement", args, null, limit) }
            }
        } finally {
            native.close()
        }
        report(t)
    }

    // ---- afterwards, the library still works -----------------------------------

    @Test
    @Order(5)
    fun validationStillWorksAfterTheGarbage() {
        val file = JSONObject(File(testdata, "boleto/generated.json").readText())
        val cases = file.getJSONArray("cases")
        val valid = (0 until cases.length()).map { cases.getJSONObject(it) }
            .first { it.getBoolean("valid") && it.getJSONObject("expected").getString("kind") == "bank" }
        val doc = parseBarcode(valid.getString("input"), file.getString("reference_date"))
        check(doc is Barcode.Bank)
        assertEquals(valid.getJSONObject("expected").getString("barcode"), doc.boleto.barcode)
        assertTrue(isValidCpf("123.456.789-09"))
        println("after ${tallies.sumOf { it.calls }} garbage calls: ${valid.getString("id")} still decodes")
    }
}
