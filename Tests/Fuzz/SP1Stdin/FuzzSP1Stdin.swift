import FuzzSupport
import ZKExecutor

/// The bincode `SP1Stdin` parser (``SP1Stdin/init(bincode:)``), which reads a client's input file.
///
/// Input: the bincode bytes.
///
/// Checks: nothing traps; failures are `ExecutorError`s of code `invalidInput` (typed throws); the buffers parsed
/// hold no more bytes than the input; ``SP1Stdin/bincode()`` of a parsed value parses back to the same buffers.
@main
struct FuzzSP1Stdin {
    static func main() { FuzzDriver.main(run) }

    static func run(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        let stdin: SP1Stdin
        do {
            stdin = try SP1Stdin(bincode: bytes)
        } catch {
            FuzzCheck.require(error.code == .invalidInput, "SP1Stdin failed with \(error.code)")
            return
        }
        let total = stdin.buffers.reduce(0) { $0 + 8 + $1.count }
        FuzzCheck.require(8 + total <= bytes.count, "\(total) bytes of buffers out of \(bytes.count)")
        do {
            let again = try SP1Stdin(bincode: stdin.bincode())
            FuzzCheck.require(again == stdin, "bincode() does not parse back")
        } catch {
            FuzzCheck.fail("bincode() of a parsed SP1Stdin does not parse: \(error)")
        }
    }
}
