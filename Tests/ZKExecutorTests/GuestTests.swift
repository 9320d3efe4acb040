import Foundation
import Synchronization
import Testing
@testable import ZKExecutor

/// The committed example guests, with expected outputs computed independently (Python's hashlib and pycryptodome
/// through ZKFAAS_PYTHON, a plain loop for Fibonacci).
@Suite("Example guests")
struct GuestTests {
    /// fib(n - 1) and fib(n) modulo 2^32, with fib(-1) = 1 and fib(0) = 0.
    static func fibonacci(_ n: UInt32) -> (UInt32, UInt32) {
        var previous: UInt32 = 1
        var current: UInt32 = 0
        for _ in 0..<n { (previous, current) = (current, previous &+ current) }
        return (previous, current)
    }

    @Test("fibonacci commits n, fib(n-1), fib(n) and their SHA-256", arguments: [UInt32(0), 1, 2, 10, 47, 48, 1000])
    func fibonacciGuest(n: UInt32) throws {
        let result = try TestSupport.executor("fibonacci").run(buffers: [TestSupport.u32(n)])
        let (previous, current) = Self.fibonacci(n)
        let expected = TestSupport.u32(n) + TestSupport.u32(previous) + TestSupport.u32(current)
        #expect(result.exitCode == 0)
        #expect(result.publicValues == expected)
        #expect(result.publicValuesDigest == (try TestSupport.sha256(expected)))
        #expect(result.publicValuesDigestMatches)
        #expect(result.stdoutText == "fib(\(n)) = \(current)\n")
        #expect(result.stderr.isEmpty)
        #expect(result.unreadInputBuffers == 0)
    }

    @Test("fibonacci cycles grow by a constant per iteration, and the cycle limit is exact")
    func fibonacciCycles() throws {
        let executor = try TestSupport.executor("fibonacci")
        // Use n with the same number of decimal digits so the printing costs the same.
        let c100 = try executor.run(buffers: [TestSupport.u32(100)]).cycles
        let c200 = try executor.run(buffers: [TestSupport.u32(200)]).cycles
        let c300 = try executor.run(buffers: [TestSupport.u32(300)]).cycles
        #expect(c200 > c100)
        #expect(c300 - c200 == c200 - c100)
        #expect((try executor.run(buffers: [TestSupport.u32(100)], limits: ExecutionLimits(maxCycles: c100))).cycles == c100)
        do {
            _ = try executor.run(buffers: [TestSupport.u32(100)], limits: ExecutionLimits(maxCycles: c100 - 1))
            Issue.record("expected the cycle limit to stop the run")
        } catch {
            #expect(error.code == .cycleLimitExceeded)
            #expect(error.cycles == c100)
        }
    }

    @Test("stdin given as a bincode SP1Stdin runs the same as a buffer list")
    func sp1StdinFile() throws {
        let stdin = SP1Stdin(buffers: [TestSupport.u32(25)])
        let parsed = try SP1Stdin(bincode: stdin.bincode())
        let executor = try TestSupport.executor("fibonacci")
        #expect(try executor.run(input: parsed) == executor.run(buffers: [TestSupport.u32(25)]))
    }

    @Test("sha256 guest hashes its input with the SHA precompiles", arguments: [0, 1, 55, 56, 64, 1000, 65_537])
    func sha256Guest(length: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let result = try TestSupport.executor("sha256").run(buffers: [input])
        let digest = try TestSupport.sha256(input)
        #expect(result.publicValues == digest)
        #expect(result.publicValuesDigest == (try TestSupport.sha256(digest)))
    }

    @Test("keccak guest computes Keccak-256 with KECCAK_PERMUTE", arguments: [0, 1, 135, 136, 137, 1000, 20_000])
    func keccakGuest(length: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let result = try TestSupport.executor("keccak").run(buffers: [input])
        #expect(result.publicValues == (try TestSupport.keccak256(input)))
        #expect(result.publicValuesDigestMatches)
    }

