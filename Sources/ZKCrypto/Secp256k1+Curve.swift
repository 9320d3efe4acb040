internal import COpenSSL

extension Secp256k1 {
    /// The secp256k1 group and its constants, built once and shared.
    ///
    /// `@unchecked Sendable`: the `EC_GROUP` and the order `BIGNUM`s are never modified after `init`, and OpenSSL's
    /// point arithmetic only reads the group (no precomputation tables are installed), so concurrent use is safe.
    /// Every operation allocates its own `BN_CTX`.
    final class Curve: @unchecked Sendable {
        static let shared = Curve()

        /// `EC_GROUP *` for secp256k1.
        let group: OpaquePointer
        /// The group order n.
        let order: BigNumber
        /// ⌊n / 2⌋, the largest `s` Ethereum accepts.
        let halfOrder: BigNumber

        private init() {
            guard let group = EC_GROUP_new_by_curve_name(NID_secp256k1) else {
                fatalError("libcrypto has no secp256k1 group")
            }
            self.group = group
            guard let order = BN_dup(EC_GROUP_get0_order(group)), let half = BN_new(),
                BN_rshift1(half, order) == 1
            else {
                fatalError("secp256k1 order setup failed: out of memory")
            }
            self.order = BigNumber(taking: order)
            self.halfOrder = BigNumber(taking: half)
        }

        deinit { EC_GROUP_free(group) }

        /// Whether `scalar` is in [1, n − 1].
        func isValidScalar(_ scalar: borrowing BigNumber) -> Bool {
            !scalar.isZero && scalar.compare(order) < 0
        }

        /// Serialises `point` as 65 uncompressed bytes `04 ‖ x ‖ y`.
        func uncompressed(_ point: borrowing ECPoint, context: borrowing BigNumberContext) throws(CryptoError)
            -> [UInt8]
        {
            var out = [UInt8](repeating: 0, count: PublicKey.uncompressedByteCount)
            let written = out.withUnsafeMutableBufferPointer {
                EC_POINT_point2oct(
                    group, point.pointer, POINT_CONVERSION_UNCOMPRESSED, $0.baseAddress, $0.count, context.pointer
                )
            }
            guard written == PublicKey.uncompressedByteCount else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EC_POINT_point2oct failed")
            }
            return out
        }

        /// Parses SEC1 bytes (33 compressed or 65 uncompressed) into a point, checking it is on the curve.
        func point(from bytes: [UInt8], context: borrowing BigNumberContext) throws(CryptoError) -> ECPoint {
            let point = try ECPoint(group: group)
            let ok = bytes.withUnsafeBufferPointer {
                EC_POINT_oct2point(group, point.pointer, $0.baseAddress, $0.count, context.pointer)
            }
            guard ok == 1, EC_POINT_is_at_infinity(group, point.pointer) == 0 else {
                OpenSSLErrorQueue.clear()
                throw CryptoError(code: .invalidPublicKey, message: "bytes do not encode a secp256k1 point")
            }
            return point
        }

