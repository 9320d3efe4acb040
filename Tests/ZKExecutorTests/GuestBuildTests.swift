import Foundation
import Testing
import ZKTestSupport

/// The committed guest ELFs are exactly what `Guests/build.sh` produces.
@Suite("Guest builds")
struct GuestBuildTests {
    static let compilerPresent: Bool = {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/riscv64-unknown-elf-gcc")
        }
    }()

    @Test(
        "rebuilding the guests reproduces the committed ELFs byte for byte",
        .enabled(if: compilerPresent, "riscv64-unknown-elf-gcc is not installed; the rebuild check is skipped")
    )
    func rebuildMatches() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("zkfaas-guests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let script = TestSupport.guestsDirectory.appendingPathComponent("build.sh").path
        let build = try CommandRunner.run("/bin/bash", [script, output.path])
        #expect(build.status == 0, "\(build.stderr)")
        let committed = TestSupport.guestsDirectory.appendingPathComponent("bin")
        let names = try FileManager.default.contentsOfDirectory(atPath: committed.path).filter { $0.hasSuffix(".elf") }
        let rebuiltNames = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".elf") }
        // One committed ELF per guest source and no other: a new source without its ELF, or a stale ELF, fails.
        let sources = try FileManager.default.contentsOfDirectory(
            atPath: TestSupport.guestsDirectory.appendingPathComponent("src").path
        ).filter { $0.hasSuffix(".c") && $0 != "sp1.c" }
        #expect(Set(names) == Set(rebuiltNames))
        #expect(Set(names) == Set(sources.map { String($0.dropLast(2)) + ".elf" }))
        for name in names {
            let expected = try Data(contentsOf: committed.appendingPathComponent(name))
            let rebuilt = try Data(contentsOf: output.appendingPathComponent(name))
            #expect(expected == rebuilt, "\(name) differs from a fresh build")
        }
    }
}