    @Test("unconstrained blocks: hints and output survive, memory and cycles roll back, the block has a budget")
    func unconstrainedGuest() throws {
        let executor = try TestSupport.executor("unconstrained")
        let small = try executor.run(buffers: [TestSupport.u32(10)])
        let large = try executor.run(buffers: [TestSupport.u32(100_000)])
        #expect(small.publicValues == TestSupport.u32(45))
        #expect(large.publicValues == TestSupport.u32(UInt32(truncatingIfNeeded: UInt64(100_000) * 99_999 / 2)))
        #expect(small.cycles == large.cycles, "instructions inside the block are not SP1 cycles")
        #expect(large.unconstrainedInstructions > small.unconstrainedInstructions + 100_000)
        #expect(small.stdoutText == "unconstrained block ran\n")
        // The block's instructions have their own budget, maxCycles unless given: the cycle limit no longer lets
        // an unconstrained block run for free.
        do {
            _ = try executor.run(buffers: [TestSupport.u32(100_000)], limits: ExecutionLimits(maxCycles: small.cycles))
            Issue.record("expected the unconstrained budget to stop the block")
        } catch {
            #expect(error.code == .cycleLimitExceeded)
            #expect(error.message.contains("unconstrained"))
        }
        let widened = ExecutionLimits(
            maxCycles: small.cycles,
            maxUnconstrainedInstructions: large.unconstrainedInstructions
        )
        #expect(try executor.run(buffers: [TestSupport.u32(100_000)], limits: widened) == large)
    }

    @Test("H2: the review's trigger (n = 0xFFFFFFFF, max_cycles 10,000) stops at the budget and is reported")
    func unconstrainedBudgetStopsTheReviewTrigger() throws {
        let executor = try TestSupport.executor("unconstrained")
        let progress = ExecutionProgress()
        // The deadline only guards against the old behaviour (about 16 G instructions for one cycle).
        var limits = ExecutionLimits(maxCycles: 10_000, timeout: .seconds(10))
        limits.progress = progress
        do {
            _ = try executor.run(buffers: [TestSupport.u32(0xFFFF_FFFF)], limits: limits)
            Issue.record("expected the unconstrained budget to stop the block")
        } catch {
            #expect(error.code == .cycleLimitExceeded, "\(error)")
            #expect(error.message.contains("unconstrained"))
            #expect(error.cycles < 10_000)
            #expect(progress.unconstrainedInstructions == 10_001, "what the router charges on top of the cycles")
            #expect(progress.cycles == error.cycles)
        }
    }

    @Test("progress: the cycle count is published every check interval, readable from another thread while it runs")
    func progress() throws {
        let executor = try TestSupport.executor("loop")
        let progress = ExecutionProgress()
        do {
            _ = try executor.run(
                buffers: [],
                limits: ExecutionLimits(maxCycles: 1_000_000, progress: progress, checkInterval: 1_000)
            )
            Issue.record("expected a cycle limit error")
        } catch {
            #expect(error.code == .cycleLimitExceeded)
            // Published at most one interval before the end, never beyond it.
            #expect(progress.cycles <= error.cycles && progress.cycles + 1_000 >= error.cycles)
        }
        // A watcher that sees the count move while the guest runs, then stops it.
        let running = ExecutionProgress()
        let cancellation = ExecutionCancellation()
        let seen = Mutex<[UInt64]>([])
        let watcher = Thread {
            for _ in 0..<5_000 {
                let cycles = running.cycles
                if cycles > 0 { seen.withLock { $0.append(cycles) } }
                if seen.withLock({ $0.count }) >= 3 { break }
                Thread.sleep(forTimeInterval: 0.002)
            }
            cancellation.cancel()
        }
        watcher.start()
        do {
            _ = try executor.run(buffers: [], limits: ExecutionLimits(cancellation: cancellation, progress: running))
            Issue.record("expected cancellation")
        } catch {
            #expect(error.code == .cancelled)
            let samples = seen.withLock { $0 }
            #expect(samples.count >= 3)
            #expect(samples == samples.sorted())
            #expect((samples.last ?? .max) <= error.cycles)
        }
    }

