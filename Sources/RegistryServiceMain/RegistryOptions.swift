import ArgumentParser
import ZKServiceKit

/// The registry's own options; each also reads an environment variable, and the flag wins.
struct RegistryOptions: ParsableArguments {
    /// ``RegistryOptions`` after flag → environment → default.
    struct Resolved {
        var storageAddress: String
        var storageKey: String?
        var skipStorageCheck: Bool
        var cacheEntries: Int
    }

    @Option(
        help: ArgumentHelp(
            "storage-cache-service HOST:PORT to check registrations against. [env: ZKFAAS_STORAGE] "
                + "(default: 127.0.0.1:7102)"
        )
    )
    var storage: String?

    @Option(
        help: ArgumentHelp(
            "A storage-cache-service write key, sent when registry-service pins a registered program (needed when "
                + "storage has --write-keys). [env: ZKFAAS_STORAGE_KEY] (default: none)"
        )
    )
    var storageKey: String?

    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Register without asking storage-cache-service for the program. "
                + "[env: ZKFAAS_REGISTRY_SKIP_STORAGE_CHECK] (default: false)"
        )
    )
    var skipStorageCheck: Bool?

    @Option(
        help: ArgumentHelp(
            "GetProgram responses kept in memory; 0 disables the cache. [env: ZKFAAS_REGISTRY_CACHE_ENTRIES] "
                + "(default: 100000)"
        )
    )
    var cacheEntries: Int?

    func resolve(environment: EnvironmentResolver = EnvironmentResolver()) throws(ConfigurationError)
        -> Resolved
    {
        let entries = try environment.resolve(
            cacheEntries, "ZKFAAS_REGISTRY_CACHE_ENTRIES", default: 100_000)
        guard (0...10_000_000).contains(entries) else {
            throw ConfigurationError(
                setting: "--cache-entries", message: "must be between 0 and 10000000")
        }
        let storageAddress = environment.resolve(storage, "ZKFAAS_STORAGE", default: "127.0.0.1:7102")
        guard let colon = storageAddress.lastIndex(of: ":"),
            let port = Int(storageAddress[storageAddress.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw ConfigurationError(
                setting: "--storage", message: "'\(storageAddress)' is not HOST:PORT")
        }
        return Resolved(
            storageAddress: storageAddress,
            storageKey: environment.resolve(storageKey, "ZKFAAS_STORAGE_KEY"),
            skipStorageCheck: try environment.resolve(
                skipStorageCheck, "ZKFAAS_REGISTRY_SKIP_STORAGE_CHECK", default: false),
            cacheEntries: entries
        )
    }
}
