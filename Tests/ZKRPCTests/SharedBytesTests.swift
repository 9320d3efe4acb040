import Synchronization
import Testing
import ZKRPC
import ZKTestSupport

@Suite("SharedBytes")
struct SharedBytesTests {
    static func address(_ bytes: SharedBytes) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    static let ranges: [Range<Int>] = [0..<0, 0..<1, 0..<1000, 999..<1000, 1000..<1000, 17..<513, 500..<500]

    @Test("an array's slices hold the same bytes, copied", arguments: ranges)
    func arraySlices(range: Range<Int>) {
        let bytes = DeterministicBytes.make(count: 1000, seed: 1)
        let shared = SharedBytes(bytes)
        let slice = shared.slice(range)
        #expect(slice.count == range.count)
        #expect(slice.bytes == Array(bytes[range]))
        #expect(slice.withUnsafeBytes { Array($0) } == Array(bytes[range]))
        if !range.isEmpty {
            #expect(Self.address(slice) != Self.address(shared).map { $0 + range.lowerBound })
        }
    }

    @Test("a transport buffer's slices, and slices of slices, are views of the same bytes", arguments: ranges)
    func viewSlices(range: Range<Int>) {
        let bytes = DeterministicBytes.make(count: 1000, seed: 2)
        let shared = SharedBytes(storage: ByteView(bytes, label: "view-slices-\(range)"))
        let slice = shared.slice(range)
        #expect(slice.bytes == Array(bytes[range]))
        if !range.isEmpty {
            #expect(Self.address(slice) == Self.address(shared).map { $0 + range.lowerBound })
            let inner = slice.slice(1..<range.count)
            #expect(inner.bytes == Array(bytes[(range.lowerBound + 1)..<range.upperBound]))
            #expect(Self.address(inner) == Self.address(shared).map { $0 + range.lowerBound + 1 })
        }
    }

    @Test("a storage without a slice of its own is sliced by copying")
    func defaultSliceCopies() {
        let bytes = DeterministicBytes.make(count: 64, seed: 3)
        let storage = CopyingStorage(bytes: bytes)
        let slice = storage.slice(8..<40)
        #expect(slice is [UInt8])
        #expect(slice.withUnsafeBytes { Array($0) } == Array(bytes[8..<40]))
        #expect(SharedBytes(storage: storage).slice(8..<40).bytes == Array(bytes[8..<40]))
    }

    @Test("a slice keeps the received buffer alive after the whole is gone; the last reference frees it")
    func sliceLifetime() {
        let label = "lifetime"
        var whole: SharedBytes? = SharedBytes(
            storage: ByteView(DeterministicBytes.make(count: 4096, seed: 4), label: label)
        )
        var slice: SharedBytes? = whole!.slice(100..<200)
        let expected = Array(whole!.bytes[100..<200])
        #expect(ByteView.Buffer.aliveCount(label) == 1)
        whole = nil
        #expect(ByteView.Buffer.aliveCount(label) == 1)
        #expect(slice?.bytes == expected)
        slice = nil
        #expect(ByteView.Buffer.aliveCount(label) == 0)
    }

    @Test("adopt converts once; the form replaces the former storage, which is released")
    func adoptReplaces() {
        let label = "adopt-source"
        let bytes = DeterministicBytes.make(count: 300, seed: 5)
        let shared = SharedBytes(storage: ByteView(bytes, label: label))
        let conversions = Atomic<Int>(0)
        let convert: (any SharedByteStorage) -> CopyingStorage = { current in
            conversions.add(1, ordering: .relaxed)
            return CopyingStorage(bytes: current.withUnsafeBytes { Array($0) })
        }
        let first = shared.adopt(convert)
        // The former storage is gone: the value now holds its bytes once, in the form.
        #expect(ByteView.Buffer.aliveCount(label) == 0)
        let second = shared.adopt(convert)
        #expect(conversions.load(ordering: .relaxed) == 1)
        #expect(first.bytes == bytes && second.bytes == bytes)
        #expect(first.bytes.withUnsafeBytes { $0.baseAddress } == second.bytes.withUnsafeBytes { $0.baseAddress })
        // Reads now go to the form.
        #expect(Self.address(shared) == first.bytes.withUnsafeBytes { $0.baseAddress })
        #expect(shared.bytes == bytes)
        #expect(shared.slice(10..<20).bytes == Array(bytes[10..<20]))
    }

    @Test("concurrent adopters convert once and all get the same form")
    func adoptConcurrently() async {
        let shared = SharedBytes(DeterministicBytes.make(count: 10_000, seed: 6))
        let conversions = Counter()
        let addresses = await withTaskGroup(of: UInt.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    let form = shared.adopt { current in
                        conversions.increment()
                        return ByteView(current.withUnsafeBytes { Array($0) }, label: "adopt-concurrent")
                    }
                    return form.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
                }
            }
            var all: Set<UInt> = []
            for await address in group { all.insert(address) }
            return all
        }
        #expect(conversions.value == 1)
        #expect(addresses.count == 1)
    }

    @Test("an array is handed out without copying while it is the storage")
    func arrayNotCopied() {
        let bytes = DeterministicBytes.make(count: 5000, seed: 7)
        let shared = SharedBytes(bytes)
        #expect(shared.bytes.withUnsafeBytes { $0.baseAddress } == bytes.withUnsafeBytes { $0.baseAddress })
    }

    @Test("slicing out of bounds stops the process")
    func sliceOutOfBounds() async {
        await #expect(processExitsWith: .failure) {
            _ = SharedBytes([1, 2, 3]).slice(2..<4)
        }
    }

    @Test("a transport form with a different length stops the process")
    func adoptWrongLength() async {
        await #expect(processExitsWith: .failure) {
            _ = SharedBytes([1, 2, 3]).adopt { _ in CopyingStorage(bytes: [1]) }
        }
    }
}