    @Test("the endless loop is stopped by the cycle limit, the deadline and cancellation")
    func loopGuest() throws {
        let executor = try TestSupport.executor("loop")
        do {
            _ = try executor.run(buffers: [], limits: ExecutionLimits(maxCycles: 1_000_000))
            Issue.record("expected a cycle limit error")
        } catch {
            #expect(error.code == .cycleLimitExceeded)
            #expect(error.cycles == 1_000_001)
            #expect(error.pc != nil)
        }
        let start = ContinuousClock.now
        do {
            _ = try executor.run(buffers: [], limits: ExecutionLimits(timeout: .milliseconds(100)))
            Issue.record("expected a deadline error")
        } catch {
            #expect(error.code == .deadlineExceeded)
            #expect(error.cycles > 0)
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        let cancellation = ExecutionCancellation()
        let thread = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            cancellation.cancel()
        }
        thread.start()
        do {
            _ = try executor.run(buffers: [], limits: ExecutionLimits(cancellation: cancellation))
            Issue.record("expected cancellation")
        } catch {
            #expect(error.code == .cancelled)
        }
    }

    @Test("misbehaving guests fail with typed errors", arguments: [
        ("illegal", ExecutorError.Code.illegalInstruction),
        ("misaligned", .misalignedMemoryAccess),
        ("panic", .guestPanicked),
    ])
    func misbehavingGuest(name: String, code: ExecutorError.Code) throws {
        let executor = try TestSupport.executor(name)
        do {
            _ = try executor.run(buffers: [])
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            let pc = try #require(error.pc)
            #expect(pc >= 0x0020_0800)
            #expect(error.cycles > 0)
            if name == "panic" {
                #expect(error.guestStderr == "guest panicked: intentional failure\n")
            }
            if name == "misaligned" {
                #expect(error.message.contains("misaligned load"))
            }
        }
    }

    @Test("missing input makes the guest panic (it checks HINT_LEN itself)")
    func missingInput() throws {
        // fibonacci asks for one buffer; with none, HINT_LEN returns 0xFFFFFFFF and the guest panics.
        let executor = try TestSupport.executor("fibonacci")
        do {
            _ = try executor.run(buffers: [])
            Issue.record("expected a panic")
        } catch {
            #expect(error.code == .guestPanicked)
            #expect(error.guestStderr.contains("no input left"))
        }
        do {
            _ = try executor.run(buffers: [[1, 2, 3]])
            Issue.record("expected a panic")
        } catch {
            #expect(error.code == .guestPanicked)
        }
    }

    @Test("the memory limit stops a guest that writes too much")
    func memoryLimit() throws {
        let executor = try TestSupport.executor("sha256")
        do {
            _ = try executor.run(
                buffers: [[UInt8](repeating: 7, count: 1 << 20)],
                limits: ExecutionLimits(maxMemoryBytes: 512 << 10)
            )
            Issue.record("expected a memory limit error")
        } catch {
            #expect(error.code == .memoryLimitExceeded)
        }
        let result = try executor.run(buffers: [[1, 2, 3]])
        #expect(result.memoryBytesTouched >= 3 * 4096)
        #expect(result.memoryBytesTouched < 64 * 4096)
    }

    @Test("executors are reusable and concurrent runs are independent")
    func concurrentRuns() async throws {
        let executor = try TestSupport.executor("fibonacci")
        try await withThrowingTaskGroup(of: (UInt32, [UInt8]).self) { group in
            for n in UInt32(0)..<8 {
                group.addTask { (n, try executor.run(buffers: [TestSupport.u32(n * 10)]).publicValues) }
            }
            for try await (n, values) in group {
                let (previous, current) = Self.fibonacci(n * 10)
                #expect(values == TestSupport.u32(n * 10) + TestSupport.u32(previous) + TestSupport.u32(current))
            }
        }
    }
}
