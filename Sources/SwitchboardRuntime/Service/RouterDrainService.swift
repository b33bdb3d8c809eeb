import ServiceLifecycle

/// Waits for graceful shutdown, then lets queued platform actions finish. It sits after the
/// HTTP server and before the Kafka producer in the service group, so shutdown stops intake
/// first, then drains actions (whose dead-letter reports still reach Kafka), then flushes Kafka.
public struct RouterDrainService: Service {
    public let router: EventRouter

    public init(router: EventRouter) {
        self.router = router
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await router.drain()
    }
}
