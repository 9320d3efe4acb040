import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC

/// `zkfaas prove`: asks the router for a proof and waits for it, showing progress.
struct ProveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Ask the prover router for a proof of a registered program.",
        discussion: """
            Inputs become the guest's stdin buffers: public ones first, then private ones, each kind in \
            command-line order. Private inputs are never stored, logged or cached by the router.
            The local backend makes DEV records: an execution attested by the router's key — not a \
            zero-knowledge proof.
            """
    )

    @Argument(help: "Program hash (64 hex digits).") var programHash: String
    @OptionGroup var inputs: InputOptions
    @OptionGroup var privateInputs: PrivateInputOptions
    @Option(help: "auto, local, or a backend name.") var backend: String = "auto"
    @Option(help: "dev, core, compressed, groth16 or plonk.") var mode: String = "dev"
    @Option(help: "Cycle limit (0: the router's).") var maxCycles: UInt64 = 0
    @Option(name: .shortAndLong, help: "Write the proof record (protobuf) to this file.") var output: String?
    @Option(help: "Seconds to wait for the proof.") var timeout: Int = 300
    @Flag(help: "Return at once with the job id instead of waiting.") var noWait = false
    @Flag(help: "Print one JSON object.") var json = false
    @OptionGroup var endpoints: EndpointOptions

    static func parseMode(_ text: String) throws -> ProofMode {
        switch text.lowercased() {
        case "dev": .dev
        case "core": .core
        case "compressed": .compressed
        case "groth16": .groth16
        case "plonk": .plonk
        default: throw ValidationError("unknown mode '\(text)': dev, core, compressed, groth16 or plonk")
        }
    }

    func run() async throws {
        let hash: [UInt8]
        do { hash = try Hex.decode(programHash) } catch { throw ValidationError("program hash: \(error)") }
        let request = ProveRequest(
            programHash: hash,
            publicInputs: try inputs.buffers(),
            privateInputs: try privateInputs.buffers(),
            backend: backend,
            mode: try Self.parseMode(mode),
            wait: false,
            maxCycles: maxCycles
        )
        let start = ContinuousClock.now
        let deadline = start + .seconds(timeout)
        let progress = ProgressLine(enabled: !json)
        let job = try await endpoints.routerClient().closing { client in
            var job = try await client.prove(request, timeout: .seconds(30))
            while !noWait && (job.state == .queued || job.state == .running) {
                let cycles = job.cyclesSoFar > 0 ? ", \(job.cyclesSoFar) cycles" : ""
                progress.show(
                    "job \(job.jobID): \(ProofRecordJSON.stateName(job.state))\(cycles) (\(ContinuousClock.now - start))"
                )
                guard ContinuousClock.now < deadline else { break }
                job = try await client.waitJob(job.jobID, wait: .milliseconds(500))
            }
            return job
        }
        progress.finish()
        try report(job, elapsed: ContinuousClock.now - start)
    }

    private func report(_ job: JobStatus, elapsed: Duration) throws {
        if let output, let proof = job.proof {
            try FileIO.write(proof.serializedBytes(), to: output)
        }
        if json {
            print(JSONText.render(ProofRecordJSON.job(job)))
        } else {
            print("job:            \(job.jobID) — \(ProofRecordJSON.stateName(job.state))"
                + (job.cached ? " (from the \(job.cacheTier) cache)" : job.joined ? " (joined a running job)" : ""))
            if let proof = job.proof {
                print("public values:  \(Hex.encode(proof.publicValues))")
                print("cycles:         \(proof.cycles)")
                print("backend/mode:   \(proof.backend) / \(ProofRecordJSON.modeName(proof.mode))")
                if proof.mode == .dev {
                    print("NOTE: a DEV record — an execution attested by the router's key, not a zero-knowledge proof.")
                }
                if let output { print("proof record:   \(output)") }
            }
            if let error = job.error {
                let code = RPCError.Code(rawValue: error.code)?.name ?? "\(error.code)"
                print("error:          \(code): \(error.message)")
            }
            print("time:           \(elapsed)")
        }
        if job.state == .failed || job.state == .cancelled { throw ExitCode(1) }
    }
}
