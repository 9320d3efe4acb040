import Foundation
import Testing
import ZKTestSupport

@Suite("Generated protobuf code")
struct GeneratedCodeTests {
    /// Regenerates into a temporary folder and compares with what is committed.
    @Test(
        "committed protobuf-c and Swift code match Scripts/gen-protos.sh's output",
        .enabled(if: which("protoc-c"), "protoc-c is not installed (apt-get install protobuf-c-compiler)")
    )
    func notStale() throws {
        let root = TestEnvironment.repositoryRoot
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("zkfaas-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("Scripts/gen-protos.sh").path, "--out", out.path]
        process.currentDirectoryURL = root
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let pairs: [(String, String)] = [
            ("c", "Sources/ZKProtoC"),
            ("swift", "Sources/ZKProto/Generated"),
            ("samples", "Tests/ZKProtoTests/Generated"),
        ]
        for (generated, committed) in pairs {
            let fresh = try Self.files(under: out.appendingPathComponent(generated))
            let current = try Self.files(under: root.appendingPathComponent(committed))
            #expect(fresh.keys.sorted() == current.keys.sorted(), "file set differs in \(committed)")
            for (path, data) in fresh {
                #expect(current[path] == data, "\(committed)/\(path) is stale: run Scripts/gen-protos.sh")
            }
        }
    }

    static func files(under url: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
        else { return result }
        for case let file as URL in enumerator where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(file.path.dropFirst(url.path.count + 1))
            result[relative] = try Data(contentsOf: file)
        }
        return result
    }

    static func which(_ tool: String) -> Bool {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }
}
