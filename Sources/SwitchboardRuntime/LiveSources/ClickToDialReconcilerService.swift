import ServiceLifecycle
import SwitchboardConnectors

/// Runs the Click-to-Dial reconciler until graceful shutdown.
public struct ClickToDialReconcilerService: Service {
    public let reconciler: ClickToDialReconciler<ContinuousClock>

    public init(reconciler: ClickToDialReconciler<ContinuousClock>) {
        self.reconciler = reconciler
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await reconciler.run()
        }
    }
}
