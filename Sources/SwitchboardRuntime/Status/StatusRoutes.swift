import Hummingbird

/// `GET /` (the status page for people) and `GET /status.json` (what the page polls; also handy
/// for scripts). Read-only, and answers nothing that is not already on `/readyz` or `/metrics`
/// except recent event ids and action errors, which never carry credentials.
public struct StatusRoutes: Sendable {
    public let inputs: StatusInputs
    private let renderer = StatusPageRenderer()

    /// Routes that render `inputs`.
    public init(inputs: StatusInputs) {
        self.inputs = inputs
    }

    /// Adds `GET /` and `GET /status.json` to `router`.
    public func register(on router: Router<some RequestContext>) {
        router.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: renderer.render(inputs.document())))
            )
        }
        router.get("/status.json") { _, _ in
            var response = HealthRoutes.json(.ok, inputs.document())
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
