/// The processor architecture a trace or report came from, as the text shows it (`sys`'s
/// `MACHINE:`, the register names of a dump, the shape of its frames).
///
/// The raw value is the stable name used in JSON and in rules.
public enum Architecture: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// 64-bit x86 (`RIP`, `RSP`, `ORIG_RAX`).
    case x86_64 = "x86_64"
    /// 32-bit x86 (`EIP`, `EAX`, `DS`/`ES`/`FS`/`GS`).
    case x86 = "x86"
    /// 64-bit ARM (`PC`, `LR`, `X29`…`X0`, `PSTATE`; console `pc :`, `x29:`).
    case arm64 = "arm64"
    /// 32-bit ARM (console `(func) from [<…>] (caller)`, `r7:`…, `psr:`).
    case arm = "arm"
    /// 64-bit PowerPC (`NIP`, `MSR`, `R0`…`R31`; console `GPR00:`).
    case ppc64 = "ppc64"
    /// 64-bit IBM Z (`PSW`, `GPRS`, lowcore; console `Krnl PSW :`).
    case s390x = "s390x"

    public var description: String { rawValue }
}
