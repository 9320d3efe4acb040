import Foundation

/// Runs small Python scripts as independent test oracles (hashlib, pycryptodome, eth-account, eth_abi, aleph-cid),
/// with the interpreter of ``TestEnvironment/python``. Scripts take arguments on argv and data on stdin and answer
/// on stdout; a non-zero exit throws with the script's stderr.
public enum PythonOracle {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `script` with `python -c` and returns its stdout with surrounding whitespace removed.
    public static func run(_ script: String, arguments: [String] = [], stdin: [UInt8] = []) throws -> String {
        let output = try CommandRunner.python(script, arguments: arguments, stdin: Data(stdin))
        guard output.status == 0 else {
            throw Failure(description: "python (\(TestEnvironment.python)) exited with \(output.status): \(output.stderr)")
        }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `script` and decodes its stdout as JSON.
    public static func json<T: Decodable>(
        _ type: T.Type,
        _ script: String,
        arguments: [String] = [],
        stdin: [UInt8] = []
    ) throws -> T {
        let text = try run(script, arguments: arguments, stdin: stdin)
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// The CID PyPI `aleph-cid` computes for `bytes` with `CidHasher.for_ipfs_v1_raw_leaves()`: what
    /// `ipfs add --cid-version=1` gives with Kubo's defaults (256 KiB chunks, raw leaves, balanced layout).
    public static func alephCIDv1(of bytes: [UInt8]) throws -> String {
        try run(
            """
            import sys, aleph_cid
            h = aleph_cid.CidHasher.for_ipfs_v1_raw_leaves()
            h.update(sys.stdin.buffer.read())
            print(h.finalize())
            """,
            stdin: bytes
        )
    }
}
