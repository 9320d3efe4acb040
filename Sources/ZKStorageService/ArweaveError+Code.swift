extension ArweaveError {
    /// A stable error code, backed by a private enum so that cases can be added.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Sendable {
            case invalidWallet = 1
            case signingFailed = 2
            case gatewayUnavailable = 3
            case gatewayRefused = 4
            case invalidGatewayAnswer = 5
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The numeric value of the code; stable across releases.
        var rawValue: Int { wrapped.rawValue }

        var description: String { "\(wrapped)" }

        /// The wallet file is missing, is not a JWK RSA key with every private field, or its fields do not form a
        /// consistent key (or its public exponent is not 65537, the only one Arweave accepts).
        static let invalidWallet = Code(.invalidWallet)
        /// OpenSSL could not sign.
        static let signingFailed = Code(.signingFailed)
        /// The gateway could not be reached, timed out or failed (5xx).
        static let gatewayUnavailable = Code(.gatewayUnavailable)
        /// The gateway refused the transaction or a chunk (4xx), e.g. a bad signature or anchor.
        static let gatewayRefused = Code(.gatewayRefused)
        /// `/price` or `/tx_anchor` answered something that is not a price or an anchor.
        static let invalidGatewayAnswer = Code(.invalidGatewayAnswer)
    }
}
