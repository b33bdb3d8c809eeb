import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import SwitchboardRuntime

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the bridge: sources, router, actions, Kafka sink and the HTTP server, until SIGTERM."
    )

    @Option(name: .shortAndLong, help: "The YAML configuration file.")
    var config: String = "config/switchboard.yaml"

    func run() async throws {
        let configuration: SwitchboardConfiguration
        do {
            configuration = try ConfigurationLoader().load(file: config)
        } catch {
            FileHandle.standardError.write(Data("switchboard: invalid configuration\n\(error)\n".utf8))
            throw ExitCode(2)
        }
        // First, before anything starts a task: later tasks then run on the event loops.
        let tasksOnEventLoops = configuration.http.tasksOnEventLoops && EventLoopConcurrency.install()
        LoggingBootstrap.bootstrap(configuration.logging)
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        let logger = Logger(label: "switchboard")
        logger.info("starting", metadata: [
            "config": .string(config), "http": .string("\(configuration.http.host):\(configuration.http.port)"),
            "tasksOnEventLoops": .stringConvertible(tasksOnEventLoops),
            "allocator": .string(MemoryAllocator.summary),
        ])
        let server: SwitchboardServer
        do {
            server = try ServeAssembly.make(configuration: configuration, logger: logger, metrics: metrics)
        } catch {
            logger.critical("cannot start", metadata: ["error": .string(error.description)])
            throw ExitCode(2)
        }
        try await server.run { port in
            logger.info("HTTP server listening", metadata: ["port": .stringConvertible(port)])
        }
        logger.info("stopped")
    }
}
