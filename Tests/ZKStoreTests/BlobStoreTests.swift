import Foundation
import Testing
import ZKCrypto
import ZKFileSystem
import ZKStore

@Suite("BlobStore")
struct BlobStoreTests {
    private func configuration(
        _ directory: String,
        maxBytes: Int = 1 << 20,
        clock: ManualClock? = nil,
        log: FailureLog? = nil
    ) -> BlobStore.Configuration {
        var configuration = BlobStore.Configuration(directory: directory, maxBytes: maxBytes)
        if let clock {
            configuration.accessUpdateIntervalMilliseconds = 0
            configuration.clock = { clock.read() }
        }
        if let log {
            configuration.onIntegrityFailure = { log.record($0) }
        }
        return configuration
    }

    @Test("put then get returns the bytes and metadata; everything survives a restart")
    func restart() async throws {
        try await withTemporaryDirectory { directory in
            let labels = (0..<20).map { "blob-\($0)" }
            do {
                let store = try BlobStore(configuration: configuration(directory))
                for (index, label) in labels.enumerated() {
                    try store.put(
                        TestBlobs.key(label), TestBlobs.content(label, size: 100 * index), meta: Array(label.utf8))
                }
                try store.put(TestBlobs.key("blob-3"), TestBlobs.content("v2", size: 77), meta: [9])  // replace
                let stats = store.stats
                #expect(stats.count == 20)
                #expect(stats.puts == 21)
                #expect(stats.bytes == (0..<20).reduce(0) { $0 + 100 * $1 } - 300 + 77)
            }
            let store = try BlobStore(configuration: configuration(directory))
            #expect(store.recovery == BlobStore.RecoveryReport())
            #expect(store.stats.count == 20)
            for (index, label) in labels.enumerated() where label != "blob-3" {
                let blob = try #require(try store.get(TestBlobs.key(label)))
                #expect(blob.bytes == TestBlobs.content(label, size: 100 * index))
                #expect(blob.meta == Array(label.utf8))
            }
            let replaced = try #require(try store.get(TestBlobs.key("blob-3")))
            #expect(replaced.bytes == TestBlobs.content("v2", size: 77))
            #expect(replaced.meta == [9])
            #expect(try store.get(TestBlobs.key("absent")) == nil)
            #expect(store.stats.hits == 20)
            #expect(store.stats.misses == 1)
            #expect(blobFiles(in: directory).count == 20)  // the replaced generation's file is gone
            #expect(try store.keys().count == 20)
        }
    }

