import Logging
import SwitchboardConnectors
import SwitchboardRules

extension ServeAssembly {
    /// One signal source per AntBuddy account that has a `signalsURL`, and one executor for
    /// `antbuddy.clickToCall` over all accounts.
    static func antbuddySources(
        _ accounts: [AntBuddyConfiguration],
        executors: inout [any ActionExecutor],
        logger: Logger
    ) throws(StartupError) -> [any CallEventSource] {
        var clients: [AntBuddyClient] = []
        for account in accounts {
            do {
                clients.append(try AntBuddyClient(configuration: account, logger: logger))
            } catch {
                throw StartupError(component: "sources.antbuddy.\(account.name)", message: error.description)
            }
        }
        guard !clients.isEmpty else { return [] }
        executors.append(AntBuddyActionExecutor(clients: clients, logger: logger))
        return clients.filter { $0.configuration.signalsURL != nil }.map { AntBuddySignalSource(client: $0, logger: logger) }
    }
}