        /// `d·G` as 65 uncompressed bytes.
        func publicKey(for secret: borrowing BigNumber) throws(CryptoError) -> [UInt8] {
            let context = try BigNumberContext()
            let point = try ECPoint(group: group)
            guard EC_POINT_mul(group, point.pointer, secret.pointer, nil, nil, context.pointer) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EC_POINT_mul(d·G) failed")
            }
            return try uncompressed(point, context: context)
        }

        /// Public key recovery: `Q = r⁻¹(s·R − e·G)` computed as one double-scalar multiplication
        /// `(−e·r⁻¹)·G + (s·r⁻¹)·R`.
        /// A high `s` (above n/2) is refused, as EIP-2 requires.
        func recover(
            digest: [UInt8],
            r rBytes: [UInt8],
            s sBytes: [UInt8],
            recoveryID: UInt8
        ) throws(CryptoError) -> [UInt8] {
            let context = try BigNumberContext()
            let r = try BigNumber(bigEndian: rBytes)
            let s = try BigNumber(bigEndian: sBytes)
            guard isValidScalar(r) else {
                throw CryptoError(code: .invalidSignature, message: "signature r is zero or not below the group order")
            }
            guard isValidScalar(s) else {
                throw CryptoError(code: .invalidSignature, message: "signature s is zero or not below the group order")
            }
            guard s.compare(halfOrder) <= 0 else {
                throw CryptoError(code: .signatureHighS, message: "signature s is above n/2 (rejected by EIP-2)")
            }
            guard recoveryID <= 1 else {
                throw CryptoError(code: .invalidRecoveryID, message: "recovery id \(recoveryID) is not 0 or 1")
            }

            // R = (r, y) with y's parity from the recovery id. Ethereum only has ids 0/1, so x = r (never r + n).
            let bigR = try ECPoint(group: group)
            guard
                EC_POINT_set_compressed_coordinates(group, bigR.pointer, r.pointer, Int32(recoveryID), context.pointer)
                    == 1
            else {
                OpenSSLErrorQueue.clear()
                throw CryptoError(code: .invalidSignature, message: "signature r is not the x coordinate of a point")
            }

            let e = try BigNumber(bigEndian: digest)
            let rInverse = try BigNumber()
            let u1 = try BigNumber()
            let u2 = try BigNumber()
            guard BN_nnmod(e.pointer, e.pointer, order.pointer, context.pointer) == 1,
                BN_mod_inverse(rInverse.pointer, r.pointer, order.pointer, context.pointer) != nil,
                // u1 = (n − e)·r⁻¹ mod n
                BN_mod_sub(u1.pointer, order.pointer, e.pointer, order.pointer, context.pointer) == 1,
                BN_mod_mul(u1.pointer, u1.pointer, rInverse.pointer, order.pointer, context.pointer) == 1,
                // u2 = s·r⁻¹ mod n
                BN_mod_mul(u2.pointer, s.pointer, rInverse.pointer, order.pointer, context.pointer) == 1
            else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "bignum arithmetic failed during recovery")
            }

            let q = try ECPoint(group: group)
            guard EC_POINT_mul(group, q.pointer, u1.pointer, bigR.pointer, u2.pointer, context.pointer) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EC_POINT_mul failed during recovery")
            }
            guard EC_POINT_is_at_infinity(group, q.pointer) == 0 else {
                throw CryptoError(code: .recoveryFailed, message: "recovered public key is the point at infinity")
            }
            return try uncompressed(q, context: context)
        }

        /// The recovery id (0 or 1) of a valid signature `(r, s)` over `digest` by `publicKey`, found by recomputing
        /// `R = (e·s⁻¹)·G + (r·s⁻¹)·Q` and reading the parity of its y coordinate.
        ///
        /// Returns `nil` if `R.x` is not `r` itself (it was ≥ n, probability ≈ 2⁻¹²⁸), which Ethereum's `v` cannot
        /// express; the caller then signs again.
        func recoveryID(
            digest: [UInt8],
            r rBytes: [UInt8],
            s sBytes: [UInt8],
            publicKey: [UInt8]
        ) throws(CryptoError) -> UInt8? {
            let context = try BigNumberContext()
            let q = try point(from: publicKey, context: context)
            let r = try BigNumber(bigEndian: rBytes)
            let s = try BigNumber(bigEndian: sBytes)
            let e = try BigNumber(bigEndian: digest)
            let sInverse = try BigNumber()
            let u1 = try BigNumber()
            let u2 = try BigNumber()
            guard BN_nnmod(e.pointer, e.pointer, order.pointer, context.pointer) == 1,
                BN_mod_inverse(sInverse.pointer, s.pointer, order.pointer, context.pointer) != nil,
                BN_mod_mul(u1.pointer, e.pointer, sInverse.pointer, order.pointer, context.pointer) == 1,
                BN_mod_mul(u2.pointer, r.pointer, sInverse.pointer, order.pointer, context.pointer) == 1
            else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "bignum arithmetic failed computing the recovery id")
            }
            let bigR = try ECPoint(group: group)
            let x = try BigNumber()
            let y = try BigNumber()
            guard EC_POINT_mul(group, bigR.pointer, u1.pointer, q.pointer, u2.pointer, context.pointer) == 1,
                EC_POINT_get_affine_coordinates(group, bigR.pointer, x.pointer, y.pointer, context.pointer) == 1
            else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EC point arithmetic failed computing the recovery id")
            }
            guard x.compare(r) == 0 else { return nil }
            return y.isOdd ? 1 : 0
        }
    }
}
