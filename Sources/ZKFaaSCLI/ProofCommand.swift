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
            let signatureValid = DevAttestation.isValidSignature(record.proof, of: record, key: record.attesterPublicKey)
            let signed = DevAttestation.signedFields(formatVersion: record.formatVersion) ?? []
            let unsigned = DevAttestation.unsignedFields(formatVersion: record.formatVersion)
            // A format-2 signature covers the digest and the DEV flags, so they are checked against what they claim.
            let digestMatches = record.publicValuesDigest == SHA256.hash(record.publicValues)
            let consistent = !record.zeroKnowledge && !record.succinct && (record.formatVersion < 2 || digestMatches)
            let valid = keyMatches && signatureValid && consistent
            if json {
                print(
                    JSONText.object([
                        "valid": .bool(valid), "signature_valid": .bool(signatureValid),
                        "attester_matches": .bool(keyMatches), "kind": .string(record.kind),
                        "format_version": .uint(UInt64(record.formatVersion)),
                        "zero_knowledge": .bool(record.zeroKnowledge), "succinct": .bool(record.succinct),
                        "public_values_digest_matches": .bool(digestMatches),
                        "signed_fields": .array(signed.map { .string($0) }),
                        "unsigned_fields": .array(unsigned.map { .string($0) }),
                        "program_hash": .string(Hex.encode(record.programHash)),
                        "public_values": .string(Hex.encode(record.publicValues)), "cycles": .uint(record.cycles),
                    ])
                )
            } else {
                print("signature:      \(signatureValid ? "valid" : "INVALID") (format \(record.formatVersion))")
                print("attester key:   \(keyMatches ? "matches the router's published key" : "DOES NOT MATCH the trusted key")")
                print("signed fields:  \(signed.isEmpty ? "none (unknown format)" : signed.joined(separator: ", "))")
                if !unsigned.isEmpty {
                    print("NOT signed:     \(unsigned.joined(separator: ", ")) — anyone may have changed these")
                }
                if !consistent {
                    print("INCONSISTENT:   a DEV record must not claim zero-knowledge or succinctness, and its "
                        + "public_values_digest must be the SHA-256 of its public values")
                }
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
