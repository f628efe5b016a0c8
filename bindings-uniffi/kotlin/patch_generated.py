"""Patches to uniffi's generated Kotlin (scripts/kotlin.sh runs this after
`uniffi-bindgen generate`). Each patch checks that it applied: a uniffi
upgrade that changes the code it targets fails the build here, loudly,
rather than silently losing the fix.

    python3 patch_generated.py generated/com/stoneopenbank/stone_openbank.kt
"""

import sys


def patch(text: str, old: str, new: str, why: str) -> str:
    if text.count(old) != 1:
        sys.exit(f"patch_generated.py: uniffi's output changed; update the patch: {why}")
    return text.replace(old, new)


path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    text = f.read()

# uniffi's Kotlin refuses a lone surrogate with a MalformedInputException
# (an exception no function documents) before Rust sees the text; read it
# as U+FFFD instead, as the Python package does, so the core refuses it
# with its own typed error (the client escapes them in its JSON first, so
# free text is refused too, never mended: StoneClient.kt).
text = patch(
    text,
    "onMalformedInput(CodingErrorAction.REPORT)",
    "onMalformedInput(CodingErrorAction.REPLACE)"
    ".replaceWith(byteArrayOf(0xEF.toByte(), 0xBF.toByte(), 0xBD.toByte()))",
    "lone surrogates",
)

# Every call into Rust allocates a call status, a JNA Structure. uniffi
# declares its error buffer as a nested Structure, and JNA builds such a
# Structure slowly: 12.7 µs per status against 1.6 µs for the same memory
# layout declared flat (C lays out `{ int8_t code; RustBuffer error_buf; }`
# and `{ int8_t code; uint64_t capacity, len; uint8_t *data; }` the same).
# An async call makes five or more of them (BENCHMARKS.md, Kotlin per
# call). The flat fields keep `error_buf` as a property for uniffi's code.
text = patch(
    text,
    """@Structure.FieldOrder("code", "error_buf")
internal open class UniffiRustCallStatus : Structure() {
    @JvmField var code: Byte = 0
    @JvmField var error_buf: RustBuffer.ByValue = RustBuffer.ByValue()
""",
    """@Structure.FieldOrder("code", "error_capacity", "error_len", "error_data")
internal open class UniffiRustCallStatus : Structure() {
    @JvmField var code: Byte = 0
    @JvmField var error_capacity: Long = 0
    @JvmField var error_len: Long = 0
    @JvmField var error_data: Pointer? = null
    var error_buf: RustBuffer.ByValue
        get() = RustBuffer.ByValue().also {
            it.capacity = error_capacity
            it.len = error_len
            it.data = error_data
        }
        set(value) {
            error_capacity = value.capacity
            error_len = value.len
            error_data = value.data
        }
""",
    "a flat call status",
)

# And each call allocates its status anew (native memory and a cleaner
# registration, 1–3 µs). A status is only in use during its own call, so
# each thread keeps the ones it has made on a stack and reuses them,
# cleared; a call made while another is in progress on the same thread (a
# callback into Kotlin) takes the next one.
text = patch(
    text,
    """private inline fun <U, E: kotlin.Exception> uniffiRustCallWithError(errorHandler: UniffiRustCallStatusErrorHandler<E>, callback: (UniffiRustCallStatus) -> U): U {
    var status = UniffiRustCallStatus()
    val return_value = callback(status)
    uniffiCheckCallStatus(errorHandler, status)
    return return_value
}
""",
    """private val uniffiCallStatuses = ThreadLocal.withInitial { ArrayList<UniffiRustCallStatus>(4) }

private inline fun <U, E: kotlin.Exception> uniffiRustCallWithError(errorHandler: UniffiRustCallStatusErrorHandler<E>, callback: (UniffiRustCallStatus) -> U): U {
    val statuses = uniffiCallStatuses.get()
    val status = if (statuses.isEmpty()) UniffiRustCallStatus() else statuses.removeAt(statuses.size - 1)
    status.code = UNIFFI_CALL_SUCCESS
    status.error_capacity = 0
    status.error_len = 0
    status.error_data = null
    try {
        val return_value = callback(status)
        uniffiCheckCallStatus(errorHandler, status)
        return return_value
    } finally {
        statuses.add(status)
    }
}
""",
    "reused call statuses",
)

with open(path, "w", encoding="utf-8") as f:
    f.write(text)