    @Test("eviction keeps the total under the bound and removes the least recently accessed first")
    func eviction() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock()
            let store = try BlobStore(configuration: configuration(directory, maxBytes: 10_000, clock: clock))
            for index in 0..<8 {
                try store.put(TestBlobs.key("e\(index)"), TestBlobs.content("e\(index)", size: 1000))
            }
            _ = try store.get(TestBlobs.key("e0"))  // e0 becomes the most recently accessed; e1 is the LRU
            let evicted = try store.put(TestBlobs.key("big"), TestBlobs.content("big", size: 4000))
            #expect(evicted == 2)
            #expect(try store.contains(TestBlobs.key("e0")))
            #expect(try !store.contains(TestBlobs.key("e1")))
            #expect(try !store.contains(TestBlobs.key("e2")))
            #expect(try store.contains(TestBlobs.key("e3")))
            let stats = store.stats
            #expect(stats.bytes <= 10_000)
            #expect(stats.bytes == 10_000)
            #expect(stats.evictions == 2)
            #expect(blobFiles(in: directory).count == stats.count)
            let onDisk = blobFiles(in: directory).reduce(0) {
                $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0)
            }
            #expect(onDisk == stats.bytes)
            let tooLarge = #expect(throws: BlobStoreError.self) {
                try store.put(TestBlobs.key("huge"), [UInt8](repeating: 0, count: 10_001))
            }
            #expect(tooLarge?.code == .tooLarge)
        }
    }

    @Test("pinned blobs survive eviction and restarts")
    func pins() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock()
            do {
                let store = try BlobStore(configuration: configuration(directory, maxBytes: 5000, clock: clock))
                try store.put(TestBlobs.key("pinned"), TestBlobs.content("pinned", size: 1000), pinned: true)
                try store.put(TestBlobs.key("p2"), TestBlobs.content("p2", size: 1000))
                #expect(try store.pin(TestBlobs.key("p2")))
                #expect(try !store.pin(TestBlobs.key("absent")))
                for index in 0..<20 {
                    try store.put(TestBlobs.key("f\(index)"), TestBlobs.content("f\(index)", size: 1000))
                }
                #expect(try store.info(TestBlobs.key("pinned"))?.pinned == true)
                #expect(store.stats.bytes == 5000)
            }
            let store = try BlobStore(configuration: configuration(directory, maxBytes: 5000, clock: clock))
            #expect(try store.get(TestBlobs.key("pinned"))?.bytes == TestBlobs.content("pinned", size: 1000))
            #expect(try store.get(TestBlobs.key("p2"))?.pinned == true)
            // Re-putting without `pinned:` keeps the pin.
            try store.put(TestBlobs.key("p2"), TestBlobs.content("p2b", size: 1000))
            #expect(try store.info(TestBlobs.key("p2"))?.pinned == true)
            // Pins may hold the store over its bound; the blob being put is never its own victim.
            try store.put(TestBlobs.key("a"), TestBlobs.content("a", size: 1000), pinned: true)
            try store.put(TestBlobs.key("b"), TestBlobs.content("b", size: 1000), pinned: true)
            try store.put(TestBlobs.key("c"), TestBlobs.content("c", size: 1000), pinned: true)
            try store.put(TestBlobs.key("d"), TestBlobs.content("d", size: 1000))
            #expect(store.stats.bytes == 6000)
            #expect(try store.contains(TestBlobs.key("d")))
            #expect(try store.unpin(TestBlobs.key("a")))
            #expect(store.stats.bytes == 5000)
            #expect(try store.contains(TestBlobs.key("pinned")))
        }
    }

    @Test("a flipped byte on disk is detected, dropped and never served")
    func flippedByte() async throws {
        try await withTemporaryDirectory { directory in
            let log = FailureLog()
            let store = try BlobStore(configuration: configuration(directory, log: log))
            let key = TestBlobs.key("victim")
            try store.put(key, TestBlobs.content("victim", size: 5000), meta: [1, 2])
            try store.put(TestBlobs.key("bystander"), TestBlobs.content("bystander", size: 10))
            let path = try #require(blobFiles(in: directory).first { $0.contains(key.hex) })
            var bytes = try #require(FileManager.default.contents(atPath: path))
            bytes[2500] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: path))

            #expect(try store.get(key) == nil)
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try !store.contains(key))
            #expect(log.all == [BlobStore.IntegrityFailure(key: key, reason: .checksumMismatch, duringOpen: false)])
            let stats = store.stats
            #expect(stats.integrityFailures == 1)
            #expect(stats.misses == 1)
            #expect(stats.count == 1)
            #expect(stats.bytes == 10)
            #expect(try store.get(TestBlobs.key("bystander")) != nil)
        }
    }

    @Test("a truncated file is detected on read and on open")
    func truncation() async throws {
        try await withTemporaryDirectory { directory in
            let log = FailureLog()
            let first = TestBlobs.key("t1")
            let second = TestBlobs.key("t2")
            do {
                let store = try BlobStore(configuration: configuration(directory, log: log))
                try store.put(first, TestBlobs.content("t1", size: 4096))
                try store.put(second, TestBlobs.content("t2", size: 4096))
                let path = try #require(blobFiles(in: directory).first { $0.contains(first.hex) })
                #expect(truncate(path, 1000) == 0)
                #expect(try store.get(first) == nil)
                #expect(store.stats.integrityFailures == 1)
            }
            let path = try #require(blobFiles(in: directory).first { $0.contains(second.hex) })
            #expect(truncate(path, 4095) == 0)
            let store = try BlobStore(configuration: configuration(directory, log: log))
            #expect(store.recovery.rowsDropped == 1)
            #expect(store.stats.integrityFailures == 1)
            #expect(store.stats.count == 0)
            #expect(try store.get(second) == nil)
            #expect(blobFiles(in: directory).isEmpty)
            #expect(log.all.map(\.reason) == [.sizeMismatch, .sizeMismatch])
            #expect(log.all.map(\.duringOpen) == [false, true])
        }
    }

    @Test("a missing file or a verifier rejection drops the blob")
    func missingAndVerifier() async throws {
        try await withTemporaryDirectory { directory in
            let log = FailureLog()
            let store = try BlobStore(configuration: configuration(directory, log: log))
            let gone = TestBlobs.key("gone")
            let rejected = TestBlobs.key("rejected")
            let content = TestBlobs.content("rejected", size: 64)
            try store.put(gone, [1, 2, 3])
            try store.put(rejected, content)
            try FileManager.default.removeItem(
                atPath: try #require(blobFiles(in: directory).first { $0.contains(gone.hex) }))
            #expect(try store.get(gone) == nil)
            // The verifier sees exactly the stored bytes.
            #expect(try store.get(rejected, verify: { $0 == content }) != nil)
            #expect(try store.get(rejected, verify: { _ in false }) == nil)
            #expect(try !store.contains(rejected))
            #expect(log.all.map(\.reason) == [.missingFile, .rejectedByVerifier])
            #expect(store.stats.integrityFailures == 2)
            #expect(blobFiles(in: directory).isEmpty)
        }
    }

    @Test("open removes tmp leftovers and orphan files, and keeps indexed blobs")
    func leftovers() async throws {
        try await withTemporaryDirectory { directory in
            let key = TestBlobs.key("kept")
            do {
                let store = try BlobStore(configuration: configuration(directory))
                try store.put(key, TestBlobs.content("kept", size: 100))
            }
            let orphanKey = TestBlobs.key("orphan")
            let orphan =
                directory + "/blobs/" + String(orphanKey.hex.prefix(2)) + "/" + orphanKey.hex + ".00000000000000ff"
            #expect(FileManager.default.createFile(atPath: orphan, contents: Data([1, 2, 3])))
            #expect(FileManager.default.createFile(atPath: directory + "/blobs/00/junk", contents: Data([1])))
            #expect(FileManager.default.createFile(atPath: directory + "/tmp/partial", contents: Data([1, 2])))
            #expect(FileManager.default.createFile(atPath: directory + "/tmp/other", contents: Data()))

            let store = try BlobStore(configuration: configuration(directory))
            #expect(store.recovery.temporaryFilesRemoved == 2)
            #expect(store.recovery.orphanFilesRemoved == 2)
            #expect(store.recovery.rowsDropped == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/tmp").isEmpty)
            #expect(!FileManager.default.fileExists(atPath: orphan))
            #expect(try store.get(orphanKey) == nil)
            #expect(try store.get(key)?.bytes == TestBlobs.content("kept", size: 100))
            // A new put after recovery doesn't collide with generations seen before.
            try store.put(orphanKey, [7])
            #expect(try store.get(orphanKey)?.bytes == [7])
        }
    }

    @Test("a second open of the same directory is refused")
    func exclusive() async throws {
        try await withTemporaryDirectory { directory in
            let store = try BlobStore(configuration: configuration(directory))
            let error = #expect(throws: BlobStoreError.self) { try BlobStore(configuration: configuration(directory)) }
            #expect(error?.code == .locked)
            try store.put(TestBlobs.key("x"), [1])
        }
    }

    @Test("put: blob written to tmp and fsynced, renamed into its fan-out folder, that folder fsynced — in that order")
    func putOrder() async throws {
        try await withTemporaryDirectory { directory in
            let recorder = RecordingFileSystem()
            var settings = configuration(directory)
            settings.fileSystem = recorder
            let store = try BlobStore(configuration: settings)
            defer { store.close() }
            recorder.reset()
            let key = TestBlobs.key("durable")
            try store.put(key, [1, 2, 3, 4])
            let operations = recorder.operations
            let sync = operations.firstIndex { if case .sync(let path) = $0 { path.contains("/tmp/") } else { false } }
            let rename = operations.firstIndex {
                if case .rename(let from, let to) = $0 { from.contains("/tmp/") && to.contains("/blobs/") } else { false }
            }
            let syncFolder = operations.firstIndex {
                if case .syncDirectory(let path) = $0 { path.hasPrefix(directory + "/blobs/") } else { false }
            }
            let write = operations.firstIndex { if case .write(_, let bytes) = $0 { bytes == 4 } else { false } }
            #expect(write != nil && sync != nil && rename != nil && syncFolder != nil, "\(operations)")
            if let write, let sync, let rename, let syncFolder {
                #expect(write < sync && sync < rename && rename < syncFolder, "\(operations)")
            }
            #expect(try store.get(key)?.bytes == [1, 2, 3, 4])
        }
    }

    @Test("close releases the directory at once, while the store is still referenced; later calls fail; idempotent")
    func closeReleases() async throws {
        try await withTemporaryDirectory { directory in
            let store = try BlobStore(configuration: configuration(directory))
            try store.put(TestBlobs.key("x"), [1, 2, 3])
            store.close()
            store.close()
            let error = #expect(throws: BlobStoreError.self) { try store.get(TestBlobs.key("x")) }
            #expect(error?.code == .indexFailure)
            let reopened = try BlobStore(configuration: configuration(directory))
            #expect(try reopened.get(TestBlobs.key("x"))?.bytes == [1, 2, 3])
            withExtendedLifetime(store) {}
        }
    }

    @Test("last-access updates are lazy: recent reads don't write")
    func lazyAccess() async throws {
        try await withTemporaryDirectory { directory in
            let clock = ManualClock()
            let store = try BlobStore(
                configuration: BlobStore.Configuration(
                    directory: directory,
                    accessUpdateIntervalMilliseconds: 60_000,
                    clock: { clock.read() }
                )
            )
            let key = TestBlobs.key("lazy")
            try store.put(key, [1])
            let written = try #require(try store.info(key)).lastAccessMilliseconds
            _ = try store.get(key)
            try store.flushAccessTimes()
            #expect(try store.info(key)?.lastAccessMilliseconds == written)
            clock.advance(by: 61_000)
            _ = try store.get(key)
            #expect(try store.info(key)?.lastAccessMilliseconds == written)  // scheduled, not yet written
            try store.flushAccessTimes()
            #expect(try #require(try store.info(key)).lastAccessMilliseconds > written + 60_000)
        }
    }

    @Test("concurrent puts, gets and removals never serve wrong bytes")
    func concurrency() async throws {
        try await withTemporaryDirectory { directory in
            let log = FailureLog()
            let store = try BlobStore(configuration: configuration(directory, maxBytes: 40_000, log: log))
            let keys = (0..<6).map { TestBlobs.key("c\($0)") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<4 {
                    group.addTask {
                        for round in 0..<15 {
                            let index = (task + round) % keys.count
                            let key = keys[index]
                            switch round % 3 {
                            case 0:
                                let version = "\(index)/\(task)/\(round)"
                                try store.put(key, TestBlobs.content(version, size: 2000), meta: Array(version.utf8))
                            case 1:
                                if let blob = try store.get(key) {
                                    let version = String(decoding: blob.meta, as: UTF8.self)
                                    #expect(blob.bytes == TestBlobs.content(version, size: 2000))
                                }
                            default:
                                if round % 2 == 0 { try store.remove(key) } else { _ = try store.get(key) }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(log.all.isEmpty)
            #expect(store.stats.integrityFailures == 0)
            #expect(blobFiles(in: directory).count == store.stats.count)
        }
    }
}
