import SwitchboardEvents

/// A JSON:API top-level document with a collection as primary data: one page of a collection.
public struct JSONAPIDocument: Sendable {
    /// The primary data: resource objects, verbatim (each is normalized on its own, so one bad
    /// record does not cost the page).
    public var data: [JSONValue]
    /// `included` resources of a compound document.
    public var included: [JSONValue]
    /// The `links.next` pagination link; `nil` when absent or `null` (the last page).
    public var next: String?
    /// Whether the document carried a `links` object at all: without one the client pages by
    /// `page[number]` until a short page.
    public var hasLinks: Bool
    /// `meta`, when present (the Operator API sends `record_count`).
    public var meta: JSONValue?

    /// Reads a document; `data` may be an array or a single resource object (a one-element page).
    init(json: JSONValue) throws(TelecomCenterError) {
        guard case .object = json else { throw Self.invalid("the answer is not a JSON object") }
        switch json["data"] {
        case .array(let resources)?: data = resources
        case .object?: data = [json["data"] ?? .null]
        case .null?: data = []
        case nil:
            throw Self.invalid(json["errors"] != nil ? "the answer is a JSON:API error document" : "the answer has no data member")
        default: throw Self.invalid("data is neither an array nor a resource object")
        }
        if case .array(let resources)? = json["included"] { included = resources } else { included = [] }
        switch json["links"] {
        case .object?:
            hasLinks = true
            // A link is a string or a link object with `href` (JSON:API 1.1).
            switch json["links"]?["next"] {
            case .string(let link)?: next = link.isEmpty ? nil : link
            case .object?: next = json["links"]?["next"]?["href"]?.stringValue
            default: next = nil
            }
        default:
            hasLinks = false
            next = nil
        }
        meta = json["meta"]
    }

    private static func invalid(_ message: String) -> TelecomCenterError {
        TelecomCenterError(.invalidResponse, message)
    }
}
