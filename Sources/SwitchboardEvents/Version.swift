/// The version of Switchboard, printed by `switchboard version` and reported in metrics.
public enum SwitchboardVersion {
    public static let current = "0.1.0"
}
