import Dispatch
import FuzzSupport
import ZKContent

/// The verified UnixFS reader (``VerifiedDAGReader``) over the blocks of a CAR, as the storage service reads a
/// gateway's answer: an in-memory ``BlockSource`` made by ``CARReader/blocks(in:limits:)``, the CAR's first root as
/// the file to read, small limits.
///
/// A fuzzer cannot forge SHA-256, so the interesting DAGs use identity-multihash CIDs (the block is the digest,
/// up to 128 bytes), which the reader accepts without a fetch: links to them let a mutated input grow any shape of
/// DAG. The seeds include such DAGs next to real sha2-256 ones made by the importer.
///
/// Input: a CAR file; its first root is read.
///
/// Checks: nothing traps; every error is a `ContentError` (the reader's API throws untyped errors; the in-memory
/// source never throws); the file read is within the size limit.
@main
struct FuzzDAGReader {
    static func main() { FuzzDriver.main(run) }

    static let limits = VerifiedDAGReader.Limits(maxFileSize: 1 << 20, maxBlockSize: 64 << 10, maxBlocks: 512, maxDepth: 16)

    static func run(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        guard let reader = try? CARReader(bytes: bytes), let root = reader.roots.first else { return }
        let store = CARReader.blocks(in: bytes, limits: CARReader.Limits(maxBlockSize: limits.maxBlockSize))
        let outcome = Blocking.run {
            try await VerifiedDAGReader(limits: limits).read(root: root, from: store)
        }
        switch outcome {
        case .success(let file):
            FuzzCheck.require(UInt64(file.count) <= limits.maxFileSize, "read \(file.count) bytes past the limit")
        case .failure(let error):
            FuzzCheck.require(error is ContentError, "VerifiedDAGReader threw \(type(of: error)): \(error)")
        }
    }
}

/// Runs an async function to completion from synchronous code (the fuzzer's callback thread, not a pool thread).
///
/// The task starts on the calling thread (`Task.immediate`); over an in-memory source nothing suspends, so the
/// whole read usually runs right there, without a thread hop. Should it suspend, the caller waits for it.
enum Blocking {
    static func run<Value: Sendable>(
        _ body: @escaping @Sendable () async throws -> Value
    ) -> Result<Value, any Error> {
        nonisolated(unsafe) var result: Result<Value, any Error>?
        let done = DispatchSemaphore(value: 0)
        Task.immediate {
            do { result = .success(try await body()) } catch { result = .failure(error) }
            done.signal()
        }
        done.wait()
        return result!
    }
}
