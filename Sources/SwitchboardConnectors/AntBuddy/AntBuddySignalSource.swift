import Foundation
import Logging
import SwitchboardEvents
import SwitchboardNormalizers
import SwitchboardWebSocket

/// The live call signals of one PBX account, as a `CallEventSource`.
///
/// Connects with a token of `POST /oapi/v1/voice/auth_token` (cached, renewed before it expires)
/// on `signalsURL?<tokenQueryParameter>=<token>`, normalizes every frame (a frame that cannot be
/// read is skipped with a counted reason), and reconnects with exponential backoff and jitter
/// when the stream ends. After every reconnect it reads call history from shortly before the
/// connection was lost until now and emits what the live stream missed: a record is dropped
/// when its event id was already emitted or its call already ended on the live stream.
public final class AntBuddySignalSource: CallEventSource {
    public let client: AntBuddyClient
    public let tokens: AntBuddyTokenProvider
    private let history: AntBuddyHistoryReader
    private let seen: AntBuddySeenEvents
    private let logger: Logger
    private let normalizer = AntBuddyNormalizer()

    public init(client: AntBuddyClient, logger: Logger = Logger(label: "switchboard.antbuddy")) {
        self.client = client
        tokens = AntBuddyTokenProvider(client: client)
        history = AntBuddyHistoryReader(client: client, logger: logger)
        seen = AntBuddySeenEvents(capacity: client.configuration.maximumRememberedEvents)
        var logger = logger
        logger[metadataKey: "source"] = .string("antbuddy:\(client.configuration.name)")
        self.logger = logger
    }

    public var componentName: String { "antbuddy:\(client.configuration.name)" }

    private var configuration: AntBuddyConfiguration { client.configuration }

    public func run(output: CallEventSourceOutput) async throws {
        guard let signalsURL = configuration.signalsURL else {
            throw AntBuddyError(.invalidConfiguration, "signalsURL is not set, so there is no signal stream to run")
        }
        var delay = configuration.reconnectInitialDelaySeconds
        // When the previous connection was last known good: history is read from there.
        var gapSince: Date?
        output.state(.connecting)
        while !Task.isCancelled {
            let connection: WebSocketConnection
            do {
                let token = try await tokens.token()
                connection = try await WebSocketConnection.connect(webSocketConfiguration(url: signalsURL, token: token), logger: logger)
            } catch {
                if Task.isCancelled { return }
                output.state(.disconnected(reason: Self.reason(error)))
                if case let failure as WebSocketError = error, failure.code == .connectFailed {
                    // A refused upgrade may be a token the PBX no longer accepts: fetch a new one next time.
                    await tokens.invalidate()
                }
                try? await Task.sleep(for: jittered(delay))
                delay = min(delay * 2, configuration.reconnectMaximumDelaySeconds)
                continue
            }
            output.state(.connected(detail: "signals \(AntBuddyConfiguration.withoutQuery(signalsURL))"))
            let connectedAt = ContinuousClock.now
            if let since = gapSince {
                // Gap filling runs before the buffered live frames are read, so history and live
                // events of one call reach the router in the order they happened.
                if await fillGap(since: since, output: output) { gapSince = nil }
            }
            await withTaskCancellationHandler {
                for await message in connection.messages {
                    await deliver(message, output: output)
                }
            } onCancel: {
                Task { await connection.close(code: WebSocketCloseInfo.goingAway) }
            }
            let closed = await connection.closed()
            if Task.isCancelled { return }
            gapSince = gapSince ?? client.currentDate
            output.state(.disconnected(reason: "signal stream closed: \(closed)"))
            // Only a connection that held for a while resets the backoff: a PBX that accepts and
            // drops at once is not hammered at the initial delay.
            if ContinuousClock.now - connectedAt >= .seconds(configuration.reconnectMaximumDelaySeconds) {
                delay = configuration.reconnectInitialDelaySeconds
            }
            try? await Task.sleep(for: jittered(delay))
            delay = min(delay * 2, configuration.reconnectMaximumDelaySeconds)
        }
    }

    /// Normalizes one frame and emits its events; anything unreadable is skipped with its reason.
    private func deliver(_ message: WebSocketMessage, output: CallEventSourceOutput) async {
        let context = NormalizationContext(source: configuration.eventSource, receivedAt: Timestamp(client.currentDate))
        let events: [CallEvent]
        do throws(NormalizationError) {
            events = try normalizer.normalize(message.bytes, context: context)
        } catch {
            output.skipped("signal-\(error.code)", "\(error) (\(message.bytes.count) bytes)")
            return
        }
        let fresh = seen.admitLive(events)
        if !fresh.isEmpty { await output.emit(fresh) }
    }

    /// Reads history from `since − gapFillLookbackSeconds` until now and emits what is new.
    /// Returns `false` when history could not be read (the gap is tried again after the next reconnect).
    private func fillGap(since: Date, output: CallEventSourceOutput) async -> Bool {
        let from = since.addingTimeInterval(-configuration.gapFillLookbackSeconds)
        let to = client.currentDate.addingTimeInterval(1)
        do {
            let counts = try await history.read(from: from, to: to, skipped: output.skipped) { events in
                let fresh = seen.admitHistory(events)
                if !fresh.isEmpty { await output.emit(fresh) }
            }
            logger.info("gap filled from call history", metadata: [
                "from": .string("\(from)"), "records": .stringConvertible(counts.records), "events": .stringConvertible(counts.events),
            ])
            return true
        } catch {
            output.skipped("gap-fill-failed", "history \(from)…\(to) not read: \(error)")
            return false
        }
    }

    private func webSocketConfiguration(url: String, token: AntBuddyToken) -> WebSocketConfiguration {
        var headers: [String: String] = [:]
        for header in client.signer.headers { headers[header.name] = header.value }
        return WebSocketConfiguration(
            url: url, headers: headers, queryParameters: [configuration.tokenQueryParameter: token.value], caFile: configuration.caFile,
            connectTimeoutSeconds: configuration.requestTimeoutSeconds, pingIntervalSeconds: configuration.pingIntervalSeconds,
            threadName: "sb-antbuddy"
        )
    }

    /// `seconds` shortened at random by up to `reconnectJitter`, so sources restarted together
    /// do not reconnect in lockstep.
    private func jittered(_ seconds: Double) -> Duration {
        let factor = 1 - Double.random(in: 0...configuration.reconnectJitter)
        return .milliseconds(Int64(seconds * factor * 1000))
    }

    /// A reason for the status page. WebSocket failures become `AB_SIGNALS_FAILED`; neither kind
    /// of message carries the token (it is in the query, and URLs are printed without it).
    private static func reason(_ error: any Error) -> String {
        if let failure = error as? WebSocketError {
            return AntBuddyError(.signalsFailed, "the signal stream could not be opened: \(failure)").description
        }
        return "\(error)"
    }
}
