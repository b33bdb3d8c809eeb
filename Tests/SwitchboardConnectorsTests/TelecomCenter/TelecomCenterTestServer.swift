import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardConnectors
import SwitchboardEvents
import Synchronization

/// An in-process telecom.center Operator API serving both CDR collections, as strict as the
/// document says the real one is:
/// - `Authorization` must be exactly `Basic base64(user:password)` (else 401);
/// - `Content-Type: application/vnd.api+json` with a media-type parameter is 415 (missing or
///   another type is 415 too: the document says every request should carry it);
/// - an `Accept` whose JSON:API media types all carry parameters is 406;
/// - an unknown `filter[...]`, `sort` field or `include` path is 400 with a JSON:API `errors` array.
/// It filters (`time_start_gteq`, `id`, `customer.id`), sorts (`time_start`, `-time_start`, `id`;
/// ties in `time_start` by id, so a late CDR can land before ones already served), pages
/// (`page[number]`, `page[size]`, `links.first/prev/next/last` with encoded brackets), and
/// answers scripted failures (429 with `Retry-After`, 5xx).
final class TelecomCenterTestServer: Sendable {
    static let username = "operator-7"
    static let password = "p4ss:word/+=é"
    static let basePath = "/api/rest/public/operator"
    static let mediaType = "application/vnd.api+json"

    /// A request as received.
    struct Recorded: Sendable {
        var path: String
        var query: [String: String]
        var authorization: String?
        var accept: String?
        var contentType: String?
        var status: Int
        var at: ContinuousClock.Instant
    }

    struct Scripted: Sendable {
        var remaining: Int
        var status: HTTPResponse.Status
        var headers: [String: String]
    }

    struct State: Sendable {
        /// Resources per collection path, in insertion order.
        var resources: [String: [JSONValue]] = [:]
        var requests: [Recorded] = []
        var scripted: [Scripted] = []
        var defaultPageSize = 50
        /// A broken server: `links.next` points at the page itself.
        var nextLinksLoop = false
        var port = 0
    }

    let state = Mutex(State())
    var port: Int { state.withLock { $0.port } }
    var apiRoot: String { "http://127.0.0.1:\(port)\(Self.basePath)" }

    static func with<T: Sendable>(_ body: @Sendable (TelecomCenterTestServer) async throws -> T) async throws -> T {
        let server = TelecomCenterTestServer()
        return try await LocalHTTPServer.serve(server.router(), label: "telecomcenter-test-server") { port in
            server.state.withLock { $0.port = port }
            return try await body(server)
        }
    }

    // MARK: Data and scripting

    /// Adds resource objects to a collection (`termination_cdrs`, `incoming_trunk_cdrs`).
    func add(_ resources: [JSONValue], to collection: String) {
        state.withLock { $0.resources[collection, default: []].append(contentsOf: resources) }
    }

    /// The ids of the well-formed CDRs of a collection (what a poller must deliver).
    func ids(_ collection: String) -> Set<String> {
        state.withLock { state in
            Set((state.resources[collection] ?? []).compactMap { resource -> String? in
                guard resource["attributes"]?["time_start"]?.stringValue.flatMap({ Timestamp(rfc3339: $0) }) != nil,
                      resource["type"]?.stringValue?.hasSuffix("cdrs") == true,
                      resource["attributes"]?["duration"].map({ if case .array = $0 { return false } else { return true } }) ?? true
                else { return nil }
                return resource["id"]?.stringValue
            })
        }
    }

    /// The next `times` CDR requests answer `status` with `headers`.
    func fail(times: Int, status: HTTPResponse.Status, headers: [String: String] = [:]) {
        state.withLock { $0.scripted.append(Scripted(remaining: times, status: status, headers: headers)) }
    }

    var requests: [Recorded] { state.withLock { $0.requests } }

    /// Waits until `count` more requests were answered: a few more polls, after which a test can
    /// say that nothing else arrived.
    func answersMore(_ count: Int) async -> Bool {
        let before = requests.count
        return await TelecomCenterFixture.eventually { self.requests.count > before + count }
    }

