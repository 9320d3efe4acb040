/// SP1's syscall ids (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/syscalls/code.rs`).
///
/// Byte 0 of an id is the syscall number, byte 1 whether it is a precompile with its own table, byte 2 extra
/// cycles for SP1's shard clock (which do not change the cycle count SP1 reports).
enum SyscallCode {
    static let halt: UInt32 = 0x00_00_00_00
    static let write: UInt32 = 0x00_00_00_02
    static let enterUnconstrained: UInt32 = 0x00_00_00_03
    static let exitUnconstrained: UInt32 = 0x00_00_00_04
    static let shaExtend: UInt32 = 0x00_30_01_05
    static let shaCompress: UInt32 = 0x00_01_01_06
    static let keccakPermute: UInt32 = 0x00_01_01_09
    static let commit: UInt32 = 0x00_00_00_10
    static let commitDeferredProofs: UInt32 = 0x00_00_00_1A
    static let verifySP1Proof: UInt32 = 0x00_00_00_1B
    static let hintLen: UInt32 = 0x00_00_00_F0
    static let hintRead: UInt32 = 0x00_00_00_F1

    /// Every id SP1 v5 knows, with its name.
    static let names: [UInt32: String] = [
        0x00_00_00_00: "HALT",
        0x00_00_00_02: "WRITE",
        0x00_00_00_03: "ENTER_UNCONSTRAINED",
        0x00_00_00_04: "EXIT_UNCONSTRAINED",
        0x00_30_01_05: "SHA_EXTEND",
        0x00_01_01_06: "SHA_COMPRESS",
        0x00_01_01_07: "ED_ADD",
        0x00_00_01_08: "ED_DECOMPRESS",
        0x00_01_01_09: "KECCAK_PERMUTE",
        0x00_01_01_0A: "SECP256K1_ADD",
        0x00_00_01_0B: "SECP256K1_DOUBLE",
        0x00_00_01_0C: "SECP256K1_DECOMPRESS",
        0x00_01_01_0E: "BN254_ADD",
        0x00_00_01_0F: "BN254_DOUBLE",
        0x00_00_00_10: "COMMIT",
        0x00_00_00_1A: "COMMIT_DEFERRED_PROOFS",
        0x00_00_00_1B: "VERIFY_SP1_PROOF",
        0x00_00_01_1C: "BLS12381_DECOMPRESS",
        0x00_00_00_F0: "HINT_LEN",
        0x00_00_00_F1: "HINT_READ",
        0x00_01_01_1D: "UINT256_MUL",
        0x00_01_01_2F: "U256XU2048_MUL",
        0x00_01_01_1E: "BLS12381_ADD",
        0x00_00_01_1F: "BLS12381_DOUBLE",
        0x00_01_01_20: "BLS12381_FP_ADD",
        0x00_01_01_21: "BLS12381_FP_SUB",
        0x00_01_01_22: "BLS12381_FP_MUL",
        0x00_01_01_23: "BLS12381_FP2_ADD",
        0x00_01_01_24: "BLS12381_FP2_SUB",
        0x00_01_01_25: "BLS12381_FP2_MUL",
        0x00_01_01_26: "BN254_FP_ADD",
        0x00_01_01_27: "BN254_FP_SUB",
        0x00_01_01_28: "BN254_FP_MUL",
        0x00_01_01_29: "BN254_FP2_ADD",
        0x00_01_01_2A: "BN254_FP2_SUB",
        0x00_01_01_2B: "BN254_FP2_MUL",
        0x00_01_01_2C: "SECP256R1_ADD",
        0x00_00_01_2D: "SECP256R1_DOUBLE",
        0x00_00_01_2E: "SECP256R1_DECOMPRESS",
    ]
}
