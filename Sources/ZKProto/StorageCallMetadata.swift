/// Call-metadata entries storage-cache-service reads besides the `api-key` (its write key).
public enum StorageCallMetadata {
    /// On `Pin`: `registration` marks the pin as held by a registry record. Such a pin is never lifted by `Unpin`
    /// (FAILED_PRECONDITION), so no later flood of puts can evict a registered program.
    public static let pinHolder = "zkfaas-pin-holder"
    /// The ``pinHolder`` value registry-service sends.
    public static let registrationHolder = "registration"
}
