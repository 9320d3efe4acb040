import Foundation
import Testing
import ZKContent
import ZKCrypto
import ZKTestSupport

/// `zkfaas program upload`, `zkfaas program download`, `zkfaas storage stats` against a real service process.
@Suite("Storage: zkfaas CLI", .serialized)
struct StorageCLITests {
    @Test("upload prints elf_hash and CID; download by either writes the verified bytes; stats shows the tiers")
    func uploadDownloadStats() async throws {
        for name in ["storage-cache-service", "zkfaas"] {
            let path = TestEnvironment.binary(name).path
            try #require(FileManager.default.isExecutableFile(atPath: path), "build \(name) (looked at \(path))")
        }
        let directory = try TestEnvironment.temporaryDirectory("storage-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let service = try ServiceProcess(
            "storage-cache-service",
            arguments: ["--data-dir", directory.appendingPathComponent("data").path, "--log-level", "warning"]
        )
        defer { service.stop() }
        let elf = ELFFixture.make(size: 300_000, seed: 77)
        let input = directory.appendingPathComponent("in.elf")
        try Data(elf).write(to: input)
        let storage = ["--storage", service.address]

        let upload = try CommandRunner.run("zkfaas", ["program", "upload", input.path, "--pin", "--json"] + storage)
        #expect(upload.status == 0, "\(upload.stderr)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(upload.stdout.utf8)) as? [String: Any]
        )
        let hash = try #require(answer["elf_hash"] as? String)
        let cid = try #require(answer["cid"] as? String)
        #expect(hash == Hex.encode(SHA256.hash(elf)))
        #expect(cid == (try PythonOracle.alephCIDv1(of: elf)))
        let plain = try CommandRunner.run("zkfaas", ["program", "upload", input.path] + storage)
        #expect(plain.stdout == "elf_hash \(hash)\ncid \(cid)\n")

        for name in [hash, cid] {
            let output = directory.appendingPathComponent("out-\(name.prefix(8)).elf")
            let download = try CommandRunner.run("zkfaas", ["program", "download", name, "-o", output.path] + storage)
            #expect(download.status == 0, "\(download.stderr)")
            #expect([UInt8](try Data(contentsOf: output)) == elf)
        }
        let missing = try CommandRunner.run(
            "zkfaas",
            [
                "program", "download", String(repeating: "ab", count: 32), "-o",
                directory.appendingPathComponent("x").path,
            ]
                + storage
        )
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("NOT_FOUND") || missing.stderr.lowercased().contains("not found"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x").path))

        // stat, by hash and by CID: the same program, sizes and tiers as the service holds them.
        for name in [hash, cid] {
            let stat = try CommandRunner.run("zkfaas", ["program", "stat", name, "--json"] + storage)
            #expect(stat.status == 0, "\(stat.stderr)")
            let fields = try #require(try JSONSerialization.jsonObject(with: Data(stat.stdout.utf8)) as? [String: Any])
            #expect(fields["elf_hash"] as? String == hash)
            #expect(fields["cid"] as? String == cid)
            #expect(fields["elf_size"] as? Int == elf.count)
            #expect(fields["tiers"] as? [String] == ["memory", "disk"])
            #expect(fields["pinned"] as? Bool == true)
            #expect(fields["arweave_tx"] as? String == "")
        }
        let statText = try CommandRunner.run("zkfaas", ["program", "stat", cid] + storage)
        #expect(statText.stdout.contains("size:           \(elf.count) bytes"), "\(statText.stdout)")
        // Asking about Arweave where no gateway is configured is a coded refusal only when there is a transaction.
        let noArweave = try CommandRunner.run("zkfaas", ["program", "stat", hash, "--arweave"] + storage)
        #expect(noArweave.status == 0, "\(noArweave.stderr)")
        #expect(!noArweave.stdout.contains("arweave:"))

        let stats = try CommandRunner.run("zkfaas", ["storage", "stats", "--json"] + storage)
        #expect(stats.status == 0, "\(stats.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let tiers = try #require(object["tiers"] as? [[String: Any]])
        #expect(tiers.compactMap { $0["tier"] as? String } == ["memory", "disk"])
        let memory = try #require(tiers.first { $0["tier"] as? String == "memory" })
        // One memory lookup per GetProgram: the two downloads hit, the missing one missed.
        #expect(memory["hits"] as? Int == 2)
        #expect(memory["misses"] as? Int == 1)
        #expect(memory["entries"] as? Int == 1)
        #expect(object["arweave_uploads"] as? Int == 0)
        let text = try CommandRunner.run("zkfaas", ["storage", "stats"] + storage)
        #expect(text.stdout.contains("disk: hits"))
        #expect(text.stdout.contains("integrity failures 0"))
        #expect(text.stdout.contains("arweave uploads 0, failed 0"))
    }

    @Test("download by CID checks the bytes' own CID: a service answering with another program is refused, nothing written")
    func downloadChecksTheCID() async throws {
        let path = TestEnvironment.binary("zkfaas").path
        try #require(FileManager.default.isExecutableFile(atPath: path), "build zkfaas (looked at \(path))")
        let directory = try TestEnvironment.temporaryDirectory("storage-cli-lie")
        defer { try? FileManager.default.removeItem(at: directory) }
        let wanted = ELFFixture.make(size: 40_000, seed: 21)
        let other = ELFFixture.make(size: 40_000, seed: 22)
        let wantedCID = UnixFSImporter.cid(of: wanted).root.description
        let output = directory.appendingPathComponent("out.elf")
        let result = try await withServer(services: [LyingStorageService(served: other)]) { port, _ in
            try CommandRunner.run(
                "zkfaas",
                ["program", "download", wantedCID, "-o", output.path, "--storage", "127.0.0.1:\(port)"]
            )
        }
        #expect(result.status != 0)
        #expect(result.stderr.contains("expected \(wantedCID)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // The same service, asked by hash for the program it serves, is believed: the check is not a blanket refusal.
        let otherHash = Hex.encode(SHA256.hash(other))
        let honest = try await withServer(services: [LyingStorageService(served: other)]) { port, _ in
            try CommandRunner.run(
                "zkfaas",
                ["program", "download", otherHash, "-o", output.path, "--storage", "127.0.0.1:\(port)"]
            )
        }
        #expect(honest.status == 0, "\(honest.stderr)")
        #expect([UInt8](try Data(contentsOf: output)) == other)
    }
}
