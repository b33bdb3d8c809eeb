import ArgumentParser
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// `switchboard-bench webhook-baseline`: a bare Hummingbird server whose only route answers
/// `204 No Content`, the baseline of the webhook ingest benchmark (`scripts/bench-webhook.sh`).
///
/// It shares Hummingbird, SwiftNIO and the build settings with `switchboard serve`, so the ratio
/// of the two isolates what Switchboard's own work costs: authentication, CloudEvents decoding,
/// normalization, deduplication, rule matching and the wait for the Kafka delivery report.
struct WebhookBaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook-baseline",
        abstract: "Serve a bare Hummingbird handler answering 204 (baseline of scripts/bench-webhook.sh)."
    )

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8081

    @Option(help: "Path of the POST route; other paths answer 404.")
    var path: String = "/webhooks/clicktodial"

    @Flag(help: "Run Swift concurrency's tasks on the event loops, as `switchboard serve` does with http.tasksOnEventLoops.")
    var tasksOnEventLoops = false

    @Flag(help: "Serve the POST route in the channel pipeline on the event loop (no Swift task per request); reads the body.")
    var eventLoopHandler = false

    @Flag(help: "Read the whole request body before answering, as every webhook handler must.")
    var readBody = false

    @Option(
        help: """
            Suspend each request until a separate thread resumes it, after this many milliseconds \
            (0: no suspension). Models the wait for a Kafka delivery report (linger.ms), without Kafka.
            """
    )
    var resumeAfterMilliseconds: Int = 0

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1-65535, got \(port)") }
        guard path.hasPrefix("/") else { throw ValidationError("--path must start with /, got \(path)") }
        guard (0...1_000).contains(resumeAfterMilliseconds) else {
            throw ValidationError("--resume-after-milliseconds must be 0-1000, got \(resumeAfterMilliseconds)")
        }
    }

    func run() async throws {
        if tasksOnEventLoops, !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
            throw ValidationError("--tasks-on-event-loops is not supported on this platform")
        }
        var logger = Logger(label: "switchboard-bench.webhook-baseline")
        // Per-request logging would make the baseline measure the logger.
        logger.logLevel = .warning
        let router = Router()
        // Without flags the body is not read on purpose: this is the floor a handler cannot go
        // below. The flags add the two things every Switchboard webhook request must do besides
        // its own work, so their cost can be told apart from the pipeline's.
        let readBody = readBody
        let resumer = resumeAfterMilliseconds > 0 ? ForeignThreadResumer(delayMilliseconds: resumeAfterMilliseconds) : nil
        router.post(RouterPath(path)) { request, _ in
            if readBody {
                var request = request
                _ = try await request.collectBody(upTo: 1 << 20)
            }
            if let resumer {
                await resumer.suspendUntilResumed()
            }
            return Response(status: .noContent)
        }
        let application = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: eventLoopHandler ? [EventLoopBaselineHandler(path: path, resumer: resumer)] : [])),
            configuration: .init(address: .hostname(host, port: port), serverName: "webhook-baseline"),
            logger: logger
        )
        print("webhook-baseline listening on http://\(host):\(port)\(path)")
        try await application.runService()
    }
}
