import ZKProto
import ZKRPC

/// A `zkfaas.v1.Router` that answers what it was asked, for tests of the typed client: each job call answers a job
/// whose `backend` names the method and carries the request's fields; `Prove` answers without a job when the program
/// hash is empty.
struct EchoRouterService: RPCService {
    let serviceName = "zkfaas.v1.Router"

    var handlers: [RPCMethodHandler] {
        [
            .unary(RouterMethods.prove) { request, _ in
                request.programHash.isEmpty
                    ? ProveResponse()
                    : ProveResponse(job: JobStatus(jobID: "job-\(request.programHash.count)", backend: request.backend))
            },
            .unary(RouterMethods.getJob) { request, _ in JobStatus(jobID: request.jobID, backend: "GetJob") },
            .unary(RouterMethods.waitJob) { request, context in
                // The client's deadline must leave room for the wait itself.
                let remaining = context.timeRemaining.map { $0 > .milliseconds(Int(request.timeoutMs)) } ?? false
                return JobStatus(jobID: request.jobID, backend: "WaitJob \(request.timeoutMs) \(remaining)")
            },
            .unary(RouterMethods.cancelJob) { request, _ in JobStatus(jobID: request.jobID, backend: "CancelJob") },
        ]
    }
}
