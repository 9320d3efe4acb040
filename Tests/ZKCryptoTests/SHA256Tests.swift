import Testing
import ZKTestSupport
import ZKCrypto

@Suite("SHA256")
struct SHA256Tests {
    @Test("One-shot and streaming match Python's hashlib")
    func matchesHashlib() throws {
        let inputs: [[UInt8]] = [[], Array("abc".utf8), Keccak256Tests.pattern(count: 100_000)]
        let script = """
            import sys, hashlib
            data = sys.stdin.buffer.read()
            offset = 0
            for n in map(int, sys.argv[1:]):
                print(hashlib.sha256(data[offset:offset + n]).hexdigest())
                offset += n
            """
        let output = try PythonOracle.run(
            script, arguments: inputs.map { String($0.count) }, stdin: inputs.flatMap { $0 })
        let expected = output.split(separator: "\n").map(String.init)
        try #require(expected.count == inputs.count)
        for (input, digest) in zip(inputs, expected) {
            #expect(Hex.encode(SHA256.hash(input)) == digest)
            let hasher = SHA256()
            hasher.update(input.prefix(input.count / 3))
            hasher.update(input.dropFirst(input.count / 3))
            #expect(Hex.encode(hasher.finalize()) == digest)
        }
    }
}
