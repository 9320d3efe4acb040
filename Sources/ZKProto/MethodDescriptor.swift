/// A method of a ZK-FaaS service: its full name and its request and response message types.
public struct MethodDescriptor<Request: ProtoMessage, Response: ProtoMessage>: Sendable, Hashable {
    /// The full name as it travels in a frame, e.g. `zkfaas.v1.Registry/GetProgram`.
    public let fullName: String

    public init(_ fullName: String) {
        self.fullName = fullName
    }

    /// The service part of the name, e.g. `zkfaas.v1.Registry`.
    public var serviceName: Substring {
        fullName.split(separator: "/", maxSplits: 1).first ?? ""
    }

    /// The method part of the name, e.g. `GetProgram`.
    public var methodName: Substring {
        fullName.split(separator: "/", maxSplits: 1).last ?? ""
    }
}
