/// A value for ``ABIEncoder``, tagged with its Solidity type.
public enum ABIValue: Sendable, Hashable {
    /// `bytes32`: exactly 32 bytes, stored as-is.
    case bytes32([UInt8])
    /// `uint256` holding a value that fits in 64 bits (left-padded with zeros).
    case uint256(UInt64)
    /// `address` (20 bytes, left-padded with zeros).
    case address(EthereumAddress)
    /// `bool` (0 or 1 in the last byte).
    case bool(Bool)
    /// `string`: dynamic, UTF-8 bytes.
    case string(String)
    /// `bytes`: dynamic.
    case bytes([UInt8])

    /// The Solidity type name, as used in function signatures and by eth-abi.
    public var typeName: String {
        switch self {
        case .bytes32: "bytes32"
        case .uint256: "uint256"
        case .address: "address"
        case .bool: "bool"
        case .string: "string"
        case .bytes: "bytes"
        }
    }
}
