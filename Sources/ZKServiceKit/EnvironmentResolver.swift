#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves a setting as flag → environment variable → default, the order every ZK-FaaS executable uses.
public struct EnvironmentResolver: Sendable {
    private let environment: [String: String]

    /// Reads the process environment.
    public init() {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        self.environment = environment
    }

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Every variable name, sorted.
    public var names: [String] { environment.keys.sorted() }

    /// The raw environment value of `name`, if set and not empty.
    public subscript(name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// `flag` if given, else the parsed variable `name`, else `fallback`.
    ///
    /// - Throws: ``ConfigurationError`` when the variable is set but does not parse.
    public func resolve<T>(
        _ flag: T?,
        _ name: String,
        default fallback: T,
        parse: (String) -> T?
    ) throws(ConfigurationError) -> T {
        if let flag { return flag }
        if let raw = self[name] {
            guard let value = parse(raw) else {
                throw ConfigurationError(setting: name, message: "cannot parse '\(raw)'")
            }
            return value
        }
        return fallback
    }

    public func resolve(_ flag: String?, _ name: String, default fallback: String) -> String {
        flag ?? self[name] ?? fallback
    }

    public func resolve(_ flag: String?, _ name: String) -> String? {
        flag ?? self[name]
    }

    public func resolve(_ flag: Int?, _ name: String, default fallback: Int) throws(ConfigurationError) -> Int {
        try resolve(flag, name, default: fallback) { Int($0) }
    }

    public func resolve(_ flag: Bool?, _ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        try resolve(flag, name, default: fallback) { raw in
            switch raw.lowercased() {
            case "1", "true", "yes", "on": true
            case "0", "false", "no", "off": false
            default: nil
            }
        }
    }
}
