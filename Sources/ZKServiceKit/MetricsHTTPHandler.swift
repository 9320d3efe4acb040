import NIOCore
import NIOHTTP1
import Prometheus

/// Answers `GET /metrics` with the registry's text exposition followed by the reporters' samples, and anything else
/// with 404. The exposition is built off the event loop (reporters may take locks or read a small database). A request
/// that does not keep the connection alive has it closed after the answer.
final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: PrometheusCollectorRegistry
    private let reporters: [any MetricsReporting]
    private var path = ""
    private var keepAlive = true

    init(registry: PrometheusCollectorRegistry, reporters: [any MetricsReporting]) {
        self.registry = registry
        self.reporters = reporters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            path = head.uri
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            guard path == "/metrics" else {
                respond(.notFound, Array("not found\n".utf8), context: context)
                return
            }
            let registry = self.registry
            let reporters = self.reporters
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            Task {
                var text: [UInt8] = []
                registry.emit(into: &text)
                MetricSample.render(reporters.flatMap { $0.metricSamples() }, into: &text)
                let body = text
                eventLoop.execute { bound.value.handler.respond(.ok, body, context: bound.value.context) }
            }
        }
    }

    private func respond(_ status: HTTPResponseStatus, _ body: [UInt8], context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; version=0.0.4")
        headers.add(name: "Content-Length", value: String(body.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        guard !keepAlive else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        // `Connection: close` (or HTTP/1.0): close once the answer is out, as the client waits for the end.
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
