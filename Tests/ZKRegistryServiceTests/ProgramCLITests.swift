import Foundation
import Testing
import ZKCrypto
import ZKProto
import ZKRegistryService
import ZKTestSupport

/// Runs the real `zkfaas` executable against an in-process registry and fake storage.
@Suite("zkfaas keys and zkfaas program")
struct ProgramCLITests {
    private static func requireBinary() throws {
        let binary = TestEnvironment.binary("zkfaas")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build zkfaas or set ZKFAAS_BIN_DIR (looked at \(binary.path))"
        )
    }

    private struct Registered: Decodable {
        var program_hash: String
        var elf_hash: String
        var ipfs_cid: String
        var author: String
        var timestamp: UInt64
    }

    @Test(
        "keys new writes a 0600 key whose address eth-account agrees with, and refuses to overwrite")
    func keys() throws {
        try Self.requireBinary()
        let directory = try TestEnvironment.temporaryDirectory("cli-keys")
        let keyFile = directory.appendingPathComponent("author.key").path
        let created = try CommandRunner.run("zkfaas", ["keys", "new", "-o", keyFile])
        #expect(created.status == 0, "\(created.stderr)")
        let text = try String(contentsOfFile: keyFile, encoding: .utf8)
        #expect(text.hasPrefix("0x") && text.hasSuffix("\n") && text.count == 67)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let oracle = try CommandRunner.python(
            "import sys; from eth_account import Account; "
                + "print(Account.from_key(open(sys.argv[1]).read().strip()).address)",
            arguments: [keyFile]
        )
        #expect(oracle.status == 0, "\(oracle.stderr)")
        let expected = oracle.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(created.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
        let address = try CommandRunner.run("zkfaas", ["keys", "address", keyFile])
        #expect(address.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
        let again = try CommandRunner.run("zkfaas", ["keys", "new", "-o", keyFile])
        #expect(again.status != 0)
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) == text)
        let forced = try CommandRunner.run("zkfaas", ["keys", "new", "-o", keyFile, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) != text)
    }

    @Test("program register uploads, signs and registers; show and list return it")
    func registerShowList() async throws {
        try Self.requireBinary()
        try await RegistryHarness.with(storageCheck: true) { registry in
            let directory = try TestEnvironment.temporaryDirectory("cli-program")
            let keyFile = directory.appendingPathComponent("author.key").path
            let address = try CommandRunner.run("zkfaas", ["keys", "new", "-o", keyFile]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let elf = directory.appendingPathComponent("guest.elf")
            let elfBytes =
                [0x7f, 0x45, 0x4c, 0x46] + (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try Data(elfBytes).write(to: elf)
            let endpoints = [
                "--registry", registry.registryAddress, "--storage", registry.storageAddress,
            ]
            let register = try CommandRunner.run(
                "zkfaas",
                [
                    "program", "register", elf.path, "--zkvm", "sp1", "--zkvm-version", "v5.2.4",
                    "--description",
                    "fibonacci", "--key", keyFile, "--json",
                ] + endpoints
            )
            #expect(register.status == 0, "\(register.stderr)")
            let registered = try JSONDecoder().decode(Registered.self, from: Data(register.stdout.utf8))
            let elfHash = Hex.encode(SHA256.hash(elfBytes), prefix: true)
            #expect(registered.elf_hash == elfHash)
            #expect(registered.program_hash == elfHash)
            #expect(registered.author == address)
            #expect(registered.timestamp == RegistryHarness.timestamp)
            let stored = try await registry.get(SHA256.hash(elfBytes))
            #expect(stored.description == "fibonacci")
            #expect(stored.ipfsCid == registered.ipfs_cid)

            let show = try CommandRunner.run(
                "zkfaas", ["program", "show", registered.program_hash, "--json"] + endpoints)
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains("\"author\":\"\(address)\""))
            let list = try CommandRunner.run(
                "zkfaas", ["program", "list", "--author", address] + endpoints)
            #expect(list.stdout.hasPrefix(registered.program_hash))

            // A description is the author's text: control and format characters reach the terminal escaped.
            let hostileElf = directory.appendingPathComponent("hostile.elf")
            try Data(elfBytes + [1]).write(to: hostileElf)
            let hostile = "\u{1b}[2Jfake\r\nline\u{202e}txt.exe 日本"
            let registeredHostile = try CommandRunner.run(
                "zkfaas",
                ["program", "register", hostileElf.path, "--zkvm", "sp1", "--description", hostile, "--key", keyFile, "--json"]
                    + endpoints
            )
            #expect(registeredHostile.status == 0, "\(registeredHostile.stderr)")
            let hostileHash = Hex.encode(SHA256.hash(elfBytes + [1]), prefix: true)
            for arguments in [["program", "show", hostileHash], ["program", "list", "--author", address]] {
                let text = try CommandRunner.run("zkfaas", arguments + endpoints)
                #expect(text.status == 0, "\(text.stderr)")
                #expect(!text.stdout.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\r" || $0 == "\u{202e}" })
                #expect(text.stdout.contains("\\u{1b}[2Jfake\\u{d}\\u{a}line\\u{202e}txt.exe 日本"), "\(text.stdout)")
            }

            // Registering the same ELF again is refused and exits non-zero.
            let again = try CommandRunner.run(
                "zkfaas",
                [
                    "program", "register", elf.path, "--zkvm", "risc0", "--description", "x", "--key",
                    keyFile,
                ]
                    + endpoints
            )
            #expect(again.status != 0)
            #expect(again.stderr.contains("ALREADY_EXISTS"))
        }
    }
}
