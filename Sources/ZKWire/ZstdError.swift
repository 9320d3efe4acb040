/// Why a zstd payload was refused. Every case maps to INVALID_ARGUMENT at the RPC layer.
public struct ZstdError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Sendable, Hashable {
            case declaredSizeTooLarge, exceedsDeclaredSize, shorterThanDeclared, corrupt, compressionFailed
        }

        private let wrapped: Wrapped

        /// The declared uncompressed size is above the configured cap.
        public static let declaredSizeTooLarge = Code(wrapped: .declaredSizeTooLarge)
        /// The data decompresses to more than the declared size (a zstd bomb or a lie); decoding stopped there.
        public static let exceedsDeclaredSize = Code(wrapped: .exceedsDeclaredSize)
        /// The data decompresses to fewer bytes than declared.
        public static let shorterThanDeclared = Code(wrapped: .shorterThanDeclared)
        /// The bytes are not a valid zstd frame.
        public static let corrupt = Code(wrapped: .corrupt)
        /// zstd could not compress (out of memory).
        public static let compressionFailed = Code(wrapped: .compressionFailed)

        public var description: String {
            switch wrapped {
            case .declaredSizeTooLarge: "declared size too large"
            case .exceedsDeclaredSize: "exceeds declared size"
            case .shorterThanDeclared: "shorter than declared"
            case .corrupt: "corrupt zstd data"
            case .compressionFailed: "compression failed"
            }
        }
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
