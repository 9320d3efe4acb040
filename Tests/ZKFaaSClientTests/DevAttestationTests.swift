import Foundation
import Testing
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKTestSupport

/// The DEV attestation message, rebuilt independently in Python from the documented layouts (format 2, and the
/// legacy format 0/1), and its Ed25519 signature checked with pycryptodome.
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

    /// Format-2 records: every field set, extreme and empty values, non-ASCII text.
    static let recordsV2: [ProofRecord] = records.enumerated().map { index, legacy in
        var record = legacy
        record.formatVersion = 2
        record.backend = index == 2 ? "bäckend-✓" : record.backend
        record.zeroKnowledge = index == 3
        record.succinct = index == 2
        record.exitCode = [0, 1, -1, .min][index]
        record.publicValuesDigest = SHA256.hash(record.publicValues)
        record.createdAtMs = [0, 1_700_000_000_000, .max, 1][index]
        return record
    }

    /// The record's fields as JSON for the oracle.
    static func json(_ record: ProofRecord) throws -> [UInt8] {
        let fields: [String: String] = [
            "format_version": String(record.formatVersion),
            "kind": record.kind,
            "zero_knowledge": record.zeroKnowledge ? "1" : "0",
            "succinct": record.succinct ? "1" : "0",
            "backend": record.backend,
            "exit_code": String(record.exitCode),
            "public_values_digest": Hex.encode(record.publicValuesDigest),
            "created_at_ms": String(record.createdAtMs),
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
        def text(name):
            return field(r[name].encode('utf-8'))
        if int(r['format_version']) == 2:
            message = b'zkfaas.v2.dev-proof' + struct.pack('>I', 2) + text('kind')
            message += bytes([int(r['zero_knowledge']), int(r['succinct'])]) + text('backend')
            message += struct.pack('>i', int(r['mode'])) + struct.pack('>i', int(r['exit_code']))
            for name in ['program_hash', 'elf_hash', 'stdin_digest', 'public_values', 'public_values_digest']:
                message += field(bytes.fromhex(r[name]))
            message += struct.pack('>Q', int(r['cycles'])) + struct.pack('>Q', int(r['created_at_ms']))
            message += text('zkvm') + text('zkvm_version')
        else:
            message = b'zkfaas.v1.dev-proof'
            for name in ['program_hash', 'elf_hash', 'stdin_digest', 'public_values']:
                message += field(bytes.fromhex(r[name]))
            message += struct.pack('>Q', int(r['cycles'])) + struct.pack('>i', int(r['mode']))
            message += text('zkvm') + text('zkvm_version')

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
        arguments: (records + recordsV2).indices
    )
    func messageAndSignature(index: Int) throws {
        let record = (Self.records + Self.recordsV2)[index]
        let key = try Ed25519.PrivateKey()
        let message = try #require(DevAttestation.message(for: record))
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
        let wrong = try key.signature(for: #require(DevAttestation.message(for: other)))
        let refused = try PythonOracle.run(
            Self.oracle,
            arguments: [Hex.encode(key.publicKey.rawRepresentation), Hex.encode(wrong)],
            stdin: try Self.json(record)
        )
        #expect(refused.hasSuffix(" invalid"))
    }

    @Test("a signature made in Python over the documented layout verifies in Swift", arguments: [false, true])
    func pythonSigns(formatTwo: Bool) throws {
        let record = formatTwo ? Self.recordsV2[1] : Self.records[1]
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
        let message = try #require(DevAttestation.message(for: record))
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(try key.signature(for: message) == signature)
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

    /// Fields format 2 signs on top of the legacy ones (the review's S3 list).
    static let tamperingsV2: [(String, @Sendable (inout ProofRecord) -> Void)] = [
        ("public_values_digest", { $0.publicValuesDigest = Array(repeating: 0xAB, count: 32) }),
        ("succinct", { $0.succinct = true }),
        ("zero_knowledge", { $0.zeroKnowledge = true }),
        ("exit_code", { $0.exitCode = 3 }),
        ("kind", { $0.kind = "groth16-proof" }),
        ("backend", { $0.backend = "other" }),
        ("created_at_ms", { $0.createdAtMs += 1 }),
        ("format_version", { $0.formatVersion = 1 }),
        ("kind/backend boundary", { $0.kind += "l"; $0.backend.removeFirst() }),
    ]

    @Test("format 1: changing any signed field breaks the signature; the fields it leaves unsigned are named")
    func tampering() throws {
        let key = try Ed25519.PrivateKey()
        let record = Self.records[1]
        let signature = try key.signature(for: #require(DevAttestation.message(for: record)))
        #expect(DevAttestation.isValidSignature(signature, of: record, key: key.publicKey.rawRepresentation))
        for (name, change) in Self.tamperings {
            var changed = record
            change(&changed)
            #expect(!DevAttestation.isValidSignature(signature, of: changed, key: key.publicKey.rawRepresentation), "\(name)")
        }
        // What the legacy format does not sign: changing it leaves the signature valid, and the client says so.
        var unsigned = record
        unsigned.backend = "other"
        unsigned.createdAtMs += 1
        unsigned.exitCode = 3
        unsigned.succinct = true
        unsigned.publicValuesDigest = Array(repeating: 1, count: 32)
        unsigned.attesterPublicKey = key.publicKey.rawRepresentation
        #expect(DevAttestation.message(for: unsigned) == DevAttestation.message(for: record))
        #expect(
            Set(DevAttestation.unsignedFields(formatVersion: 1))
                == ["format_version", "kind", "zero_knowledge", "succinct", "backend", "exit_code",
                    "public_values_digest", "created_at_ms"]
        )
        #expect(DevAttestation.unsignedFields(formatVersion: 2).isEmpty)
        #expect(DevAttestation.message(for: ProofRecord(formatVersion: 3)) == nil)
    }

    @Test("format 2: the review's trigger (digest, succinct, exit code, kind...) and every other field break it")
    func tamperingV2() throws {
        let key = try Ed25519.PrivateKey()
        var record = Self.recordsV2[1]
        record.attesterPublicKey = key.publicKey.rawRepresentation
        record.proof = try key.signature(for: #require(DevAttestation.message(for: record)))
        let trusted: Set<[UInt8]> = [key.publicKey.rawRepresentation]
        #expect(DevAttestation.verify(record, trustedKeys: trusted))
        #expect(!DevAttestation.verify(record, trustedKeys: [Array(repeating: 1, count: 32)]))
        for (name, change) in Self.tamperings + Self.tamperingsV2 {
            var changed = record
            change(&changed)
            #expect(!DevAttestation.verify(changed, trustedKeys: trusted), "\(name)")
        }
        // The review's trigger, all at once.
        var trigger = record
        trigger.publicValuesDigest = Array(repeating: 0x5A, count: 32)
        trigger.succinct = true
        #expect(!DevAttestation.verify(trigger, trustedKeys: trusted))
        // Only the signature and the key are outside the message.
        var outside = record
        outside.attesterPublicKey = []
        outside.proof = []
        #expect(DevAttestation.message(for: outside) == DevAttestation.message(for: record))
    }
}
