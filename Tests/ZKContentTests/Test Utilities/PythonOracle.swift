import Foundation

/// Runs Python snippets against the project's venv (aleph-cid is installed there).
///
/// The interpreter comes from `ZKFAAS_PYTHON`, else `<repo>/.venv/bin/python`, else `python3`.
enum PythonOracle {
    /// The repository root, derived from this file's real location (the dev package reaches it through symlinks).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Test Utilities
        .deletingLastPathComponent()  // ZKContentTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let interpreter: String = {
        if let configured = ProcessInfo.processInfo.environment["ZKFAAS_PYTHON"], !configured.isEmpty {
            return configured
        }
        let venv = repoRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }()

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` with `arguments`; returns stdout with surrounding whitespace trimmed.
    static func run(_ script: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, "-c", script] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python failed: " + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The CID aleph-cid computes for the contents of `file` with Kubo's `--cid-version=1` defaults.
    static func cidV1(ofFile file: URL) throws -> String {
        try run(
            """
            import sys, aleph_cid
            h = aleph_cid.CidHasher.for_ipfs_v1_raw_leaves()
            with open(sys.argv[1], 'rb') as f:
                while True:
                    chunk = f.read(1 << 20)
                    if not chunk:
                        break
                    h.update(chunk)
            print(h.finalize())
            """,
            arguments: [file.path]
        )
    }

    /// The aleph-cid CID of `bytes` (written to a temporary file that is removed afterwards).
    static func cidV1(of bytes: [UInt8]) throws -> String {
        let file = try temporaryFile(bytes)
        defer { removeTemporary(file) }
        return try cidV1(ofFile: file)
    }

    /// Removes a file made by ``temporaryFile(_:name:)`` and its directory.
    static func removeTemporary(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }

    /// Writes `bytes` to a fresh temporary file.
    static func temporaryFile(_ bytes: [UInt8], name: String = "data") throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("zkcontent-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}
