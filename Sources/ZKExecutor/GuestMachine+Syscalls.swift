import ZKCrypto

extension GuestMachine {
    /// Executes the ECALL at ``ip``; returns `true` when the guest halted successfully.
    ///
    /// Semantics follow succinctlabs/sp1 v5.2.4 `crates/core/executor/src/executor.rs` (`execute_ecall`) and
    /// `crates/core/executor/src/syscalls/*.rs`: the id is in t0 (x5), arguments in a0/a1 (a2 for WRITE); the
    /// result goes back to t0, which keeps the id when a syscall returns nothing. Unknown ids fail; inside an
    /// unconstrained block only WRITE and EXIT_UNCONSTRAINED are allowed.
    func executeSyscall() throws(ExecutorError) -> Bool {
        let id = registers[5]
        let arg1 = registers[10]
        let arg2 = registers[11]
        if snapshot != nil, id != SyscallCode.exitUnconstrained, id != SyscallCode.write {
            guard let name = SyscallCode.names[id] else {
                throw failure(.unknownSyscall, "unknown syscall id 0x\(hex(id))")
            }
            throw failure(.invalidSyscallUsage, "syscall \(name) is not allowed in an unconstrained block")
        }
        var result: UInt32? = nil
        switch id {
        case SyscallCode.halt:
            exitCode = arg1
            guard arg1 == 0 else {
                throw failure(.guestPanicked, "the guest halted with exit code \(arg1)")
            }
            cycles &+= 1
            try checkCycleLimit()
            return true
        case SyscallCode.write:
            try write(fd: arg1, address: arg2, count: registers[12])
        case SyscallCode.enterUnconstrained:
            snapshot = Snapshot(registers: Array(UnsafeBufferPointer(start: registers, count: 32)), ip: ip,
                                cycles: cycles, undoLog: [])
            registers[5] = 1
            ip += 1
            account(1)  // now counted as unconstrained
            return false
        case SyscallCode.exitUnconstrained:
            if let saved = snapshot {
                for (address, word) in saved.undoLog.reversed() {
                    memory.setWord(word, at: address)
                }
                for index in 0..<32 { registers[index] = saved.registers[index] }
                ip = saved.ip
                cycles = saved.cycles
                snapshot = nil
            }
            registers[5] = 0
            ip += 1
            account(1)
            try checkCycleLimit()
            return false
        case SyscallCode.commit, SyscallCode.commitDeferredProofs:
            guard arg1 < 8 else {
                let name = SyscallCode.names[id] ?? "COMMIT"
                throw failure(.invalidSyscallArgument, "\(name) word index \(arg1) is not below 8")
            }
            if id == SyscallCode.commit {
                committedDigest[Int(arg1)] = arg2
            } else {
                deferredProofsDigest[Int(arg1)] = arg2
            }
        case SyscallCode.verifySP1Proof:
            // Deferred proofs are not verified while executing (SP1's behaviour without a subproof verifier).
            break
        case SyscallCode.hintLen:
            result = inputStack.last.map { UInt32(truncatingIfNeeded: $0.count) } ?? UInt32.max
        case SyscallCode.hintRead:
            try hintRead(address: arg1, count: arg2)
        case SyscallCode.shaExtend:
            try shaExtend(pointer: arg1, arg2: arg2)
        case SyscallCode.shaCompress:
            try shaCompress(schedule: arg1, state: arg2)
        case SyscallCode.keccakPermute:
            try keccakPermute(pointer: arg1, arg2: arg2)
        default:
            guard let name = SyscallCode.names[id] else {
                throw failure(.unknownSyscall, "unknown syscall id 0x\(hex(id))")
            }
            throw failure(.unimplementedSyscall, "UNIMPLEMENTED: syscall \(name) (0x\(hex(id))) is not supported yet")
        }
        registers[5] = result ?? id
        ip += 1
        account(1)
        try checkCycleLimit()  // outside unconstrained blocks only
        return false
    }

