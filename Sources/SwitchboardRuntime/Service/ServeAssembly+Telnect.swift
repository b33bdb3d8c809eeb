import Logging
import SwitchboardConnectors
import SwitchboardRules

extension ServeAssembly {
    /// Telnect: one event stream per account; one executor for every account's actions.
    static func telnectSources(
        _ accounts: [TelnectConfiguration],
        executors: inout [any ActionExecutor],
        logger: Logger
    ) throws(StartupError) -> [any CallEventSource] {
        var clients: [TelnectClient] = []
        for account in accounts {
            do {
                clients.append(try TelnectClient(configuration: account, logger: logger))
            } catch {
                throw StartupError(component: "sources.telnect.\(account.name)", message: error.description)
            }
        }
        guard !clients.isEmpty else { return [] }
        executors.append(TelnectActionExecutor(clients: clients, logger: logger))
        return clients.map { TelnectEventSource(client: $0, logger: logger) }
    }
}
