import Logging
import SwitchboardConnectors

extension ServeAssembly {
    /// telecom.center: one CDR poller per account and collection, each with its checkpoint.
    static func telecomCenterSources(_ accounts: [TelecomCenterConfiguration], logger: Logger) throws(StartupError) -> [any CallEventSource] {
        var sources: [any CallEventSource] = []
        for account in accounts {
            do {
                let client = try TelecomCenterClient(configuration: account, logger: logger)
                sources += TelecomCenterCDRPoller.pollers(client: client, logger: logger)
            } catch {
                throw StartupError(component: "sources.telecomcenter.\(account.name)", message: error.description)
            }
        }
        return sources
    }
}
