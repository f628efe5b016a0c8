// The errors of the Stone API client: the same cases as every language of
// the SDK, made once from the core's error JSON.

import Foundation

/// One entry of Stone's `reason[]`: what is wrong, and where in the body.
public struct ApiReason: Codable, Equatable, Sendable {
    public let error: String
    public let path: [String]
}

/// Stone answered with an error status.
public struct ApiFailure: Equatable, Sendable {
    public let message: String
    public let status: Int
    public let type: String
    public let reasons: [ApiReason]
    /// The `x-request-id` to quote to Stone's support.
    public let requestId: String?
}

public enum StoneError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Refused before any request: `field` names the argument.
    case invalidInput(message: String, field: String, reason: String)
    /// Stone answered with an error status (`notFound`, `conflict`,
    /// `unprocessable`, `rateLimited` for 404, 409, 422, 429).
    case api(ApiFailure)
    case notFound(ApiFailure)
    case conflict(ApiFailure)
    case unprocessable(ApiFailure)
    case rateLimited(ApiFailure)
    /// The auth server refused the credentials, or the API refused a token.
    case authentication(message: String, status: Int?, error: String, description: String)
    case timeout(message: String, timeoutMillis: Int)
    case transport(message: String)
    case decode(message: String)
    /// A webhook refused: do not act on it.
    case webhook(message: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidInput(m, _, _), let .authentication(m, _, _, _), let .timeout(m, _),
             let .transport(m), let .decode(m), let .webhook(m, _):
            return m
        case let .api(f), let .notFound(f), let .conflict(f), let .unprocessable(f), let .rateLimited(f):
            return f.message
        }
    }

    /// The API failure, for any of the API cases.
    public var apiFailure: ApiFailure? {
        switch self {
        case let .api(f), let .notFound(f), let .conflict(f), let .unprocessable(f), let .rateLimited(f): return f
        default: return nil
        }
    }

    private struct Core: Decodable {
        let kind: String
        let message: String
        let field: String?
        let reason: ReasonField?
        let status: Int?
        let type: String?
        let request_id: String?
        let error: String?
        let description: String?
        let timeout_ms: Int?
    }

    /// `reason` is a list for API errors, a string for input and webhook errors.
    private enum ReasonField: Decodable {
        case text(String)
        case list([ApiReason])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .text(s) } else { self = .list(try c.decode([ApiReason].self)) }
        }
        var text: String { if case let .text(s) = self { return s }; return "" }
        var list: [ApiReason] { if case let .list(l) = self { return l }; return [] }
    }

    /// The core's error JSON (`client::surface::error_json`) as its case.
    static func fromCore(_ json: String) -> StoneError {
        guard let e = try? JSONDecoder().decode(Core.self, from: Data(json.utf8)) else {
            return .decode(message: json)
        }
        switch e.kind {
        case "invalid_input": return .invalidInput(message: e.message, field: e.field ?? "", reason: e.reason?.text ?? "")
        case "api":
            let f = ApiFailure(message: e.message, status: e.status ?? 0, type: e.type ?? "", reasons: e.reason?.list ?? [], requestId: e.request_id)
            switch f.status {
            case 404: return .notFound(f)
            case 409: return .conflict(f)
            case 422: return .unprocessable(f)
            case 429: return .rateLimited(f)
            default: return .api(f)
            }
        case "authentication": return .authentication(message: e.message, status: e.status, error: e.error ?? "", description: e.description ?? "")
        case "timeout": return .timeout(message: e.message, timeoutMillis: e.timeout_ms ?? 0)
        case "transport": return .transport(message: e.message)
        case "webhook": return .webhook(message: e.message, reason: e.reason?.text ?? "")
        default: return .decode(message: e.message)
        }
    }
}
