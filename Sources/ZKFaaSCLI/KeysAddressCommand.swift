import ArgumentParser
import ZKCrypto

/// `zkfaas keys address KEYFILE`: the EIP-55 address of a key file.
struct KeysAddressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "address",
        abstract: "Print the Ethereum address (EIP-55) of a key file."
    )

    @Argument(help: "Key file (0x + 64 hex digits).") var keyFile: String

    func run() async throws {
        print(try KeysFile.read(keyFile).ethereumAddress.checksummedHex)
    }
}
