import Synchronization

/// An immutable byte string that may live in a transport's own storage: a cached program or proof that servers send
/// without copying it each time, or a large answer a client received, handed over without copying it out.
///
/// A cached value starts as a Swift array. The first time a transport sends it, the transport converts it once into
/// its own send-ready form with ``adopt(_:)``, and that form *replaces* the array, so a hot entry is held once, not
/// twice. Later sends reuse the form (a NIO `ByteBuffer` is reference counted: writing it costs no copy).
/// A received value starts in the transport's form (``init(storage:)``): read it with ``withUnsafeBytes(_:)`` or cut
/// it with ``slice(_:)``, neither of which copies.
public final class SharedBytes: Sendable {
    private let storage: Mutex<any SharedByteStorage>
    /// The number of bytes.
    public let count: Int

    public init(_ bytes: [UInt8]) {
        storage = Mutex(bytes)
        count = bytes.count
    }

    /// Bytes kept in `storage` as they are (no copy), e.g. a transport's received buffer.
    public init(storage: some SharedByteStorage) {
        count = storage.count
        self.storage = Mutex(storage)
    }

    /// A copy of the bytes as an array (no copy while they are held as one).
    public var bytes: [UInt8] {
        let current = self.current
        if let array = current as? [UInt8] { return array }
        return current.withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the bytes, wherever they are held; the pointer is valid only inside `body`.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try current.withUnsafeBytes(body)
    }

    /// The bytes at `range` (offsets from the first byte): shares the storage when it is a transport's buffer,
    /// copies the range when it is an array.
    public func slice(_ range: Range<Int>) -> SharedBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of bounds")
        return SharedBytes(storage: current.slice(range))
    }

    /// The storage as it is now; each form is immutable, so it may be read outside the lock.
    private var current: any SharedByteStorage { storage.withLock { $0 } }

    /// The transport's form of the bytes: the one made earlier, or `convert(current)`, which then replaces the
    /// current storage. `convert` runs under the lock and must not call back into this value.
    public func adopt<Form: SharedByteStorage>(_ convert: (any SharedByteStorage) -> Form) -> Form {
        storage.withLock { storage in
            if let form = storage as? Form { return form }
            let form = convert(storage)
            precondition(form.count == count, "a transport form must hold the same bytes")
            storage = form
            return form
        }
    }
}