    /// Checks that `start ..< start + count` is guest memory.
    private func requireValid(_ start: UInt32, _ count: UInt64, _ what: String) throws(ExecutorError) {
        guard GuestMemory.isValid(start: start, count: count) else {
            throw failure(.invalidMemoryAccess, "\(what) at 0x\(hex(start)) (\(count) bytes) is outside guest memory")
        }
    }

    /// Checks `start` is word-aligned and `start ..< start + count` is guest memory, and marks it written.
    private func requireWritableWords(_ start: UInt32, _ count: UInt64, _ what: String) throws(ExecutorError) {
        guard start & 3 == 0 else {
            throw failure(.misalignedMemoryAccess, "\(what) pointer 0x\(hex(start)) is not word-aligned")
        }
        try requireValid(start, count, what)
        guard memory.touch(start: start, count: count) else {
            throw failure(.memoryLimitExceeded, "\(what) exceeds the memory limit of \(limits.maxMemoryBytes ?? 0) bytes")
        }
    }

    /// WRITE (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/syscalls/write.rs`): fd 1 and 2 are captured;
    /// public values go to fd 13 (fd 3 for SP1 v1–v3 guests); fd 14 (fd 4 for v1–v3) pushes a hint to the front
    /// of the input. Other descriptors up to 10 are rejected by SP1 v4+, 15–21 are SP1's precompile hooks (not
    /// implemented here), and the rest are ignored with a warning in SP1.
    ///
    /// `count` may be close to 2 GiB, so nothing is copied before its limit is checked: stdout and stderr copy only
    /// the bytes they keep (``ExecutionLimits/maxOutputBytes``), and public values and hints fail with
    /// ``ExecutorError/Code/outputLimitExceeded`` past ``ExecutionLimits/maxPublicValuesBytes`` and
    /// ``ExecutionLimits/maxHintBytes``.
    private func write(fd: UInt32, address: UInt32, count: UInt32) throws(ExecutorError) {
        try requireValid(address, UInt64(count), "WRITE buffer")
        let length = Int(count)
        switch fd {
        case 1, 2:
            if fd == 1, Self.isCycleTrackerCommand(memory.bytes(at: address, count: min(length, Self.commandPrefix))) {
                return
            }
            let room = max(0, limits.maxOutputBytes - (fd == 1 ? stdout.count : stderr.count))
            let kept = memory.buffer(at: address, count: min(length, room))
            if fd == 1 {
                stdout.append(contentsOf: kept)
            } else {
                stderr.append(contentsOf: kept)
            }
        case 3, 13:
            guard length <= limits.maxPublicValuesBytes - publicValues.count else {
                throw failure(
                    .outputLimitExceeded,
                    "WRITE of \(count) bytes of public values after \(publicValues.count) exceeds the limit of "
                        + "\(limits.maxPublicValuesBytes) bytes"
                )
            }
            publicValues.append(contentsOf: memory.buffer(at: address, count: length))
        case 4, 14:
            guard length <= limits.maxHintBytes - hintBytesWritten else {
                throw failure(
                    .outputLimitExceeded,
                    "WRITE of a \(count)-byte hint after \(hintBytesWritten) bytes of hints exceeds the limit of "
                        + "\(limits.maxHintBytes) bytes"
                )
            }
            hintBytesWritten += length
            inputStack.append(memory.bytes(at: address, count: length))
        case 0, 5...10:
            throw failure(
                .unsupportedFileDescriptor,
                "WRITE to reserved file descriptor \(fd), not supported on SP1 versions >= v4.0.0"
            )
        case 15...21:
            throw failure(.unsupportedFileDescriptor, "UNIMPLEMENTED: SP1 hook on file descriptor \(fd)")
        default:
            break
        }
    }

    /// Bytes of a stdout WRITE that decide whether it is a cycle-tracker command: the longest command and its colon
    /// fit, so a colon further on means it is not one.
    static let commandPrefix = 32

