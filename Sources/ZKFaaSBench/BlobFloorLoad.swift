import ArgumentParser
import NIOCore
import NIOPosix
import ZKServiceKit

/// `zkfaas-bench blob-get`: closed-loop client of `blob-server` on one connection with `--concurrency` requests in
/// flight; it only counts the answers' bytes (no copy, no decoding). Prints the `RESULT` line of the other loads.
struct BlobFloorLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blob-get",
        abstract: "Closed-loop load on blob-server (floor for hot GetProgram)."
    )

    @OptionGroup var load: LoadOptions

    func run() async throws {
        MallocTuning.apply()  // as the services do
        guard load.connections == 1 else {
            throw ValidationError("blob-get uses one connection (--connections 1), as the storage benchmark it floors")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let done = group.next().makePromise(of: LatencyRecorder.self)
        let handler = BlobFloorClientHandler(
            inFlight: max(1, load.concurrency),
            warmUp: .seconds(1),
            measure: .seconds(load.seconds),
            done: done
        )
        _ = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            // The receive buffers ZKRPCTransportNIO's client connections use.
            .channelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16 * 1024, maximum: 1 << 20)
            )
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
            .connect(host: load.host, port: load.port)
            .get()
        let latencies = try await done.futureResult.get()
        try await group.shutdownGracefully()
        let result = LoadGenerator.Result(
            label: load.label,
            requestsPerSecond: Double(latencies.samples.count) / Double(load.seconds),
            p50: latencies.percentile(0.50),
            p99: latencies.percentile(0.99),
            calls: latencies.samples.count,
            errors: 0
        )
        print(result.line)
    }
}
