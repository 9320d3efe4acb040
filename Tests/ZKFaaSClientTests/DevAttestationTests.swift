import Foundation
import Testing
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKTestSupport

/// The DEV attestation message, rebuilt independently in Python from the documented layout, and its Ed25519
/// signature checked with pycryptodome.
@Suite("DevAttestation")
struct DevAttestationTests {
    /// Records covering empty fields, large ones, non-ASCII text, extreme cycle counts and every mode.
    static let records: [ProofRecord] = [
        ProofRecord(kind: DevAttestation.kind, mode: .dev),
        ProofRecord(
            kind: DevAttestation.kind,
            programHash: DeterministicBytes.make(count: 32, seed: 1),
            elfHash: DeterministicBytes.make(count: 32, seed: 2),
            zkvm: "sp1",
            zkvmVersion: "v5.0.0",
            backend: "local",
            mode: .dev,
            stdinDigest: DevAttestation.stdinDigest(publicInputs: [[10, 0, 0, 0]], privateInputs: []),
            publicValues: DeterministicBytes.make(count: 4096, seed: 3),
            cycles: 1_234_567,
            exitCode: 0,
            createdAtMs: 1_700_000_000_000
        ),
        ProofRecord(
            programHash: [0xFF],
            zkvm: "zkvm-é-✓",
            zkvmVersion: "",
            mode: .plonk,
            publicValues: [],
            cycles: .max
        ),
        ProofRecord(elfHash: [0, 0, 0], mode: ProofMode(rawValue: -1), cycles: 1 << 32),
    ]

    /// The record's fields as JSON for the oracle.
    static func json(_ record: ProofRecord) throws -> [UInt8] {
        let fields: [String: String] = [
            "program_hash": Hex.encode(record.programHash),
            "elf_hash": Hex.encode(record.elfHash),
            "stdin_digest": Hex.encode(record.stdinDigest),
            "public_values": Hex.encode(record.publicValues),
            "cycles": String(record.cycles),
            "mode": String(record.mode.rawValue),
            "zkvm": record.zkvm,
            "zkvm_version": record.zkvmVersion,
        ]
        return Array(try JSONSerialization.data(withJSONObject: fields))
    }

    /// Python that builds `message` from the layout in the documentation, from the record's JSON on stdin.
    static let messagePrelude = """
        import sys, json, struct
        from Crypto.Signature import eddsa
        r = json.loads(sys.stdin.buffer.read())
        def field(b):
            return struct.pack('>Q', len(b)) + b
        message = b'zkfaas.v1.dev-proof'
        for name in ['program_hash', 'elf_hash', 'stdin_digest', 'public_values']:
            message += field(bytes.fromhex(r[name]))
        message += struct.pack('>Q', int(r['cycles'])) + struct.pack('>i', int(r['mode']))
        message += field(r['zkvm'].encode('utf-8')) + field(r['zkvm_version'].encode('utf-8'))

        """

    /// Builds the message, and verifies `signature` (argv[2]) over it with `public_key` (argv[1]).
    static let oracle = messagePrelude + """
        key = eddsa.import_public_key(bytes.fromhex(sys.argv[1]))
        try:
            eddsa.new(key, 'rfc8032').verify(message, bytes.fromhex(sys.argv[2]))
            valid = 'valid'
        except ValueError:
            valid = 'invalid'
        print(message.hex(), valid)
        """

    @Test(
        "the message is the documented layout, and Python verifies the router-style signature over it",
        arguments: records.indices
    )
    func messageAndSignature(index: Int) throws {
        let record = Self.records[index]
        let key = try Ed25519.PrivateKey()
        let message = DevAttestation.message(for: record)
        let signature = try key.signature(for: message)
        let output = try PythonOracle.run(
            Self.oracle,
            arguments: [Hex.encode(key.publicKey.rawRepresentation), Hex.encode(signature)],
            stdin: try Self.json(record)
        ).split(separator: " ")
        #expect(output.first.map(String.init) == Hex.encode(message))
        #expect(output.last == "valid")

        // A signature over another record's message does not verify for this one.
        var other = record
        other.cycles &+= 1
        let wrong = try key.signature(for: DevAttestation.message(for: other))
        let refused = try PythonOracle.run(
            Self.oracle,
            arguments: [Hex.encode(key.publicKey.rawRepresentation), Hex.encode(wrong)],
            stdin: try Self.json(record)
        )
        #expect(refused.hasSuffix(" invalid"))
    }

    @Test("a signature made in Python over the documented layout verifies in Swift")
    func pythonSigns() throws {
        let record = Self.records[1]
        let seed = DeterministicBytes.make(count: 32, seed: 99)
        let output = try PythonOracle.run(
            Self.messagePrelude + """
                key = eddsa.import_private_key(bytes.fromhex(sys.argv[1]))
                print(eddsa.new(key, 'rfc8032').sign(message).hex())
                """,
            arguments: [Hex.encode(seed)],
            stdin: try Self.json(record)
        )
        let signature = try Hex.decode(output)
        let key = try Ed25519.PrivateKey(rawRepresentation: seed)
        #expect(key.publicKey.isValidSignature(signature, for: DevAttestation.message(for: record)))
        #expect(try key.signature(for: DevAttestation.message(for: record)) == signature)
    }

    /// Each signed field changed on its own.
    static let tamperings: [(String, @Sendable (inout ProofRecord) -> Void)] = [
        ("program_hash", { $0.programHash[0] ^= 1 }),
        ("elf_hash", { $0.elfHash.append(0) }),
        ("stdin_digest", { $0.stdinDigest[31] ^= 0x80 }),
        ("public_values", { $0.publicValues.removeLast() }),
        ("cycles", { $0.cycles += 1 }),
        ("mode", { $0.mode = .core }),
        ("zkvm", { $0.zkvm = "sp2" }),
        ("zkvm_version", { $0.zkvmVersion += " " }),
        // Bytes moved from one field to the next: the length prefixes keep the messages apart.
        ("boundary", { $0.programHash.append($0.elfHash.removeFirst()) }),
    ]

    @Test("changing any signed field changes the message, so the signature no longer verifies")
    func tampering() throws {
        let key = try Ed25519.PrivateKey()
        let record = Self.records[1]
        let signature = try key.signature(for: DevAttestation.message(for: record))
        #expect(key.publicKey.isValidSignature(signature, for: DevAttestation.message(for: record)))
        for (name, change) in Self.tamperings {
            var changed = record
            change(&changed)
            #expect(!key.publicKey.isValidSignature(signature, for: DevAttestation.message(for: changed)), "\(name)")
        }
        // Fields outside the message (the signature itself, the key, the backend, the time) do not change it.
        var unsigned = record
        unsigned.backend = "other"
        unsigned.createdAtMs += 1
        unsigned.exitCode = 3
        unsigned.attesterPublicKey = key.publicKey.rawRepresentation
        #expect(DevAttestation.message(for: unsigned) == DevAttestation.message(for: record))
    }
}
