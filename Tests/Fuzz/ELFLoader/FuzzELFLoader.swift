import FuzzSupport
import ZKContent
import ZKExecutor

/// The ELF loader (``GuestProgram/init(elf:)``, SP1's loading rules) and a short run of what it loads, plus the
/// storage service's header check (``ELFCheck/validate(_:)``).
///
/// Input: the ELF file. A loaded program runs for at most 4,096 cycles and 50 ms with 4 MiB of guest memory and 4 KiB
/// of output, on two input buffers (`n` = 10 for the fibonacci guest, then 3 bytes).
///
/// Checks: nothing traps; every failure is an `ExecutorError` / `ContentError` (typed throws); a loaded program has
/// its entry point inside its text; a run never counts more than one cycle past its limit.
@main
struct FuzzELFLoader {
    static func main() { FuzzDriver.main(run) }

    static let maxCycles: UInt64 = 4096

    static func run(_ data: UnsafeRawBufferPointer) {
        let elf = Array(data)
        do {
            let header = try ELFCheck.validate(elf)
            FuzzCheck.require(header.machine == ELFCheck.machineRISCV, "ELFCheck accepted machine \(header.machine)")
        } catch {
            _ = error.code
        }
        let program: GuestProgram
        do {
            program = try GuestProgram(elf: elf)
        } catch {
            FuzzCheck.require(error.code == .invalidELF, "loading failed with \(error.code)")
            return
        }
        let entryOffset = UInt64(program.entry &- program.textBase)
        FuzzCheck.require(entryOffset < 4 * UInt64(program.instructionCount), "entry outside the text")
        // The deadline bounds what the cycle limit does not: instructions inside unconstrained blocks (issue 11's
        // review asks them a budget of their own).
        let limits = ExecutionLimits(
            maxCycles: maxCycles,
            maxMemoryBytes: 4 << 20,
            deadline: .now.advanced(by: .milliseconds(50)),
            checkInterval: 1024,
            maxOutputBytes: 4096
        )
        do {
            let result = try Executor(program: program).run(buffers: [[10, 0, 0, 0], [0x61, 0x62, 0x63]], limits: limits)
            FuzzCheck.require(result.cycles <= maxCycles, "ran \(result.cycles) cycles past the limit")
        } catch {
            FuzzCheck.require(error.code != .invalidELF, "a loaded program failed as an invalid ELF")
            // As in SP1, the limit fails the run once the count exceeds it: by one cycle at most.
            FuzzCheck.require(error.cycles <= maxCycles + 1, "failed after \(error.cycles) cycles, past the limit: \(error)")
        }
    }
}
