import SwitchboardEvents

/// A leaf value as exact matching sees it: numbers by numeric value, so `5` and `5.0` are equal,
/// while a string never equals a number.
enum ExactKey: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// Arrays and objects are not leaves; they never equal anything.
    case none

    init(_ value: JSONValue) {
        switch value {
        case .string(let string): self = .string(string)
        case .integer(let integer): self = .number(Double(integer))
        case .double(let double): self = .number(double)
        case .bool(let bool): self = .bool(bool)
        case .null: self = .null
        case .array, .object: self = .none
        }
    }
}
