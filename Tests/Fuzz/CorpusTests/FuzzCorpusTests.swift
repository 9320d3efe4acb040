import Foundation
import Testing
import ZKTestSupport

/// Every committed seed and reproducer in `Tests/Fuzz/Corpus/<Name>` replays through its fuzz target's entry
/// function without a crash: the normal (non-fuzzer) build of each `Fuzz<Name>` executable is that replayer.
@Suite("Fuzz corpora replay")
struct FuzzCorpusTests {
    static let targets = ["FrameDecoder", "ProtoMessages", "ELFLoader", "SP1Stdin", "CARReader", "DAGReader", "CID", "Zstd"]

    /// The `Fuzz<Name>` executable: next to the test binary, else in `ZKFAAS_BIN_DIR`.
    static func executable(_ name: String) -> String? {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("Fuzz" + name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = TestEnvironment.binary("Fuzz" + name).path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }

    @Test("the committed corpus replays without a crash", arguments: targets)
    func replay(target: String) throws {
        let binary = try #require(Self.executable(target), "build the Fuzz\(target) target")
        let corpus = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Fuzz/Corpus/\(target)").path
        let files = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { !$0.hasPrefix(".") }
        #expect(!files.isEmpty, "no seeds in \(corpus)")
        let output = try CommandRunner.run(binary, [corpus])
        #expect(output.status == 0, "Fuzz\(target) crashed on its corpus:\n\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("replayed \(files.count) inputs"), "\(output.stdout)")
    }

    @Test("the fuzz target list matches Package.swift and the corpus folders")
    func targetList() throws {
        let root = TestEnvironment.repositoryRoot
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let quoted = Self.targets.map { "\"\($0)\"" }.joined(separator: ", ")
        #expect(manifest.contains("let fuzzTargetNames = [\(quoted)]"))
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Tests/Fuzz/Corpus").path)
        #expect(Set(folders.filter { !$0.hasPrefix(".") }) == Set(Self.targets))
    }
}
