import Logging
import SwitchboardEvents
import SwitchboardSignalR
import Synchronization

/// The live connection to one Thello tenant's SignalR hub.
///
/// `start` authenticates, finds the hub, connects and subscribes every configured bloc; after every
/// reconnect the blocs are subscribed again *before* the connector reports itself connected
/// (SignalR group membership does not survive a reconnect). Each `BlocEvent` is handed to the
/// `onBlocEvent` handler in arrival order; the actions (`setVariable`, `getVariable`, `blocNotify`)
/// go out on this same hub connection, i.e. to the tenant the event came from.
public final class ThelloConnector: Sendable {
    /// The tenant's configuration.
    public let configuration: ThelloConfiguration
    private let logger: Logger
    private let management: ThelloManagementClient
    private let client = Mutex<SignalRClient?>(nil)
    private let subscribed = Mutex(false)
    private let handler = Mutex<AsyncCallback<ThelloBlocEvent>?>(nil)
    private let malformed = Mutex(0)

    /// Creates a connector; nothing happens until `start`.
    public init(configuration: ThelloConfiguration, logger: Logger = Logger(label: "switchboard.thello")) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "tenant"] = "\(configuration.name)"
        self.logger = logger
        self.management = ThelloManagementClient(configuration: configuration)
    }

    /// Sets the handler for bloc events (called one at a time, in order; a slow handler slows reading).
    public func onBlocEvent(_ handler: @escaping @Sendable (ThelloBlocEvent) async -> Void) {
        self.handler.withLock { $0 = AsyncCallback(handler) }
    }

    /// Hands one event to the handler (the hub client's handler task calls this for every `BlocEvent`).
    func dispatch(_ event: ThelloBlocEvent) async {
        await handler.withLock { $0 }?(event)
    }

    /// `true` once connected and every bloc is subscribed on the current connection.
    public var isConnected: Bool {
        subscribed.withLock { $0 } && client.withLock { $0 }?.state == .connected
    }

    /// Counters of the hub connection, plus `BlocEvent`s that could not be read.
    public var statistics: (hub: SignalRStatistics, malformedEvents: Int) {
        (client.withLock { $0 }?.statistics ?? SignalRStatistics(), malformed.withLock { $0 })
    }

    /// Authenticates, discovers the hub URL (unless configured), connects and subscribes the blocs.
    public func start() async throws(ThelloError) {
        try configuration.validate()
        let hubURL: String
        if let explicit = configuration.hubURL {
            hubURL = explicit
        } else {
            hubURL = try await management.discoverHubURL()
        }
        var hub = SignalRConfiguration(hubURL: hubURL)
        if let apiKey = configuration.apiKey { hub.headers = ["X-API-KEY": apiKey] }
        hub.keepAliveIntervalSeconds = configuration.keepAliveIntervalSeconds
        hub.serverTimeoutSeconds = configuration.serverTimeoutSeconds
        hub.reconnect = configuration.reconnect
        hub.caFile = configuration.caFile
        let management = self.management
        let client = SignalRClient(configuration: hub, accessTokenProvider: { refresh in
            try await management.bearerToken(refresh: refresh)
        }, logger: logger)
        let tenant = configuration.name
        client.on("BlocEvent") { [weak self] arguments in
            guard let self else { return nil }
            do {
                let event = try ThelloBlocEvent(tenant: tenant, arguments: arguments)
                await self.dispatch(event)
            } catch {
                self.malformed.withLock { $0 += 1 }
                self.logger.warning("dropped a malformed BlocEvent", metadata: ["error": "\(error)"])
            }
            return nil
        }
        client.onReconnected { [weak self, weak client] in
            guard let self, let client else { return }
            self.subscribed.withLock { $0 = false }
            try await self.subscribeAll(on: client)
            self.subscribed.withLock { $0 = true }
            self.logger.info("re-subscribed after reconnect", metadata: ["blocs": "\(self.configuration.blocs.count)"])
        }
        self.client.withLock { $0 = client }
        do {
            try await client.start()
        } catch {
            throw ThelloError(.hubFailed, error.description)
        }
        try await subscribeAll(on: client)
        subscribed.withLock { $0 = true }
        logger.info("Thello hub connected", metadata: ["blocs": "\(configuration.blocs.count)"])
    }

    private func subscribeAll(on client: SignalRClient) async throws(ThelloError) {
        for bloc in configuration.blocs {
            do {
                _ = try await client.invoke("SubscribeBlocNotifications", arguments: [.string(bloc)])
            } catch {
                throw ThelloError(.actionFailed, "SubscribeBlocNotifications(\(bloc)) failed: \(error.description)")
            }
        }
    }

    /// `SetVariable(callContextId, name, value)`. Without `confirm` it is sent fire-and-forget (the
    /// steering fast path); with it, the hub's Completion is awaited.
    public func setVariable(callContextId: String, name: String, value: JSONValue, confirm: Bool = false) async throws(ThelloError) {
        let arguments: [JSONValue] = [.string(callContextId), .string(name), value]
        try await call("SetVariable", arguments, confirm: confirm)
    }

    /// `GetVariable(callContextId, name)`: the latest value in the call's stack, e.g. to enrich an event before routing.
    public func getVariable(callContextId: String, name: String) async throws(ThelloError) -> JSONValue? {
        let client = try connectedClient()
        do {
            return try await client.invoke("GetVariable", arguments: [.string(callContextId), .string(name)])
        } catch {
            throw ThelloError(.actionFailed, "GetVariable failed: \(error.description)")
        }
    }

    /// `BlocNotify(...)`: simulates a bloc notification (testing an integration end to end).
    public func blocNotify(blocId: String, eventName: String, sipCallId: String, fromName: String, fromNumber: String, to: String, data: String, contextId: String) async throws(ThelloError) {
        let arguments: [JSONValue] = [blocId, eventName, sipCallId, fromName, fromNumber, to, data, contextId].map { .string($0) }
        try await call("BlocNotify", arguments, confirm: true)
    }

    private func call(_ method: String, _ arguments: [JSONValue], confirm: Bool) async throws(ThelloError) {
        let client = try connectedClient()
        do {
            if confirm {
                _ = try await client.invoke(method, arguments: arguments)
            } else {
                try client.send(method, arguments: arguments)
            }
        } catch {
            throw ThelloError(.actionFailed, "\(method) failed: \(error.description)")
        }
    }

    private func connectedClient() throws(ThelloError) -> SignalRClient {
        guard let client = client.withLock({ $0 }) else {
            throw ThelloError(.hubFailed, "the connector is not started")
        }
        return client
    }

    /// Waits until the hub connection has stopped for good; throws why when it was not `stop()`
    /// (the hub sent Close without reconnect, or reconnect attempts ran out).
    public func waitUntilStopped() async throws(ThelloError) {
        guard let client = client.withLock({ $0 }) else { return }
        do {
            try await client.waitUntilStopped()
        } catch {
            throw ThelloError(.hubFailed, error.description)
        }
    }

    /// Closes the hub connection and stops reconnecting.
    public func stop() async {
        subscribed.withLock { $0 = false }
        await client.withLock { $0 }?.stop()
    }
}
