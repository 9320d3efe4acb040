import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto

/// `zkfaas proof verify PROOF`.
struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Check proof records.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a proof record written by `zkfaas prove -o`.",
            discussion: """
                A DEV record is checked against the router's published Ed25519 key (from the router, or \
                --public-key). It proves only that this router executed the program on inputs with that digest \
                and saw these public values: it is not zero-knowledge and not succinct.
                """
        )
        @Argument(help: "The proof record file.") var path: String
        @Option(help: "The router's dev-proof public key (hex); default: ask the router.") var publicKey: String?
        @Flag var json = false
        @OptionGroup var endpoints: EndpointOptions

        func run() async throws {
            let record = try ProofRecord(serializedBytes: FileIO.read(path))
            guard record.mode == .dev, record.kind == DevAttestation.kind else {
                throw ValidationError("only DEV records can be verified here; this one is \(record.kind) / \(record.mode)")
            }
            let trusted: [UInt8]
            if let publicKey {
                trusted = try Hex.decode(publicKey)
            } else {
                trusted = try await endpoints.routerClient().closing { try await $0.listBackends() }
                    .devProofPublicKey
            }
            let keyMatches = trusted == record.attesterPublicKey
            var signatureValid = false
            if let key = try? Ed25519.PublicKey(rawRepresentation: record.attesterPublicKey) {
                signatureValid = key.isValidSignature(record.proof, for: DevAttestation.message(for: record))
            }
            let valid = keyMatches && signatureValid && !record.zeroKnowledge
            if json {
                print(
                    JSONText.object([
                        "valid": .bool(valid), "signature_valid": .bool(signatureValid),
                        "attester_matches": .bool(keyMatches), "kind": .string(record.kind),
                        "zero_knowledge": .bool(false), "succinct": .bool(false),
                        "program_hash": .string(Hex.encode(record.programHash)),
                        "public_values": .string(Hex.encode(record.publicValues)), "cycles": .uint(record.cycles),
                    ])
                )
            } else {
                print("signature:      \(signatureValid ? "valid" : "INVALID")")
                print("attester key:   \(keyMatches ? "matches the router's published key" : "DOES NOT MATCH the trusted key")")
                print("program:        \(Hex.encode(record.programHash))")
                print("public values:  \(Hex.encode(record.publicValues))")
                print("cycles:         \(record.cycles)")
                print("""
                    NOTE: this is a DEV record — an execution by the router, attested by its key. It is NOT a \
                    zero-knowledge proof and NOT succinct: trust it exactly as far as you trust that router.
                    """)
            }
            if !valid { throw ExitCode(1) }
        }
    }
}
