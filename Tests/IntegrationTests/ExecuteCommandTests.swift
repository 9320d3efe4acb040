import Foundation
import Testing
import ZKCrypto
import ZKTestSupport

/// `zkfaas execute`: the executor from the command line, checked against a plain formula and Python's hashlib.
@Suite("zkfaas execute")
struct ExecuteCommandTests {
    static func guest(_ name: String) -> String {
        TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/\(name).elf").path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("fibonacci: --json gives exit code, public values, their SHA-256 and cycles", arguments: [0 as UInt32, 1, 30, 1000])
    func fibonacci(n: UInt32) throws {
        let result = try CommandRunner.run("zkfaas", ["execute", "--elf", Self.guest("fibonacci"), "--input-u32", "\(n)", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.json(result.stdout)
        var (previous, current): (UInt32, UInt32) = (1, 0)
        for _ in 0..<n { (previous, current) = (current, previous &+ current) }
        let expected = [n, previous, current].flatMap { value in withUnsafeBytes(of: value.littleEndian, Array.init) }
        #expect(object["exit_code"] as? Int == 0)
        #expect(object["public_values"] as? String == Hex.encode(expected))
        let oracle = try CommandRunner.python(
            "import hashlib, sys; print(hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest())",
            arguments: [Hex.encode(expected)]
        )
        #expect(object["public_values_sha256"] as? String == oracle.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect((object["cycles"] as? Int ?? 0) > Int(n))
        #expect((object["stdout"] as? String)?.contains("fib(\(n)) = \(current)") == true)
    }

    @Test("--input-hex, --input-file and an SP1Stdin file feed the same bytes")
    func inputForms() throws {
        let directory = try TestEnvironment.temporaryDirectory("execute")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("n.bin")
        try Data([0x14, 0, 0, 0]).write(to: input)
        // bincode of SP1Stdin { buffer: vec![vec![20,0,0,0]], ptr: 0, proofs: vec![] }: u64 lengths, little-endian.
        var stdin = Data()
        func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { stdin.append(contentsOf: $0) } }
        u64(1); u64(4); stdin.append(contentsOf: [0x14, 0, 0, 0]); u64(0); u64(0)
        let stdinFile = directory.appendingPathComponent("stdin.bin")
        try stdin.write(to: stdinFile)
        let forms = [["--input-hex", "14000000"], ["--input-file", input.path], ["--sp1-stdin", stdinFile.path]]
        var outputs: [String] = []
        for form in forms {
            let result = try CommandRunner.run("zkfaas", ["execute", "--elf", Self.guest("fibonacci"), "--json"] + form)
            #expect(result.status == 0, "\(form): \(result.stderr)")
            outputs.append(result.stdout)
        }
        // Standard input, the way to give private inputs without putting them on the command line.
        let piped = try CommandRunner.run(
            "zkfaas", ["execute", "--elf", Self.guest("fibonacci"), "--json", "--input-file", "-"],
            stdin: Data([0x14, 0, 0, 0])
        )
        #expect(piped.status == 0, "\(piped.stderr)")
        outputs.append(piped.stdout)
        #expect(outputs.count == 4 && Set(outputs).count == 1)
    }

    @Test("a guest that loops forever stops at --max-cycles with a coded error, and the text form says it is no proof")
    func limits() throws {
        let looping = try CommandRunner.run("zkfaas", ["execute", "--elf", Self.guest("loop"), "--max-cycles", "100000", "--json"])
        #expect(looping.status != 0)
        let object = try Self.json(looping.stdout)
        #expect((object["error"] as? String)?.contains("cycle") == true)
        let text = try CommandRunner.run("zkfaas", ["execute", "--elf", Self.guest("fibonacci"), "--input-u32", "5"])
        #expect(text.stdout.contains("not a proof"))
    }
}
