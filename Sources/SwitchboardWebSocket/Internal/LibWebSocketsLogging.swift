import CSwitchboardShim
import Logging

/// Routes libwebsockets' own log lines to swift-log under the label `switchboard.libwebsockets`.
///
/// libwebsockets has one process-wide log sink, so this is installed once, before the first context.
public enum LibWebSocketsLogging {
    static let logger = Logger(label: "switchboard.libwebsockets")

    private static let installed: Void = csb_lws_set_log(
        csb_lws_log_level_err() | csb_lws_log_level_warn(),
        lwsEmit
    )

    /// Installs the bridge with errors and warnings enabled (idempotent).
    public static func install() { _ = installed }

    /// Changes which libwebsockets levels are forwarded (e.g. add notices while debugging a handshake).
    public static func setLevels(errors: Bool = true, warnings: Bool = true, notices: Bool = false, info: Bool = false) {
        install()
        var levels: Int32 = 0
        if errors { levels |= csb_lws_log_level_err() }
        if warnings { levels |= csb_lws_log_level_warn() }
        if notices { levels |= csb_lws_log_level_notice() }
        if info { levels |= csb_lws_log_level_info() }
        csb_lws_set_log(levels, lwsEmit)
    }
}

private func lwsEmit(level: Int32, line: UnsafePointer<CChar>?) {
    guard let line else { return }
    var text = String(cString: line)
    while text.last == "\n" || text.last == "\r" { text.removeLast() }
    let swiftLevel: Logger.Level =
        if level & csb_lws_log_level_err() != 0 { .error }
        else if level & csb_lws_log_level_warn() != 0 { .warning }
        else if level & csb_lws_log_level_notice() != 0 { .notice }
        else { .debug }
    LibWebSocketsLogging.logger.log(level: swiftLevel, "\(text)")
}
