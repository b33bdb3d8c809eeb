import Foundation
import Logging
import SwitchboardEvents
import SwitchboardNormalizers
import SwitchboardWebSocket

/// The live event stream of one Telnect account, as a `CallEventSource`.
///
/// Each connection: find the stream (the configured `websocketUrl`, else a line from
/// `POST /Phones`, renewed before it expires), open it with libwebsockets, and hand every frame to
/// the tolerant `TelnectFrameDecoder`. When the stream drops, reconnect with backoff and jitter;
/// after every reconnect, read `GET /Calls/history` from the last event seen (minus
/// `gapFillOverlapSeconds`) and emit what the stream missed, de-duplicated against everything
/// already emitted (`TelnectEventDeduplicator`). A gap fill that fails is retried after the next
/// reconnect, from the same moment.
public final class TelnectEventSource: CallEventSource {
    public let componentName: String
    public let client: TelnectClient
    private let decoder: TelnectFrameDecoder
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// - Parameter now: the wall clock: gap-fill windows and line expiry (tests move it).
    public init(client: TelnectClient, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "switchboard.telnect")) {
        self.client = client
        self.componentName = "telnect:\(client.configuration.name)"
        self.decoder = TelnectFrameDecoder(source: client.configuration.eventSource, maximumFrameBytes: client.configuration.maximumFrameBytes)
        self.now = now
        var logger = logger
        logger[metadataKey: "source"] = "\(componentName)"
        self.logger = logger
    }

    private var configuration: TelnectConfiguration { client.configuration }

    /// What one `run` remembers across its connections.
    private struct StreamMemory {
        var deduplicator: TelnectEventDeduplicator
        var line: TelnectPhoneLine?
        /// Streams of `line` that could not be opened in a row.
        var lineFailures = 0
        /// When the last event was received (wall clock), the start of the next gap.
        var lastEventAt: Date?
        /// The start of a gap not filled yet (a gap fill failed), kept until one succeeds.
        var unfilledSince: Date?
        var connections = 0
    }

    public func run(output: CallEventSourceOutput) async throws {
        var memory = StreamMemory(deduplicator: TelnectEventDeduplicator(capacity: configuration.deduplicationCapacity))
        var failures = 0
        output.state(.connecting)
        while !Task.isCancelled {
            do {
                let connection = try await connect(memory: &memory)
                let openedAt = now()
                memory.connections += 1
                output.state(.connected(detail: "event stream \(connection.url)"))
                if memory.connections > 1 {
                    await fillGap(memory: &memory, output: output)
                }
                // Until an event arrives, a drop on this connection leaves a gap from its opening.
                memory.lastEventAt = memory.lastEventAt.map { max($0, openedAt) } ?? openedAt
                try await read(connection, memory: &memory, output: output)
                let closed = await connection.closed()
                if Task.isCancelled { break }
                // A stream that is accepted and dropped at once must back off like a refused one.
                failures = now().timeIntervalSince(openedAt) > 10 ? 0 : failures + 1
                output.state(.disconnected(reason: "stream closed (\(closed.code)\(closed.reason.isEmpty ? "" : " \(closed.reason.prefix(80))"))"))
            } catch let error as TelnectError where error.code == .cancelled {
                break
            } catch {
                if Task.isCancelled { break }
                failures += 1
                output.state(.disconnected(reason: configuration.redacting("\(error)")))
                if let error = error as? TelnectError, error.code == .unauthorized || error.code == .invalidConfiguration {
                    // A refused token does not heal by reconnecting quickly: let the runtime back off and restart.
                    throw error
                }
            }
            let delay = configuration.reconnect.delay(attempt: failures)
            logger.info("reconnecting to the event stream", metadata: ["inSeconds": "\(String(format: "%.2f", delay))"])
            do {
                try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
            } catch {
                break
            }
        }
    }

    /// A provisioned line whose stream failed this many times in a row is replaced.
    static let failuresBeforeNewLine = 3

    /// Opens the stream: the configured URL, or the provisioned line (provisioned again when it
    /// is about to expire, or when its stream failed `failuresBeforeNewLine` times in a row).
    private func connect(memory: inout StreamMemory) async throws -> WebSocketConnection {
        let url: String
        var headers: [String: String] = [:]
        if let configured = configuration.websocketURL {
            url = configured
            if let user = configuration.websocketUsername, let password = configuration.websocketPassword {
                headers["Authorization"] = Self.basic(user, password)
            }
        } else {
            if let line = memory.line, let expiresAt = line.expiresAt, expiresAt.timeIntervalSince(now()) < configuration.phoneRenewMarginSeconds {
                memory.line = nil
            }
            let line: TelnectPhoneLine
            if let existing = memory.line {
                line = existing
            } else {
                line = try await client.createPhoneLine()
            }
            memory.line = line
            url = line.websocketURL
            headers["Authorization"] = Self.basic(line.username, line.password)
        }
        let websocket = WebSocketConfiguration(
            url: url, headers: headers, caFile: configuration.caFile,
            // Room above the frame limit, so an oversized frame is read and skipped by the decoder
            // (counted) instead of closing the connection.
            maximumMessageBytes: max(configuration.maximumFrameBytes * 2, 4 << 20),
            connectTimeoutSeconds: configuration.connectTimeoutSeconds,
            pingIntervalSeconds: configuration.pingIntervalSeconds, pongTimeoutSeconds: configuration.pongTimeoutSeconds,
            threadName: "sb-telnect"
        )
        do {
            let connection = try await WebSocketConnection.connect(websocket, logger: logger)
            memory.lineFailures = 0
            return connection
        } catch {
            // The line may have been revoked; but a stream server that is down must not make
            // every retry create a new line, so only repeated refusals replace it.
            memory.lineFailures += 1
            if configuration.websocketURL == nil, memory.lineFailures >= Self.failuresBeforeNewLine {
                memory.line = nil
                memory.lineFailures = 0
            }
            throw TelnectError(.streamFailed, error.description)
        }
    }

    /// HTTP Basic credentials. The document does not say how the stream authenticates; Basic
    /// with the line's `username`/`password` is the assumption docs/connectors.md states.
    private static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    private func read(_ connection: WebSocketConnection, memory: inout StreamMemory, output: CallEventSourceOutput) async throws {
        for await message in connection.messages {
            let receivedAt = now()
            switch decoder.decode(message.bytes, receivedAt: Timestamp(receivedAt)) {
            case .skipped(let reason, let detail):
                output.skipped(reason, detail)
            case .events(let events):
                memory.lastEventAt = receivedAt
                let fresh = events.filter { memory.deduplicator.admitStreamed($0) }
                await output.emit(fresh)
            }
        }
        if Task.isCancelled { await connection.close(code: 1001, reason: "shutting down") }
    }

    /// Reads the history since the gap began and emits what was not emitted yet, oldest first.
    private func fillGap(memory: inout StreamMemory, output: CallEventSourceOutput) async {
        guard let gapStart = [memory.lastEventAt, memory.unfilledSince].compactMap({ $0 }).min() else { return }
        let since = gapStart.addingTimeInterval(-configuration.gapFillOverlapSeconds)
        var candidates: [CallEvent] = []
        var offset = 0
        var complete = false
        do {
            for _ in 0..<configuration.historyMaximumPages {
                let page = try await client.history(startDate: since, limit: configuration.historyPageSize, offset: offset)
                let context = NormalizationContext(source: configuration.eventSource, receivedAt: Timestamp(now()))
                for record in page.calls {
                    switch decoder.decode(json: record, context: context) {
                    case .skipped(let reason, let detail):
                        output.skipped("history_" + reason, detail)
                    case .events(let events):
                        // A call that was over before the gap began was seen (or predates this process).
                        candidates += events.filter { event in (event.data.endedAt?.date).map { $0 >= since } ?? true }
                    }
                }
                offset += page.calls.count
                if page.calls.isEmpty || page.calls.count < configuration.historyPageSize || (page.total.map { offset >= $0 } ?? false) {
                    complete = true
                    break
                }
            }
        } catch {
            memory.unfilledSince = gapStart
            output.skipped("gap_fill_failed", configuration.redacting("\(error)"))
            return
        }
        memory.unfilledSince = nil
        if !complete {
            // More history than historyMaximumPages: what was read is used, the rest is reported.
            output.skipped("gap_fill_truncated", "stopped after \(configuration.historyMaximumPages) pages (\(offset) records)")
        }
        candidates.sort { ($0.time ?? Timestamp(millisecondsSince1970: 0)) < ($1.time ?? Timestamp(millisecondsSince1970: 0)) }
        let fresh = candidates.filter { memory.deduplicator.admitFilled($0) }
        logger.info("gap filled from call history", metadata: [
            "since": "\(Timestamp(since).rfc3339)", "records": "\(candidates.count)", "emitted": "\(fresh.count)",
        ])
        await output.emit(fresh)
    }
}
