#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The guest's byte-addressed memory: one lazily committed anonymous mapping covering SP1's whole address space.
///
/// SP1 v5 memory (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/executor.rs`, `mr`/`mw`): word addresses
/// must satisfy `31 < addr < 0x78000001` (registers are not memory, and addresses are BabyBear field elements),
/// memory never written reads as zero. The mapping is 0x78001000 bytes with `MAP_NORESERVE`: untouched pages
/// cost nothing and read as zero. Written pages are tracked in a byte map so the memory limit can be enforced
/// and reported.
final class GuestMemory {
    /// Bytes mapped: addresses 0 ..< 0x78000004 rounded up to a page.
    static let mappedSize = 0x7800_1000
    /// log2 of the tracking page size.
    static let pageShift: UInt32 = 12

    let base: UnsafeMutableRawPointer
    /// One byte per 4 KiB page: non-zero once the page was written.
    let touched: UnsafeMutablePointer<UInt8>
    private(set) var touchedPages: UInt64 = 0
    private let pageLimit: UInt64

    init(maxBytes: UInt64?) throws(ExecutorError) {
        let pointer = mmap(
            nil,
            Self.mappedSize,
            PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
            -1,
            0
        )
        guard let pointer, pointer != MAP_FAILED else {
            throw ExecutorError(code: .resourceUnavailable, message: "cannot reserve 0x78001000 bytes of guest memory")
        }
        let pages = Self.mappedSize >> Int(Self.pageShift)
        // The page map is mapped too, not allocated and zeroed: its 480 KiB read as zero and cost nothing until a
        // page of the guest is written, which matters for short runs (dry runs, fuzzing).
        let map = mmap(nil, pages, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let map, map != MAP_FAILED else {
            munmap(pointer, Self.mappedSize)
            throw ExecutorError(code: .resourceUnavailable, message: "cannot reserve the guest's page map")
        }
        base = pointer
        touched = map.bindMemory(to: UInt8.self, capacity: pages)
        pageLimit = maxBytes.map { $0 >> UInt64(Self.pageShift) } ?? UInt64.max
    }

    deinit {
        munmap(base, Self.mappedSize)
        munmap(UnsafeMutableRawPointer(touched), Self.mappedSize >> Int(Self.pageShift))
    }

    /// Bytes written so far, in whole pages.
    var bytesTouched: UInt64 { touchedPages << UInt64(Self.pageShift) }

    /// Marks the page holding `address` as written; `false` when that exceeds the memory limit.
    @inline(never)
    func touch(page: Int) -> Bool {
        if touched[page] != 0 { return true }
        guard touchedPages < pageLimit else { return false }
        touched[page] = 1
        touchedPages += 1
        return true
    }

    /// Marks every page of `start ..< start + count` as written; `false` when that exceeds the memory limit.
    func touch(start: UInt32, count: UInt64) -> Bool {
        guard count > 0 else { return true }
        let first = Int(start >> Self.pageShift)
        let last = Int((UInt64(start) + count - 1) >> UInt64(Self.pageShift))
        for page in first...last where !touch(page: page) {
            return false
        }
        return true
    }

    /// Whether `start ..< start + count` lies in addressable guest memory (SP1: every word address in 32 ... 0x78000000).
    static func isValid(start: UInt32, count: UInt64) -> Bool {
        guard count > 0 else { return true }
        return start >= 32 && UInt64(start) + count <= 0x7800_0004
    }

    @inline(__always)
    func word(at address: UInt32) -> UInt32 {
        base.load(fromByteOffset: Int(address), as: UInt32.self)
    }

    @inline(__always)
    func setWord(_ value: UInt32, at address: UInt32) {
        base.storeBytes(of: value, toByteOffset: Int(address), as: UInt32.self)
    }

    /// A copy of `count` bytes at `address`; the range must be valid.
    func bytes(at address: UInt32, count: Int) -> [UInt8] {
        Array(buffer(at: address, count: count))
    }

    /// The `count` bytes at `address`, not copied; the range must be valid, and the view is only good until the
    /// next store.
    func buffer(at address: UInt32, count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + Int(address), count: count)
    }

    func copy(_ bytes: [UInt8], to address: UInt32) {
        bytes.withUnsafeBytes { source in
            guard let pointer = source.baseAddress else { return }
            (base + Int(address)).copyMemory(from: pointer, byteCount: source.count)
        }
    }
}
