public import ZKProto

/// One method a server answers: decoding, the handler, encoding and error mapping in one value.
///
/// A handler may have a synchronous *fast path* that runs on the connection's event loop and must not block:
/// it answers from memory (a cache hit, a health check) or returns nil to hand the call to the asynchronous
/// path, which runs in its own task. Calls answered on the fast path cost no task and no thread hop.
public struct RPCMethodHandler: Sendable {
    /// The outcome of the fast path.
    public enum FastResult: Sendable {
        case response([UInt8])
        /// A response whose large field is sent from shared storage without copying.
        case responseParts(ResponseParts)
        case failure(RPCError)
        case deferToAsync
    }

    public let fullName: String
    @usableFromInline let fastPath: (@Sendable ([UInt8], ServerContext) -> FastResult)?
    @usableFromInline let asyncPath: @Sendable ([UInt8], ServerContext) async -> Result<[UInt8], RPCError>

    @usableFromInline
    init(
        fullName: String,
        fastPath: (@Sendable ([UInt8], ServerContext) -> FastResult)?,
        asyncPath: @escaping @Sendable ([UInt8], ServerContext) async -> Result<[UInt8], RPCError>
    ) {
        self.fullName = fullName
        self.fastPath = fastPath
        self.asyncPath = asyncPath
    }

    /// Runs the fast path, if any.
    public func handleFast(_ payload: [UInt8], context: ServerContext) -> FastResult {
        fastPath?(payload, context) ?? .deferToAsync
    }

    /// Runs the asynchronous path.
    public func handle(_ payload: [UInt8], context: ServerContext) async -> Result<[UInt8], RPCError> {
        await asyncPath(payload, context)
    }

    /// A unary method.
    ///
    /// - Parameters:
    ///   - method: the method's descriptor.
    ///   - fast: optional non-blocking answer on the event loop; return nil to continue on `body`.
    ///   - body: the handler; its errors are mapped with ``RPCError/init(mapping:)``.
    ///
    /// Inlinable, so the closures are specialized for the method's message types where the service is defined:
    /// no generic metadata lookups on each call.
    @inlinable
    public static func unary<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        fast: (@Sendable (Request, ServerContext) throws -> Response?)? = nil,
        _ body: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) -> RPCMethodHandler {
        let name = method.fullName
        return RPCMethodHandler(
            fullName: name,
            fastPath: fast.map { fast in
                fastPath(method) { request, context in try fast(request, context).map { .response($0.serializedBytes()) } }
            },
            asyncPath: { payload, context in
                let request: Request
                do {
                    request = try Request(serializedBytes: payload)
                } catch {
                    return .failure(Self.malformed(error, method: name))
                }
                do {
                    let response = try await body(request, context)
                    return .success(response.serializedBytes())
                } catch {
                    return .failure(Self.handlerFailed(error, context: context))
                }
            }
        )
    }

    /// A unary method whose fast path answers with an already encoded response (e.g. one kept in a cache), so a hit
    /// costs no encoding at all. Otherwise as ``unary(_:fast:_:)``.
    @inlinable
    public static func unary<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        fastEncoded: @escaping @Sendable (Request, ServerContext) throws -> [UInt8]?,
        _ body: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) -> RPCMethodHandler {
        RPCMethodHandler(
            fullName: method.fullName,
            fastPath: fastPath(method) { request, context in try fastEncoded(request, context).map { .response($0) } },
            asyncPath: unary(method, body).asyncPath
        )
    }

    /// A unary method whose fast path answers in ``ResponseParts``: the fields around a large cached field (e.g. a
    /// program's bytes), which the transport then sends without copying. Otherwise as ``unary(_:fast:_:)``.
    @inlinable
    public static func unary<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        fastParts: @escaping @Sendable (Request, ServerContext) throws -> ResponseParts?,
        _ body: @escaping @Sendable (Request, ServerContext) async throws -> Response
    ) -> RPCMethodHandler {
        RPCMethodHandler(
            fullName: method.fullName,
            fastPath: fastPath(method) { request, context in try fastParts(request, context).map { .responseParts($0) } },
            asyncPath: unary(method, body).asyncPath
        )
    }

    /// A fast path: decodes the request (INVALID_ARGUMENT when it is malformed), runs `answer`, maps its errors;
    /// `answer` returning nil defers the call to the asynchronous path.
    @inlinable
    static func fastPath<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ answer: @escaping @Sendable (Request, ServerContext) throws -> FastResult?
    ) -> @Sendable ([UInt8], ServerContext) -> FastResult {
        let name = method.fullName
        return { (payload: [UInt8], context: ServerContext) -> FastResult in
            let request: Request
            do {
                request = try Request(serializedBytes: payload)
            } catch {
                return .failure(Self.malformed(error, method: name))
            }
            do {
                return try answer(request, context) ?? .deferToAsync
            } catch {
                return .failure(Self.handlerFailed(error, context: context))
            }
        }
    }

    /// Maps a handler's error; INTERNAL ones are logged, since their cause is not sent.
    @usableFromInline
    static func handlerFailed(_ error: any Error, context: ServerContext) -> RPCError {
        let mapped = RPCError(mapping: error)
        if mapped.code == .internalError {
            context.logger.error("handler failed", metadata: ["rpc.error": "\(String(reflecting: error))"])
        }
        return mapped
    }

    @usableFromInline
    static func malformed(_ error: any Error, method: String) -> RPCError {
        RPCError(code: .invalidArgument, message: "malformed request payload for \(method): \(error)")
    }
}
