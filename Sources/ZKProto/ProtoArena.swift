internal import ZKProtoC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns the C memory of one message while protobuf-c packs it, and converts protobuf-c's field types.
///
/// A bump allocator: small allocations are carved out of `malloc`ed chunks (the first one
/// ``firstChunkBytes`` long), so packing a typical message costs one or two `malloc`s instead of one per field;
/// an allocation larger than half a chunk gets its own `malloc`. Everything is freed when the arena is.
final class ProtoArena {
    /// Size of the first chunk; later chunks are ``chunkBytes``.
    static let firstChunkBytes = 1024
    static let chunkBytes = 4096
    /// Alignment of every allocation (enough for any protobuf-c type).
    private static let alignment = 16

    /// The first chunk, and every later chunk or large block; all freed on deinit.
    private var firstChunk: UnsafeMutableRawPointer?
    private var blocks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0

    init() {}

    deinit {
        free(firstChunk)
        for pointer in blocks { free(pointer) }
    }

    private func raw(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let size = (max(byteCount, 1) + Self.alignment - 1) & ~(Self.alignment - 1)
        if size <= remaining, let pointer = cursor {
            cursor = pointer + size
            remaining -= size
            return pointer
        }
        if firstChunk == nil && size <= Self.firstChunkBytes / 2 {
            guard let pointer = malloc(Self.firstChunkBytes) else { fatalError("malloc failed") }
            firstChunk = pointer
            cursor = pointer + size
            remaining = Self.firstChunkBytes - size
            return pointer
        }
        if size > Self.chunkBytes / 2 {
            return block(size)
        }
        let chunk = Self.chunkBytes
        let pointer = block(chunk)
        cursor = pointer + size
        remaining = chunk - size
        return pointer
    }

    private func block(_ byteCount: Int) -> UnsafeMutableRawPointer {
        guard let pointer = malloc(byteCount) else { fatalError("malloc(\(byteCount)) failed") }
        blocks.append(pointer)
        return pointer
    }

    func allocate<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw(MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: 1)
    }

    /// `value` as the NUL-terminated C string protobuf-c packs. protobuf-c packs a string only up to its first NUL,
    /// so a NUL inside `value` is written as U+FFFD: the string is never cut short on the wire (an `api-key`
    /// `"valid\0junk"` must not arrive as `"valid"`).
    func string(_ value: String) -> UnsafeMutablePointer<CChar> {
        var value = value
        if value.utf8.contains(0) {
            value = String(decoding: value.utf8.flatMap { $0 == 0 ? [0xEF, 0xBF, 0xBD] : [$0] }, as: UTF8.self)
        }
        return value.withUTF8 { utf8 in
            let pointer = raw(utf8.count + 1).bindMemory(to: CChar.self, capacity: utf8.count + 1)
            if let base = utf8.baseAddress {
                UnsafeMutableRawPointer(pointer).copyMemory(from: base, byteCount: utf8.count)
            }
            pointer[utf8.count] = 0
            return pointer
        }
    }

    func bytes(_ value: [UInt8]) -> ProtobufCBinaryData {
        if value.isEmpty { return ProtobufCBinaryData(len: 0, data: nil) }
        let pointer = raw(value.count).bindMemory(to: UInt8.self, capacity: value.count)
        value.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: value.count) }
        return ProtobufCBinaryData(len: value.count, data: pointer)
    }

    func array<Element, CElement>(
        _ values: [Element],
        _ convert: (Element) -> CElement
    ) -> UnsafeMutablePointer<CElement>? {
        if values.isEmpty { return nil }
        let pointer = raw(MemoryLayout<CElement>.stride * values.count)
            .bindMemory(to: CElement.self, capacity: values.count)
        for (index, value) in values.enumerated() {
            (pointer + index).initialize(to: convert(value))
        }
        return pointer
    }

    /// The string protobuf-c unpacked. protobuf-c hands strings over NUL-terminated, without their length, so a
    /// string whose wire bytes hold a NUL arrives cut at it: callers for whom that matters refuse such input before
    /// decoding (`ZKWire` does for every `Frame`: method, metadata, status).
    static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let base = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    static func array<CElement, Element>(
        _ pointer: UnsafeMutablePointer<CElement>?,
        _ count: Int,
        _ convert: (CElement) -> Element
    ) -> [Element] {
        guard let pointer, count > 0 else { return [] }
        return UnsafeBufferPointer(start: pointer, count: count).map(convert)
    }

    /// The base address protobuf-c's unpack reads from (nil for an empty buffer, which it never reads).
    static func base(of bytes: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
        if let base = bytes.baseAddress { return base.assumingMemoryBound(to: UInt8.self) }
        return nil
    }
}
