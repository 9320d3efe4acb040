import Testing
import ZKCrypto

@Suite("CryptoError")
struct CryptoErrorTests {
    @Test("Codes have stable numeric values that round-trip")
    func stableCodes() {
        let codes: [(CryptoError.Code, Int)] = [
            (.invalidHex, 1), (.invalidLength, 2), (.invalidPrivateKey, 3), (.invalidPublicKey, 4),
            (.invalidSignature, 5), (.signatureHighS, 6), (.invalidRecoveryID, 7), (.recoveryFailed, 8),
            (.invalidABIValue, 9), (.invalidAddress, 10), (.invalidChecksum, 11), (.randomFailure, 12),
            (.openSSLFailure, 13), (.inconsistentKeyPair, 14),
        ]
        for (code, raw) in codes {
            #expect(code.rawValue == raw)
            #expect(CryptoError.Code(rawValue: raw) == code)
        }
        #expect(CryptoError.Code(rawValue: 0) == nil)
        #expect(CryptoError.Code(rawValue: 999) == nil)
    }

    @Test("Description names the code and message")
    func description() {
        let error = CryptoError(code: .invalidHex, message: "odd length")
        #expect("\(error)".contains("invalidHex"))
        #expect("\(error)".contains("odd length"))
    }
}
