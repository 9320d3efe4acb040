/// Catches misspelt configuration: every `ZKFAAS_*` variable in the environment must be one the executable reads.
public enum ConfigurationCheck {
    /// Variables every executable reads (``ServiceOptions``), the `zkfaas` CLI's (a shell often has them set for
    /// all programs), and what the test tools set.
    public static let commonVariables = [
        "ZKFAAS_HOST", "ZKFAAS_PORT", "ZKFAAS_DATA_DIR", "ZKFAAS_LOG_LEVEL", "ZKFAAS_MAX_FRAME_BYTES",
        "ZKFAAS_DRAIN_SECONDS", "ZKFAAS_MAX_CONNECTIONS", "ZKFAAS_IDLE_TIMEOUT_SECONDS", "ZKFAAS_METRICS_PORT", "ZKFAAS_ROUTER", "ZKFAAS_REGISTRY", "ZKFAAS_STORAGE", "ZKFAAS_API_KEY",
        "ZKFAAS_PYTHON", "ZKFAAS_BIN_DIR", "ZKFAAS_REPO_ROOT",
    ]

    /// The `ZKFAAS_*` variables in the environment that the executable does not read.
    public static func unknownVariables(
        known: [String],
        environment: EnvironmentResolver = EnvironmentResolver()
    ) -> [String] {
        let allowed = Set(commonVariables + known)
        return environment.names.filter { $0.hasPrefix("ZKFAAS_") && !allowed.contains($0) }
    }

    /// - Throws: ``ConfigurationError`` naming the first unknown `ZKFAAS_*` variable.
    public static func rejectUnknownVariables(
        known: [String],
        environment: EnvironmentResolver = EnvironmentResolver()
    ) throws(ConfigurationError) {
        if let name = unknownVariables(known: known, environment: environment).first {
            throw ConfigurationError(setting: name, message: "unknown ZKFAAS_* variable (misspelt?)")
        }
    }
}
