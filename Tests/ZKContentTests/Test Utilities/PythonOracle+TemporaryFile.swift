import Foundation
import ZKTestSupport

/// Temporary files for oracles that read a path.
extension PythonOracle {
    /// Removes a file made by ``temporaryFile(_:name:)`` and its directory.
    static func removeTemporary(_ file: URL) {
        try? FileManager.default.removeItem(at: file.deletingLastPathComponent())
    }

    /// Writes `bytes` to a fresh temporary file.
    static func temporaryFile(_ bytes: [UInt8], name: String = "data") throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory("zkcontent-tests")
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}
