import ArgumentParser

/// `zkfaas keys`: secp256k1 signing keys of program authors.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and inspect secp256k1 author keys (Ethereum-compatible).",
        subcommands: [KeysNewCommand.self, KeysAddressCommand.self]
    )
}