    /// SP1 swallows stdout writes of the form `cycle-tracker-{start,end,report-start,report-end}:name`; `bytes` is
    /// the write, or at least its first ``commandPrefix`` bytes.
    static func isCycleTrackerCommand(_ bytes: [UInt8]) -> Bool {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let command = String(decoding: bytes[..<colon], as: UTF8.self)
        return [
            "cycle-tracker-start", "cycle-tracker-end", "cycle-tracker-report-start", "cycle-tracker-report-end",
        ].contains(command)
    }

    /// HINT_READ (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/syscalls/hint.rs`): pops the next buffer, whose
    /// length must equal `count`, into word-aligned memory at `address`, zero-padding the last word.
    private func hintRead(address: UInt32, count: UInt32) throws(ExecutorError) {
        guard let buffer = inputStack.last else {
            throw failure(.inputExhausted, "HINT_READ with no input left (hint input stream exhausted)")
        }
        guard buffer.count == Int(count) else {
            throw failure(
                .invalidSyscallArgument,
                "HINT_READ of \(count) bytes but the next input buffer has \(buffer.count)"
            )
        }
        let padded = (UInt64(count) + 3) / 4 * 4
        try requireWritableWords(address, padded, "HINT_READ buffer")
        inputStack.removeLast()
        memory.copy(buffer, to: address)
        let tail = Int(padded) - buffer.count
        if tail > 0 {
            memory.copy([UInt8](repeating: 0, count: tail), to: address &+ count)
        }
    }

    /// SHA_EXTEND: fills words 16..<64 of the schedule at `pointer`; `arg2` must be 0.
    private func shaExtend(pointer: UInt32, arg2: UInt32) throws(ExecutorError) {
        guard arg2 == 0 else { throw failure(.invalidSyscallArgument, "SHA_EXTEND arg2 must be 0, got \(arg2)") }
        try requireWritableWords(pointer, 256, "SHA_EXTEND schedule")
        let words = (memory.base + Int(pointer)).bindMemory(to: UInt32.self, capacity: 64)
        SHA256Compression.extend(words)
    }

    /// SHA_COMPRESS: 64 rounds over the schedule at `schedule`, added into the 8-word state at `state`.
    private func shaCompress(schedule: UInt32, state: UInt32) throws(ExecutorError) {
        guard schedule != state else {
            throw failure(.invalidSyscallArgument, "SHA_COMPRESS schedule and state pointers are equal")
        }
        guard schedule & 3 == 0 else {
            throw failure(.misalignedMemoryAccess, "SHA_COMPRESS schedule pointer 0x\(hex(schedule)) is not word-aligned")
        }
        try requireValid(schedule, 256, "SHA_COMPRESS schedule")
        try requireWritableWords(state, 32, "SHA_COMPRESS state")
        // SP1 reads the whole state, then the schedule during the rounds, then writes the state: the same as
        // compressing in place, even when the two regions overlap.
        let w = UnsafePointer((memory.base + Int(schedule)).bindMemory(to: UInt32.self, capacity: 64))
        let h = (memory.base + Int(state)).bindMemory(to: UInt32.self, capacity: 8)
        SHA256Compression.compress(w, h)
    }

    /// KECCAK_PERMUTE: Keccak-f[1600] over the 25 little-endian lanes (50 words) at `pointer`; `arg2` must be 0.
    ///
    /// As SP1 applies it (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/syscalls/precompiles/keccak256/permute.rs`,
    /// which calls `tiny_keccak::keccakf`): lane `i` is guest words `2i` (low half) and `2i + 1` (high half).
    private func keccakPermute(pointer: UInt32, arg2: UInt32) throws(ExecutorError) {
        guard arg2 == 0 else {
            throw failure(.invalidSyscallArgument, "KECCAK_PERMUTE arg2 must be 0, got \(arg2)")
        }
        try requireWritableWords(pointer, 200, "KECCAK_PERMUTE state")
        let lanes = memory.base + Int(pointer)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { state in
            for index in 0..<25 { state[index] = lanes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) }
            Keccak256.permute(state.baseAddress!)
            for index in 0..<25 { lanes.storeBytes(of: state[index], toByteOffset: index * 8, as: UInt64.self) }
        }
    }
}
