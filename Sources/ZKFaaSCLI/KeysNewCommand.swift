import ArgumentParser
import ZKCrypto

/// `zkfaas keys new -o KEYFILE`: a fresh random key, written as `0x<64 hex>\n` with mode 0600.
struct KeysNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a random secp256k1 key, save it (mode 0600) and print its Ethereum address."
    )

    @Option(name: [.short, .customLong("output")], help: "Key file to write.") var output: String
    @Flag(help: "Overwrite an existing key file.") var force = false
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let key = try Secp256k1.PrivateKey()
        try KeysFile.write(key, to: output, overwrite: force)
        let address = key.ethereumAddress.checksummedHex
        if json {
            print(JSONText.object(["address": .string(address), "key_file": .string(output)]))
        } else {
            print(address)
        }
    }
}
