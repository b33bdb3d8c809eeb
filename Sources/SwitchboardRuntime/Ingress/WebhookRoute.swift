import Foundation
import HTTPTypes
import Logging
import Metrics
import SwitchboardEvents
import SwitchboardNormalizers

/// One webhook route: abuse-protection handshake, authentication, body limit, decoding,
/// normalization, deduplication, and a 2xx only after the sink durably accepted the events.
///
/// It knows nothing of the HTTP server: `WebhookChannelHandler` reads requests for it on the
/// event loop and writes its answers.
///
/// A request is all-or-nothing: if any event of a batch is invalid, the whole request is
/// rejected and nothing is produced.
public final class WebhookRoute: Sendable {
    public let configuration: WebhookConfiguration
    public let authenticator: WebhookAuthenticator
    public let deduplication: DeduplicationWindow
    public let sink: any EventSink
    public let normalizer: any Normalizer
    public let maxBodyBytes: Int
    public let logger: Logger
    /// Counters of the success path, made once: building a swift-metrics handle per request
    /// (dimension arrays, a registry lookup under a lock) showed in the ingest profile.
    private let acceptedRequests: Counter
    private let duplicates: Counter
    private let receivedByType: [CallEventType: Counter]

    public init(
        configuration: WebhookConfiguration, authenticator: WebhookAuthenticator, deduplication: DeduplicationWindow,
        sink: any EventSink, normalizer: any Normalizer, maxBodyBytes: Int, logger: Logger
    ) {
        self.configuration = configuration
        self.authenticator = authenticator
        self.deduplication = deduplication
        self.sink = sink
        self.normalizer = normalizer
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
        self.acceptedRequests = Counter(label: "switchboard_webhook_requests_total", dimensions: [("route", configuration.name), ("outcome", "accepted")])
        self.duplicates = Counter(label: "switchboard_events_duplicate_total", dimensions: [("source", configuration.name)])
        self.receivedByType = Dictionary(uniqueKeysWithValues: CallEventType.allCases.map {
            ($0, Counter(label: "switchboard_events_received_total", dimensions: [("source", configuration.name), ("type", $0.rawValue)]))
        })
    }

    /// The CloudEvents webhook abuse-protection handshake (OPTIONS with `WebHook-Request-Origin`).
    func handshake(_ head: HTTPRequest) -> WebhookResponse {
        var headers: HTTPFields = [.allow: "POST, OPTIONS"]
        guard let origin = head.headerFields[.webhookRequestOrigin] else {
            return WebhookResponse(status: .ok, headers: headers)
        }
        guard configuration.allowedOrigins.contains("*") || configuration.allowedOrigins.contains(origin) else {
            return reject(WebhookProblem(.originNotAllowed, "the origin is not in this webhook's allow-list"))
        }
        headers[.webhookAllowedOrigin] = origin
        headers[.webhookAllowedRate] = String(configuration.allowedRate)
        return WebhookResponse(status: .ok, headers: headers)
    }

    /// What can be decided from a POST's head alone: its credentials and its declared length.
    /// Nil lets the body be read; a problem is the answer, whatever the body.
    func admit(_ head: HTTPRequest) -> WebhookProblem? {
        do {
            try authenticator.authenticate(headers: head.headerFields, query: WebhookChannelHandler.split(target: head.path).query)
        } catch {
            return error
        }
        if let declared = HeaderText.value(.contentLength, in: head.headerFields).flatMap(Int.init), declared > maxBodyBytes {
            return WebhookProblem(.bodyTooLarge, "the body has \(declared) bytes; the limit is \(maxBodyBytes)")
        }
        return nil
    }

    /// The problem of a body that grew past the limit while it was read.
    var bodyTooLarge: WebhookProblem {
        WebhookProblem(.bodyTooLarge, "the body exceeds the limit of \(maxBodyBytes) bytes")
    }

    /// Decodes, normalizes and de-duplicates an admitted request's events, hands the new ones to
    /// the sink, and calls `respond` exactly once: 2xx only after the sink accepted them.
    /// `respond` may be called on any thread, before this returns or later.
    func deliver(head: HTTPRequest, body: [UInt8], receivedAt: Timestamp, respond: @escaping @Sendable (WebhookResponse) -> Void) {
        let events: [CallEvent]
        do {
            events = try decode(headers: head.headerFields, body: body, receivedAt: receivedAt)
        } catch {
            return respond(reject(error))
        }
        // Each pair is hashed once, for the check now and the record after acceptance.
        let keys = events.map { DeduplicationWindow.Key(source: $0.source, id: $0.id) }
        let isDuplicate = keys.map(deduplication.contains)
        // Without duplicates (the usual case) the arrays are shared, not their elements copied.
        let hasDuplicates = isDuplicate.contains(true)
        let fresh = hasDuplicates ? zip(events, isDuplicate).filter { !$1 }.map(\.0) : events
        let freshKeys = hasDuplicates ? zip(keys, isDuplicate).filter { !$1 }.map(\.0) : keys
        guard !fresh.isEmpty else { return respond(accepted(events, fresh: fresh)) }
        sink.accept(fresh) { [self] result in
            switch result {
            case .success:
                for key in freshKeys { deduplication.insert(key) }
                respond(accepted(events, fresh: fresh))
            case .failure(.saturated(let retryAfter)):
                respond(reject(WebhookProblem(.saturated, "the pipeline is saturated", retryAfterSeconds: retryAfter)))
            case .failure(.unavailable(let reason)):
                respond(reject(WebhookProblem(.unavailable, "the events could not be durably accepted: \(reason)", retryAfterSeconds: 5)))
            }
        }
    }