    // MARK: Routes

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get(RouterPath(Self.basePath + "/:collection")) { request, context -> Response in
            let collection = try context.parameters.require("collection")
            return self.handle(request, collection: collection)
        }
        return router
    }

    private func handle(_ request: Request, collection: String) -> Response {
        let query = Self.queryItems(request.uri.query ?? "")
        let response = answer(request, collection: collection, query: query)
        state.withLock {
            $0.requests.append(Recorded(path: request.uri.path, query: query, authorization: request.headers[.authorization],
                                        accept: request.headers[.accept], contentType: request.headers[.contentType],
                                        status: Int(response.status.code), at: .now))
        }
        return response
    }

    private func answer(_ request: Request, collection: String, query: [String: String]) -> Response {
        let expected = "Basic " + Data("\(Self.username):\(Self.password)".utf8).base64EncodedString()
        guard request.headers[.authorization] == expected else {
            return Self.errors(.unauthorized, [("401", "Unauthorized", "Basic credentials are missing or wrong", nil)])
        }
        let contentType = request.headers[.contentType] ?? ""
        guard contentType == Self.mediaType else {
            return Self.errors(.unsupportedMediaType, [("415", "Unsupported media type",
                                                         "Content-Type must be \(Self.mediaType) without media type parameters", nil)])
        }
        if let accept = request.headers[.accept] {
            let ranges = accept.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let jsonAPI = ranges.filter { $0.lowercased().hasPrefix(Self.mediaType) }
            if !jsonAPI.isEmpty && jsonAPI.allSatisfy({ $0.contains(";") }) {
                return Self.errors(.notAcceptable, [("406", "Not acceptable", "every \(Self.mediaType) in Accept has media type parameters", nil)])
            }
        }
        if let failure = scriptedFailure() { return failure }
        guard collection == "termination_cdrs" || collection == "incoming_trunk_cdrs" else {
            return Self.errors(.notFound, [("404", "Not found", "no route \(collection)", nil)])
        }
        let allowedFilters: Set<String> = ["time_start_gteq", "id", "customer.id"]
        var filters: [String: String] = [:]
        for (key, value) in query {
            if key.hasPrefix("filter[") && key.hasSuffix("]") {
                let name = String(key.dropFirst(7).dropLast())
                guard allowedFilters.contains(name) else {
                    return Self.errors(.badRequest, [("400", "Invalid filter", "\(name) is not allowed", key)])
                }
                filters[name] = value
            } else if !["sort", "include", "page[number]", "page[size]"].contains(key) {
                return Self.errors(.badRequest, [("400", "Invalid parameter", "\(key) is not supported", key)])
            }
        }
        let sortField = query["sort"] ?? "id"
        guard ["time_start", "-time_start", "id"].contains(sortField) else {
            return Self.errors(.badRequest, [("400", "Invalid sort criteria", "\(sortField) is not a sortable field", "sort")])
        }
        let relationships: Set<String> = collection == "termination_cdrs" ? ["customer", "termination_route", "termination_gateway"] : ["customer", "incoming_trunk"]
        if let include = query["include"], !include.split(separator: ",").allSatisfy({ relationships.contains(String($0)) }) {
            return Self.errors(.badRequest, [("400", "Invalid include", "\(include) is not a relationship", "include")])
        }
        guard let number = Int(query["page[number]"] ?? "1"), number >= 1,
              let size = Int(query["page[size]"] ?? String(state.withLock { $0.defaultPageSize })), (1...1000).contains(size) else {
            return Self.errors(.badRequest, [("400", "Invalid page", "page[number] and page[size] must be positive", "page")])
        }

        var rows = state.withLock { $0.resources[collection] ?? [] }
        if let gteq = filters["time_start_gteq"] {
            guard let floor = Timestamp(rfc3339: gteq) else {
                return Self.errors(.badRequest, [("400", "Invalid filter value", "\(gteq) is not a time", "filter[time_start_gteq]")])
            }
            rows = rows.filter { Self.time($0).map { $0 >= floor } ?? true }
        }
        if let id = filters["id"] { rows = rows.filter { $0["id"]?.stringValue == id } }
        if let customer = filters["customer.id"] { rows = rows.filter { $0["relationships"]?["customer"]?["data"]?["id"]?.stringValue == customer } }
        // Times parsed once per row, not once per comparison.
        let keyed = rows.map { (time: Self.time($0) ?? Timestamp(millisecondsSince1970: 0), id: $0["id"]?.stringValue ?? "", row: $0) }
        rows = keyed.sorted { a, b in
            if sortField == "id" || a.time == b.time { return a.id < b.id }
            return sortField == "time_start" ? a.time < b.time : a.time > b.time
        }.map(\.row)
        let lastPage = max(1, (rows.count + size - 1) / size)
        let page = Array(rows.dropFirst((number - 1) * size).prefix(size))
        func link(_ pageNumber: Int) -> JSONValue {
            var items = query.filter { !$0.key.hasPrefix("page[") }
            items["page[number]"] = String(pageNumber)
            items["page[size]"] = String(size)
            let encoded = items.sorted { $0.key < $1.key }.map { Self.encode($0.key) + "=" + Self.encode($0.value) }.joined(separator: "&")
            return .string("http://127.0.0.1:\(port)\(Self.basePath)/\(collection)?\(encoded)")
        }
        let document: JSONValue = .object([
            "data": .array(page),
            "meta": .object(["record_count": .integer(Int64(rows.count))]),
            "links": .object([
                "first": link(1), "last": link(lastPage),
                "prev": number > 1 ? link(number - 1) : .null,
                "next": number < lastPage ? link(state.withLock { $0.nextLinksLoop } ? number : number + 1) : .null,
            ]),
        ])
        return Self.document(.ok, document)
    }

    private func scriptedFailure() -> Response? {
        state.withLock { state -> Response? in
            guard let index = state.scripted.firstIndex(where: { $0.remaining > 0 }) else { return nil }
            state.scripted[index].remaining -= 1
            let scripted = state.scripted[index]
            var response = Self.errors(scripted.status, [(String(scripted.status.code), scripted.status.reasonPhrase, "scripted failure", nil)])
            for (name, value) in scripted.headers { response.headers[HTTPField.Name(name)!] = value }
            return response
        }
    }

    // MARK: Helpers

    static func time(_ resource: JSONValue) -> Timestamp? {
        resource["attributes"]?["time_start"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }

    static func queryItems(_ query: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            items[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return items
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }

    static func errors(_ status: HTTPResponse.Status, _ items: [(status: String, title: String, detail: String, parameter: String?)]) -> Response {
        document(status, .object(["errors": .array(items.map { item in
            var object: [String: JSONValue] = ["status": .string(item.status), "title": .string(item.title), "detail": .string(item.detail)]
            if let parameter = item.parameter { object["source"] = .object(["parameter": .string(parameter)]) }
            return .object(JSONObject(object))
        })]))
    }

    static func document(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(status: status, headers: [.contentType: mediaType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.jsonData())))
    }
}
