/// A minimal Solidity `abi.encode` for a flat tuple of ``ABIValue``s.
///
/// Layout (Solidity ABI specification, "Formal Specification of the Encoding"): the head has one 32-byte word per
/// value; a static value is that word itself, a dynamic value's word is the byte offset of its tail, counted from the
/// start of the encoding. Each tail is the length as a `uint256` followed by the bytes, zero-padded to a multiple of
/// 32 (an empty string or `bytes` is just the zero length word).
///
/// ```swift
/// let encoded = try ABIEncoder.encode([.string("job"), .uint256(7), .bytes32(digest)])
/// let hash = Keccak256.hash(encoded)
/// ```
public enum ABIEncoder {
    /// Size of one ABI word.
    public static let wordSize = 32

    /// Encodes `values` as the tuple `(T1, T2, ...)`, like Solidity's `abi.encode(v1, v2, ...)`.
    ///
    /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidABIValue`` if a ``ABIValue/bytes32(_:)`` payload is
    ///   not exactly 32 bytes.
    public static func encode(_ values: [ABIValue]) throws(CryptoError) -> [UInt8] {
        let headSize = values.count * wordSize
        var head: [UInt8] = []
        var tail: [UInt8] = []
        head.reserveCapacity(headSize)
        for (index, value) in values.enumerated() {
            switch value {
            case .bytes32(let bytes):
                guard bytes.count == wordSize else {
                    throw CryptoError(
                        code: .invalidABIValue,
                        message: "bytes32 value at index \(index) has \(bytes.count) bytes"
                    )
                }
                head += bytes
            case .uint256(let number):
                head += word(number)
            case .address(let address):
                head += [UInt8](repeating: 0, count: wordSize - EthereumAddress.byteCount) + address.rawRepresentation
            case .bool(let flag):
                head += word(flag ? 1 : 0)
            case .string(let text):
                head += word(UInt64(headSize + tail.count))
                appendDynamic(Array(text.utf8), to: &tail)
            case .bytes(let bytes):
                head += word(UInt64(headSize + tail.count))
                appendDynamic(bytes, to: &tail)
            }
        }
        return head + tail
    }

    /// A big-endian 32-byte word holding `value`.
    private static func word(_ value: UInt64) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: wordSize)
        for index in 0..<8 {
            out[wordSize - 1 - index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))
        }
        return out
    }

    /// Appends `length ‖ bytes ‖ zero padding` to `tail`.
    private static func appendDynamic(_ bytes: [UInt8], to tail: inout [UInt8]) {
        tail += word(UInt64(bytes.count))
        tail += bytes
        let remainder = bytes.count % wordSize
        if remainder != 0 {
            tail += [UInt8](repeating: 0, count: wordSize - remainder)
        }
    }
}
