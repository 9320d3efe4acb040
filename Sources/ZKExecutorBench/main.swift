// Measures the executor's speed on the example guests: prints one `RESULT executor ...` line per workload.
//
// Usage: zkfaas-executor-bench [--guests DIR] [--fib-n N] [--sha-bytes N] [--repeat N]
import ZKExecutor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

var guestsDirectory = "Guests/bin"
var fibN: UInt32 = 50_000_000
var shaBytes = 1 << 20
var repeats = 3
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else {
        print("missing value for \(flag)")
        exit(2)
    }
    switch flag {
    case "--guests": guestsDirectory = value
    case "--fib-n": fibN = UInt32(value) ?? fibN
    case "--sha-bytes": shaBytes = Int(value) ?? shaBytes
    case "--repeat": repeats = max(1, Int(value) ?? repeats)
    default:
        print("unknown option \(flag)")
        exit(2)
    }
}

/// Runs `buffers` through the guest `name` `repeats` times and prints the best run.
func measure(_ name: String, label: String, buffers: [[UInt8]], directory: String, repeats: Int) {
    do {
        let program = try GuestProgram(elfPath: "\(directory)/\(name).elf")
        let executor = Executor(program: program)
        var best = Double.infinity
        var cycles: UInt64 = 0
        for _ in 0..<repeats {
            let clock = ContinuousClock()
            var result: ExecutionResult?
            let elapsed = try clock.measure { result = try executor.run(buffers: buffers) }
            cycles = result?.cycles ?? 0
            best = min(best, elapsed / .seconds(1))
        }
        let mips = Double(cycles) / best / 1e6
        print("RESULT executor \(label) cycles=\(cycles) seconds=\(best) mips=\(mips)")
    } catch {
        print("RESULT executor \(label) error=\"\(error)\"")
    }
}

let fibInput = withUnsafeBytes(of: fibN.littleEndian) { Array($0) }
measure("fibonacci", label: "fib n=\(fibN)", buffers: [fibInput], directory: guestsDirectory, repeats: repeats)
var generator = SystemRandomNumberGenerator()
let shaInput = (0..<shaBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
measure("sha256", label: "sha256 bytes=\(shaBytes)", buffers: [shaInput], directory: guestsDirectory, repeats: repeats)
measure("keccak", label: "keccak bytes=\(shaBytes)", buffers: [shaInput], directory: guestsDirectory, repeats: repeats)
