import Testing
import ZKTestSupport
import ZKCrypto

@Suite("Keccak256")
struct Keccak256Tests {
    /// Published Ethereum Keccak-256 vectors (note: SHA3-256("") is a7ffc6f8..., which must *not* come out).
    @Test(arguments: [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
    ])
    func publishedVectors(input: String, expected: String) {
        #expect(Hex.encode(Keccak256.hash(Array(input.utf8))) == expected)
    }

    @Test("Matches pycryptodome for inputs around the 136-byte rate and a 1 MiB input")
    func matchesPycryptodome() throws {
        let lengths = [0, 1, 55, 135, 136, 137, 271, 272, 273, 1 << 20]
        let inputs = lengths.map(Self.pattern(count:))
        // Python reads the concatenated inputs from stdin and the lengths from argv.
        let script = """
            import sys
            from Crypto.Hash import keccak
            data = sys.stdin.buffer.read()
            offset = 0
            for n in map(int, sys.argv[1:]):
                print(keccak.new(digest_bits=256, data=data[offset:offset + n]).hexdigest())
                offset += n
            """
        let output = try PythonOracle.run(
            script,
            arguments: lengths.map(String.init),
            stdin: inputs.flatMap { $0 }
        )
        let expected = output.split(separator: "\n").map(String.init)
        try #require(expected.count == inputs.count)
        for (input, digest) in zip(inputs, expected) {
            #expect(Hex.encode(Keccak256.hash(input)) == digest, "length \(input.count)")
        }
    }

    @Test("Streaming in uneven chunks equals one-shot")
    func streamingMatchesOneShot() {
        let input = Self.pattern(count: 5_000)
        let oneShot = Keccak256.hash(input)
        for chunk in [1, 7, 64, 135, 136, 137, 1_000] {
            var hasher = Keccak256()
            var offset = 0
            while offset < input.count {
                let end = min(offset + chunk, input.count)
                hasher.update(input[offset..<end])
                offset = end
            }
            #expect(hasher.finalize() == oneShot, "chunk \(chunk)")
        }
    }

    @Test("finalize leaves the hasher usable and copies fork the state")
    func finalizeIsNonConsuming() {
        var hasher = Keccak256()
        hasher.update(Array("ab".utf8))
        let fork = hasher
        _ = hasher.finalize()
        hasher.update(Array("c".utf8))
        #expect(hasher.finalize() == Keccak256.hash(Array("abc".utf8)))
        #expect(fork.finalize() == Keccak256.hash(Array("ab".utf8)))
    }

    /// Deterministic, non-periodic-looking test bytes.
    static func pattern(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31 &+ $0 >> 8 &+ 7)) }
    }
}
