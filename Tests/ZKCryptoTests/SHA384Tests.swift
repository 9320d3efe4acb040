import Testing
import ZKCrypto
import ZKTestSupport

@Suite("SHA384")
struct SHA384Tests {
    @Test("One-shot and streaming match Python's hashlib")
    func matchesHashlib() throws {
        // Empty, short, around the 112-byte padding boundary and the 128-byte block, and many blocks.
        let inputs = [0, 3, 111, 112, 128, 129, 100_000].map { Keccak256Tests.pattern(count: $0) }
        let script = """
            import sys, hashlib
            data = sys.stdin.buffer.read()
            offset = 0
            for n in map(int, sys.argv[1:]):
                print(hashlib.sha384(data[offset:offset + n]).hexdigest())
                offset += n
            """
        let output = try PythonOracle.run(
            script,
            arguments: inputs.map { String($0.count) },
            stdin: inputs.flatMap { $0 }
        )
        let expected = output.split(separator: "\n").map(String.init)
        try #require(expected.count == inputs.count)
        for (input, digest) in zip(inputs, expected) {
            #expect(SHA384.hash(input).count == SHA384.byteCount)
            #expect(Hex.encode(SHA384.hash(input)) == digest)
            #expect(Hex.encode(SHA384.hash(AnySequence(input))) == digest, "non-contiguous input")
            let hasher = SHA384()
            hasher.update(input.prefix(input.count / 3))
            hasher.update(input.dropFirst(input.count / 3))
            #expect(Hex.encode(hasher.finalize()) == digest)
        }
    }
}
