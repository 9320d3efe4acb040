import Foundation

/// Where the built executables, the repository and the Python oracles are.
public enum TestEnvironment {
    public static let repositoryRoot: URL = {
        if let root = ProcessInfo.processInfo.environment["ZKFAAS_REPO_ROOT"] { return URL(fileURLWithPath: root) }
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// The folder with `registry-service`, `storage-cache-service`, `prover-router`, `zkfaas`.
    public static let binDirectory: URL = {
        if let dir = ProcessInfo.processInfo.environment["ZKFAAS_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }()

    public static func binary(_ name: String) -> URL { binDirectory.appendingPathComponent(name) }

    public static let python: String = {
        if let python = ProcessInfo.processInfo.environment["ZKFAAS_PYTHON"] { return python }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }()

    /// A new empty temporary folder.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zkfaas-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
