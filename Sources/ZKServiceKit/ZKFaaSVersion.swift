/// The version of this build of ZK-FaaS, reported by every Health call.
public enum ZKFaaSVersion {
    public static let current = "0.1.0"
}
