import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO

/// `zkfaas-bench soak`: many clients mixing cache hits, misses, cancels, reads of the registry and storage, bad
/// frames and slow readers against the three services for a long time, printing throughput, p99 and each service's
/// resident memory every window, and at the end the slope of the memory (flat is the target).
struct SoakLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "A long mixed load on the three services; prints throughput, p99 and RSS per window, and the RSS slope."
    )

    @Option(help: "Router HOST:PORT.") var router: String
    @Option(help: "Registry HOST:PORT.") var registry: String
    @Option(help: "Storage HOST:PORT.") var storage: String
    @Option(help: "A registered program hash (hex): the fibonacci guest.") var programHash: String
    @Option(help: "Its ELF hash (hex).") var elfHash: String
    @Option(help: "A process to watch, NAME=PID (repeatable).") var pid: [String] = []
    @Option(help: "Concurrent clients.") var clients: Int = 64
    @Option(help: "Seconds in all.") var seconds: Int = 600
    @Option(help: "Seconds per report window.") var window: Int = 60
    @Option(help: "API key sent to the router, if it has keys.") var apiKey: String?

    func run() async throws {
        let hash = try Hex.decode(programHash)
        let elf = try Hex.decode(elfHash)
        let watched: [(String, Int32)] = pid.compactMap { item in
            let parts = item.split(separator: "=")
            guard parts.count == 2, let number = Int32(parts[1]) else { return nil }
            return (String(parts[0]), number)
        }
        var metadata = Metadata()
        if let apiKey { metadata.add(Metadata.apiKey, apiKey) }
        var routerConfiguration = try RPCClient.Configuration(address: router)
        routerConfiguration.metadata = metadata
        routerConfiguration.connections = 8
        let routerClient = RouterClient(configuration: routerConfiguration)
        let registryClient = try RegistryClient(address: registry)
        let storageClient = try StorageClient(address: storage)
        let hit = ProveRequest(programHash: hash, publicInputs: [RouterLoad.input(1000)], wait: true)
        let warm = try await routerClient.prove(hit, timeout: .seconds(300))
        guard warm.state == .succeeded else { throw ValidationError("warm-up proof failed: \(warm)") }

        let start = ContinuousClock.now
        let end = start + .seconds(seconds)
        let routerHost = String(router[..<(router.lastIndex(of: ":") ?? router.endIndex)])
        let routerPort = Int(router[router.index(after: router.lastIndex(of: ":") ?? router.startIndex)...]) ?? 0
        var initial: [String: [Double]] = [:]
        for (name, number) in watched { initial[name] = [Double(ProcessMemory.residentKilobytes(pid: number) ?? 0)] }
        let state = SoakState(rss: initial)
        let (clients, window) = (self.clients, self.window)
        printError("soak: \(clients) clients for \(seconds) s, a report every \(window) s")

        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var step = client
                    while ContinuousClock.now < end {
                        let action = SoakAction.of(step: step)
                        let before = ContinuousClock.now
                        var failure: String?
                        var closedByServer = false
                        do {
                            switch action {
                            case .cacheHit:
                                let job = try await routerClient.prove(hit, timeout: .seconds(60))
                                if job.state != .succeeded { failure = "hit-\(job.state)" }
                            case .cacheMiss:
                                let input = RouterLoad.input(UInt32(2000 + step % 1_000_000))
                                let request = ProveRequest(programHash: hash, publicInputs: [input], wait: true)
                                let job = try await routerClient.prove(request, timeout: .seconds(120))
                                if job.state != .succeeded { failure = "miss-\(job.state)" }
                            case .cancel:
                                let input = RouterLoad.input(UInt32(50_000_000 + step % 1_000_000))
                                let request = ProveRequest(programHash: hash, publicInputs: [input], wait: false)
                                let job = try await routerClient.prove(request, timeout: .seconds(60))
                                _ = try await routerClient.cancelJob(job.jobID, timeout: .seconds(60))
                            case .storageGet:
                                _ = try await storageClient.getProgram(
                                    StorageGetProgramRequest(elfHash: elf), timeout: .seconds(60))
                            case .registryGet:
                                _ = try await registryClient.getProgram(hash, timeout: .seconds(60))
                            case .badFrames:
                                closedByServer = try await AbusiveConnection.send(
                                    AbusiveConnection.badFrame(step / 20), host: routerHost, port: routerPort,
                                    patience: .seconds(2))
                            case .slowReader:
                                try await AbusiveConnection.slowReader(
                                    host: routerHost, port: routerPort, pings: 20_000, hold: .seconds(2))
                            }
                        } catch let error as RPCError {
                            failure = error.code.name
                        } catch {
                            failure = "\(type(of: error))"
                        }
                        let elapsed = ContinuousClock.now - before
                        state.window.withLock { window in
                            if action.isTimed {
                                window.calls += 1
                                window.latency.record(UInt64(elapsed / .nanoseconds(1)))
                            } else {
                                window.abusiveConnections += 1
                                if closedByServer { window.closedByServer += 1 }
                            }
                            if let failure {
                                window.errors += 1
                                window.errorCodes[failure, default: 0] += 1
                            }
                        }
                        step += clients
                    }
                }
            }
            group.addTask {
                var index = 0
                var next = start + .seconds(window)
                while next <= end {
                    try await Task.sleep(until: next, clock: .continuous)
                    index += 1
                    let finished = state.window.withLock { window in
                        defer { window = SoakWindow() }
                        return window
                    }
                    var line = "SOAK window=\(index) t_s=\(index * window) rps=\(finished.calls / max(1, window))"
                        + " p99_us=\(Int(finished.latency.percentile(0.99))) errors=\(finished.errors)"
                        + " abusive=\(finished.abusiveConnections) closed_by_server=\(finished.closedByServer)"
                    for (name, number) in watched {
                        let kilobytes = ProcessMemory.residentKilobytes(pid: number) ?? 0
                        line += " rss_kb_\(name)=\(kilobytes)"
                        state.rss.withLock { $0[name, default: []].append(Double(kilobytes)) }
                    }
                    if !finished.errorCodes.isEmpty {
                        line += " error_codes=" + finished.errorCodes.sorted { $0.key < $1.key }
                            .map { "\($0.key):\($0.value)" }.joined(separator: ",")
                    }
                    print(line)
                    next += .seconds(window)
                }
            }
            try await group.waitForAll()
        }
        await routerClient.close()
        await registryClient.close()
        await storageClient.close()
        // The slope over the windows after the first (the first includes warm-up growth: caches filling).
        var result = "RESULT label=soak clients=\(clients) seconds=\(seconds)"
        let series = state.rss.withLock { $0 }
        for (name, _) in watched {
            let samples = Array((series[name] ?? []).dropFirst(2))
            let slope = ProcessMemory.slope(samples)
            result += " rss_slope_kb_per_window_\(name)=\(Int(slope.rounded()))"
            result += " rss_last_kb_\(name)=\(Int(series[name]?.last ?? 0))"
        }
        print(result)
    }
}
