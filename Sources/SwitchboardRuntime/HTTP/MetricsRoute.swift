import Hummingbird
import Prometheus

/// `GET /metrics`: every swift-metrics counter, gauge and timer in the Prometheus text format.
public struct MetricsRoute: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/metrics") { _, _ in
            var output: [UInt8] = []
            output.reserveCapacity(16_384)
            registry.emit(into: &output)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: output))
            )
        }
    }
}
