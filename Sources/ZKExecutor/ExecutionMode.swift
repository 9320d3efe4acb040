/// Selects, at compile time, the interpreter loop for constrained or unconstrained execution; the loop is
/// specialised per mode, so the constrained loop carries no undo logging.
protocol ExecutionMode {
    /// Whether stores must be logged so the unconstrained block can be rolled back.
    static var isUnconstrained: Bool { get }
}

/// Normal execution: every instruction is a cycle.
enum ConstrainedMode: ExecutionMode {
    static var isUnconstrained: Bool { false }
}

/// Inside ENTER_UNCONSTRAINED ... EXIT_UNCONSTRAINED: memory writes are logged and undone at the exit.
enum UnconstrainedMode: ExecutionMode {
    static var isUnconstrained: Bool { true }
}
