import Testing
import ZKCrypto
import ZKFaaSClient
import ZKTestSupport

@Suite("Stdin digest")
struct StdinDigestTests {
    static let cases: [(public: [[UInt8]], private: [[UInt8]])] = [
        ([], []),
        ([[1, 2], []], [[3]]),
        ([], [[9], [8, 7]]),
        ([Array(repeating: 0xA5, count: 1 << 20)], [Array("secret".utf8)]),
    ]

    @Test("the streamed digest matches Python's SHA-256 over the documented encoding")
    func matchesOracle() throws {
        let script = """
            import sys, hashlib, struct
            data = sys.stdin.buffer.read()
            public, lengths = int(sys.argv[1]), list(map(int, sys.argv[2:]))
            encoding = struct.pack('>QQ', public, len(lengths) - public)
            offset = 0
            for n in lengths:
                encoding += struct.pack('>Q', n) + data[offset:offset + n]
                offset += n
            print(hashlib.sha256(encoding).hexdigest())
            """
        for (publicInputs, privateInputs) in Self.cases {
            let buffers = publicInputs + privateInputs
            let expected = try PythonOracle.run(
                script,
                arguments: [String(publicInputs.count)] + buffers.map { String($0.count) },
                stdin: buffers.flatMap { $0 }
            )
            let digest = DevAttestation.stdinDigest(publicInputs: publicInputs, privateInputs: privateInputs)
            #expect(Hex.encode(digest) == expected)
        }
    }

    @Test("moving a buffer between public and private changes the digest")
    func sidesDiffer() {
        #expect(
            DevAttestation.stdinDigest(publicInputs: [[1]], privateInputs: [])
                != DevAttestation.stdinDigest(publicInputs: [], privateInputs: [[1]])
        )
    }
}
