// The errors of the Stone API client: one hierarchy, the same cases as
// every language of the SDK, made once from the core's error JSON.
package com.stoneopenbank

import org.json.JSONObject

/** Base of every error of the API client. */
public sealed class StoneException(message: String) : Exception(message) {
    public companion object {
        /** The core's error JSON (`client::surface::error_json`) as its class. */
        public fun fromCore(json: String): StoneException {
            val o = JSONObject(json)
            val message = o.optString("message")
            return when (o.optString("kind")) {
                "invalid_input" -> InvalidInputException(message, o.optString("field"), o.optString("reason"))
                "api" -> {
                    val reasons = o.optJSONArray("reason")?.let { a ->
                        List(a.length()) { i ->
                            val r = a.getJSONObject(i)
                            val path = r.optJSONArray("path")
                            ApiReason(r.optString("error"), List(path?.length() ?: 0) { j -> path!!.getString(j) })
                        }
                    } ?: emptyList()
                    val status = o.getInt("status")
                    val type = o.optString("type")
                    val requestId = if (o.isNull("request_id")) null else o.optString("request_id")
                    val body = plain(o.opt("body"))
                    when (status) {
                        404 -> NotFoundException(message, status, type, reasons, requestId, body)
                        409 -> ConflictException(message, status, type, reasons, requestId, body)
                        422 -> UnprocessableEntityException(message, status, type, reasons, requestId, body)
                        429 -> RateLimitException(message, status, type, reasons, requestId, body)
                        else -> ApiException(message, status, type, reasons, requestId, body)
                    }
                }
                "authentication" -> AuthenticationException(
                    message,
                    if (o.isNull("status")) null else o.getInt("status"),
                    o.optString("error"),
                    o.optString("description"),
                )
                "timeout" -> TimeoutException(message, o.optLong("timeout_ms"))
                "transport" -> TransportException(message)
                "webhook" -> WebhookException(message, o.optString("reason"))
                else -> DecodeException(message)
            }
        }
    }
}

/** One entry of Stone's `reason[]`: what is wrong, and where in the body. */
public data class ApiReason(val error: String, val path: List<String>)

/** Input refused before any request: [field] names the argument. */
public class InvalidInputException(message: String, public val field: String, public val reason: String) :
    StoneException(message)

/** Stone answered with an error status. */
public open class ApiException(
    message: String,
    public val status: Int,
    public val type: String,
    public val reasons: List<ApiReason>,
    public val requestId: String?,
    public val body: Any?,
) : StoneException(message)

/** 404. */
public class NotFoundException(message: String, status: Int, type: String, reasons: List<ApiReason>, requestId: String?, body: Any?) :
    ApiException(message, status, type, reasons, requestId, body)

/** 409: a conflict, such as an idempotency key reused with another body. */
public class ConflictException(message: String, status: Int, type: String, reasons: List<ApiReason>, requestId: String?, body: Any?) :
    ApiException(message, status, type, reasons, requestId, body)

/** 422: understood and refused (`reasons` say why). */
public class UnprocessableEntityException(message: String, status: Int, type: String, reasons: List<ApiReason>, requestId: String?, body: Any?) :
    ApiException(message, status, type, reasons, requestId, body)

/** 429: too many requests, after the client's retries. */
public class RateLimitException(message: String, status: Int, type: String, reasons: List<ApiReason>, requestId: String?, body: Any?) :
    ApiException(message, status, type, reasons, requestId, body)

/** The auth server refused the credentials, or the API refused a token. */
public class AuthenticationException(message: String, public val status: Int?, public val error: String, public val description: String) :
    StoneException(message)

/** No answer within the client's timeout. */
public class TimeoutException(message: String, public val timeoutMillis: Long) : StoneException(message)

/** The request could not be sent or its answer read. */
public class TransportException(message: String) : StoneException(message)

/** An answer that is not what the API documents. */
public class DecodeException(message: String) : StoneException(message)

/** A webhook refused: do not act on it. */
public class WebhookException(message: String, public val reason: String) : StoneException(message)
