import ZKCrypto
import ZKProto

/// JSON forms of router messages for `--json` output.
enum ProofRecordJSON {
    static func record(_ record: ProofRecord) -> JSONText.Value {
        .object([
            ("format_version", .uint(UInt64(record.formatVersion))),
            ("kind", .string(record.kind)),
            ("zero_knowledge", .bool(record.zeroKnowledge)),
            ("succinct", .bool(record.succinct)),
            ("program_hash", .string(Hex.encode(record.programHash))),
            ("elf_hash", .string(Hex.encode(record.elfHash))),
            ("zkvm", .string(record.zkvm)),
            ("zkvm_version", .string(record.zkvmVersion)),
            ("backend", .string(record.backend)),
            ("mode", .string(modeName(record.mode))),
            ("stdin_digest", .string(Hex.encode(record.stdinDigest))),
            ("public_values", .string(Hex.encode(record.publicValues))),
            ("public_values_digest", .string(Hex.encode(record.publicValuesDigest))),
            ("cycles", .uint(record.cycles)),
            ("exit_code", .int(Int64(record.exitCode))),
            ("created_at_ms", .uint(record.createdAtMs)),
            ("proof", .string(Hex.encode(record.proof))),
            ("attester_public_key", .string(Hex.encode(record.attesterPublicKey))),
        ])
    }

    static func job(_ job: JobStatus) -> JSONText.Value {
        var pairs: [(String, JSONText.Value)] = [
            ("job_id", .string(job.jobID)),
            ("state", .string(stateName(job.state))),
            ("cached", .bool(job.cached)),
            ("cache_tier", .string(job.cacheTier)),
            ("joined", .bool(job.joined)),
            ("backend", .string(job.backend)),
            ("cycles_so_far", .uint(job.cyclesSoFar)),
        ]
        if let proof = job.proof { pairs.append(("proof", record(proof))) }
        if let error = job.error {
            pairs.append(("error", .object([("code", .uint(UInt64(error.code))), ("message", .string(error.message))])))
        }
        return .object(pairs)
    }

    static func modeName(_ mode: ProofMode) -> String {
        switch mode {
        case .dev: "dev"
        case .core: "core"
        case .compressed: "compressed"
        case .groth16: "groth16"
        case .plonk: "plonk"
        default: "unspecified"
        }
    }

    static func stateName(_ state: JobState) -> String {
        switch state {
        case .queued: "queued"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .cancelled: "cancelled"
        default: "unspecified"
        }
    }
}
