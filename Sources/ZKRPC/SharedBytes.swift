import Synchronization

/// An immutable byte string shared by many answers — a cached program or proof — that a transport may send without
/// copying it each time.
///
/// It starts as a Swift array. The first time a transport sends it, the transport converts it once into its own
/// send-ready form with ``adopt(_:)``, and that form *replaces* the array, so a hot entry is held once, not twice.
/// Later sends reuse the form (a NIO `ByteBuffer` is reference counted: writing it costs no copy).
public final class SharedBytes: Sendable {
    private let storage: Mutex<any SharedByteStorage>
    /// The number of bytes.
    public let count: Int

    public init(_ bytes: [UInt8]) {
        storage = Mutex(bytes)
        count = bytes.count
    }

    /// A copy of the bytes as an array (no copy while no transport has adopted them).
    public var bytes: [UInt8] {
        storage.withLock { storage in
            if let array = storage as? [UInt8] { return array }
            return storage.withUnsafeBytes { Array($0) }
        }
    }

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
