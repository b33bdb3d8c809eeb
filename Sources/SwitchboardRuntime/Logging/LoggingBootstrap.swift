import Logging

extension LoggingConfiguration.Level {
    /// The swift-log level of this configured level.
    public var swiftLogLevel: Logger.Level {
        switch self {
        case .trace: return .trace
        case .debug: return .debug
        case .info: return .info
        case .notice: return .notice
        case .warning: return .warning
        case .error: return .error
        case .critical: return .critical
        }
    }
}

/// Sets up process-wide logging once, from the configuration.
public enum LoggingBootstrap {
    /// Text logs go to stderr in swift-log's stream format (`TextLogHandler`); `json` writes one
    /// JSON object per line.
    public static func bootstrap(_ configuration: LoggingConfiguration) {
        let level = configuration.level.swiftLogLevel
        switch configuration.format {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = TextLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