    /// Counts and logs a rejected request and returns its problem+json answer.
    func reject(_ problem: WebhookProblem) -> WebhookResponse {
        Counter(label: "switchboard_webhook_requests_total", dimensions: [("route", configuration.name), ("outcome", problem.code.rawValue)]).increment()
        logger.notice("webhook request rejected", metadata: ["route": .string(configuration.name), "problem": .string(problem.code.rawValue), "detail": .string(problem.detail)])
        return problem.response()
    }

    private func accepted(_ events: [CallEvent], fresh: [CallEvent]) -> WebhookResponse {
        for event in events {
            receivedByType[event.type]?.increment()
        }
        if fresh.count < events.count {
            duplicates.increment(by: events.count - fresh.count)
        }
        acceptedRequests.increment()
        return WebhookResponse(status: HTTPResponse.Status(code: configuration.successStatus))
    }

    private func decode(headers: HTTPFields, body: [UInt8], receivedAt: Timestamp) throws(WebhookProblem) -> [CallEvent] {
        var events: [CallEvent] = []
        switch configuration.binding {
        case .cloudevents:
            // CloudEvents keep the sender's own `source`, so the route's source is not imposed.
            let context = NormalizationContext(receivedAt: receivedAt)
            let payloads = try CloudEventsHTTPBinding.decode(headers: headers, body: body, limits: context.limits)
            for (index, payload) in payloads.enumerated() {
                do {
                    var normalized = try normalizer.normalize(json: payload, context: context)
                    // Distributed tracing: the sender's trace context travels with the event.
                    if let traceparent = payload["traceparent"]?.stringValue ?? HeaderText.value(.traceparent, in: headers) {
                        Self.carry(traceparent: traceparent, tracestate: payload["tracestate"]?.stringValue ?? HeaderText.value(.tracestate, in: headers), into: &normalized)
                    }
                    events.append(contentsOf: normalized)
                } catch {
                    throw rejected(error, at: payloads.count > 1 ? " (event \(index) of the batch)" : "")
                }
            }
        case .json:
            guard !body.isEmpty else { throw WebhookProblem(.malformed, "the body is empty") }
            do {
                events = try normalizer.normalize(body, context: NormalizationContext(source: configuration.source, receivedAt: receivedAt))
            } catch {
                throw rejected(error, at: "")
            }
            if let traceparent = HeaderText.value(.traceparent, in: headers) {
                Self.carry(traceparent: traceparent, tracestate: HeaderText.value(.tracestate, in: headers), into: &events)
            }
        }
        return events
    }

    /// Sets the CloudEvents distributed-tracing extension (W3C `traceparent`, `tracestate`) on
    /// events that do not carry one yet; a malformed `traceparent` is ignored, not propagated.
    static func carry(traceparent: String, tracestate: String?, into events: inout [CallEvent]) {
        guard isValidTraceparent(traceparent) else { return }
        for index in events.indices where events[index].extensions["traceparent"] == nil {
            events[index].extensions["traceparent"] = traceparent
            if let tracestate, !tracestate.isEmpty, tracestate.utf8.count <= 512 {
                events[index].extensions["tracestate"] = tracestate
            }
        }
    }

    /// `version-traceid-parentid-flags`: 2, 32, 16 and 2 lower-case hex digits (W3C Trace Context).
    static func isValidTraceparent(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[1].count == 32, parts[2].count == 16, parts[3].count == 2 else { return false }
        let hex = parts.prefix(4).allSatisfy { $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } }
        return hex && parts[1] != "00000000000000000000000000000000" && parts[2] != "0000000000000000" && parts[0] != "ff"
    }

    private func rejected(_ error: NormalizationError, at location: String) -> WebhookProblem {
        Counter(label: "switchboard_normalize_failures_total", dimensions: [("platform", configuration.platform.rawValue), ("reason", error.code)]).increment()
        return WebhookProblem(.invalidEvent, "\(error)\(location)")
    }
}

extension HTTPField.Name {
    static let webhookRequestOrigin = HTTPField.Name("WebHook-Request-Origin")!
    static let webhookAllowedOrigin = HTTPField.Name("WebHook-Allowed-Origin")!
    static let webhookAllowedRate = HTTPField.Name("WebHook-Allowed-Rate")!
    static let traceparent = HTTPField.Name("traceparent")!
    static let tracestate = HTTPField.Name("tracestate")!
}
