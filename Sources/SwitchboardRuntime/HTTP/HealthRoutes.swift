import Foundation
import Hummingbird
import SwitchboardEvents

/// `/healthz` (the process is alive) and `/readyz` (every registered component is connected).
///
/// Both answer JSON so probes and people read the same thing; `/readyz` answers 503 while any
/// component is not ready, which is what Kubernetes readiness probes expect.
public struct HealthRoutes: Sendable {
    public let readiness: ReadinessRegistry

    public init(readiness: ReadinessRegistry) {
        self.readiness = readiness
    }

    public func register(on router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in
            Self.json(.ok, ["status": "alive", "version": .string(SwitchboardVersion.current)])
        }
        router.get("/readyz") { _, _ in
            let components = readiness.components
            let ready = components.allSatisfy(\.ready)
            let body: JSONValue = [
                "status": ready ? "ready" : "not ready",
                "components": .object(JSONObject(members: components.map {
                    JSONObject.Member(key: $0.name, value: ["ready": .bool($0.ready), "detail": .string($0.detail)])
                })),
            ]
            return Self.json(ready ? .ok : .serviceUnavailable, body)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(data: body.jsonData()))
        )
    }
}
