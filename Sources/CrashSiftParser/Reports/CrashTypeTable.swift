/// syzkaller's bug types (`pkg/report/crash`), chosen by title prefix: the first row with a
/// prefix of the title gives the type; the rows at the end are the defaults of each family.
enum CrashTypeTable {
    /// A type name and the title prefixes that have it.
    struct Row: Sendable {
        var type: String
        var prefixes: [String]
    }

    /// The name of the "no type" type, which syzkaller's files leave out.
    static let unknown = "UNKNOWN"

    static let rows: [Row] = [
        Row(type: "KFENCE-USE-AFTER-FREE-WRITE", prefixes: ["KFENCE: use-after-free write"]),
        Row(type: "KFENCE-USE-AFTER-FREE-READ", prefixes: ["KFENCE: use-after-free read", "KFENCE: use-after-free"]),
        Row(type: "KFENCE-WRITE", prefixes: ["KFENCE: invalid write", "KFENCE: out-of-bounds write"]),
        Row(type: "KFENCE-READ", prefixes: ["KFENCE: invalid read", "KFENCE: out-of-bounds read", "KFENCE: out-of-bounds"]),
        Row(type: "KFENCE-MEMORY-CORRUPTION", prefixes: ["KFENCE: memory corruption"]),
        Row(type: "KFENCE-INVALID-FREE", prefixes: ["KFENCE: invalid free"]),
        Row(type: "KMSAN-UNINIT-VALUE", prefixes: ["KMSAN: uninit-value"]),
        Row(type: "KMSAN-USE-AFTER-FREE-READ", prefixes: ["KMSAN: kernel-infoleak-after-free", "KMSAN: kernel-usb-infoleak-after-free", "KMSAN: use-after-free"]),
        Row(type: "KMSAN-INFO-LEAK", prefixes: ["KMSAN: kernel-infoleak", "KMSAN: kernel-usb-infoleak"]),
        Row(type: "KASAN-NULL-POINTER-DEREFERENCE-WRITE", prefixes: ["KASAN: null-ptr-deref Write"]),
        Row(type: "KASAN-NULL-POINTER-DEREFERENCE-READ", prefixes: ["KASAN: null-ptr-deref Read"]),
        Row(type: "NULL-POINTER-DEREFERENCE", prefixes: ["BUG: unable to handle kernel NULL pointer dereference in"]),
        Row(type: "KASAN-WRITE", prefixes: [
            "KASAN: global-out-of-bounds Write", "KASAN: out-of-bounds Write", "KASAN: slab-out-of-bounds Write",
            "KASAN: stack-out-of-bounds Write", "KASAN: user-memory-access Write", "KASAN: vmalloc-out-of-bounds Write",
            "KASAN: wild-memory-access Write",
        ]),
        Row(type: "KASAN-READ", prefixes: [
            "KASAN: global-out-of-bounds Read", "KASAN: invalid-access Read", "KASAN: out-of-bounds Read",
            "KASAN: slab-out-of-bounds Read", "KASAN: slab-out-of-bounds", "KASAN: stack-out-of-bounds Read",
            "KASAN: stack-out-of-bounds", "KASAN: unknown-crash Read", "KASAN: user-memory-access Read",
            "KASAN: vmalloc-out-of-bounds Read", "KASAN: wild-memory-access Read", "KASAN: wild-memory-access",
        ]),
        Row(type: "KASAN-INVALID-FREE", prefixes: ["KASAN: double-free or invalid-free", "KASAN: invalid-free"]),
        Row(type: "KASAN-USE-AFTER-FREE-WRITE", prefixes: ["KASAN: slab-use-after-free Write", "KASAN: use-after-free Write"]),
        Row(type: "KASAN-USE-AFTER-FREE-READ", prefixes: ["KASAN: slab-use-after-free Read", "KASAN: use-after-free Read", "KASAN: use-after-free"]),
        Row(type: "MEMORY_SAFETY_BUG", prefixes: ["BUG: corrupted list", "BUG: unable to handle kernel paging request"]),
        Row(type: "REFCOUNT_WARNING", prefixes: ["WARNING: refcount bug"]),
        Row(type: "MEMORY_SAFETY_UBSAN", prefixes: ["UBSAN: array-index-out-of-bounds"]),
        Row(type: "KCSAN-DATARACE", prefixes: ["KCSAN: data-race"]),
        Row(type: "KCSAN-ASSERT", prefixes: ["KCSAN: assert: race in"]),
        Row(type: "LOCKDEP", prefixes: [
            "BUG: bad unlock balance in", "BUG: held lock freed in", "BUG: rwlock", "BUG: spinlock",
            "BUG: still has locks held in", "BUG: using", "WARNING: bad unlock balance in", "WARNING: held lock freed in",
            "WARNING: lock held", "WARNING: locking bug in", "WARNING: nested lock was not taken in",
            "WARNING: still has locks held in", "WARNING: suspicious RCU usage in", "inconsistent lock state in",
            "possible deadlock in",
        ]),
        Row(type: "ATOMIC_SLEEP", prefixes: ["BUG: scheduling while atomic in", "BUG: sleeping function called from invalid context in"]),
        Row(type: "LEAK", prefixes: ["memory leak in"]),
        Row(type: "BUG", prefixes: ["BUG: bad usercopy in", "kernel BUG"]),
        Row(type: "WARNING", prefixes: ["WARNING in"]),
        // Titles of printk() messages: no type.
        Row(type: unknown, prefixes: [
            "BUG: stack guard page was hit in", "WARNING: corrupted", "WARNING: kernel stack frame pointer has bad value",
            "WARNING: kernel stack regs has bad",
        ]),
        Row(type: "HANG", prefixes: ["BUG: soft lockup in", "INFO: rcu detected stall in", "INFO: task can't die in", "INFO: task hung in"]),
        Row(type: "DoS", prefixes: [
            "Alignment trap in", "BUG: Object already free", "Internal error in", "PANIC: double fault", "Unhandled fault in",
            "VFS: Busy inodes after unmount (use-after-free)", "VFS: Close: file count is zero (use-after-free)", "divide error in",
            "general protection fault in", "go runtime error", "int3 in", "invalid opcode in", "kernel panic:",
            "kernel stack overflow", "panic:", "rust_kernel panicked", "stack segment fault in", "trusty:",
            "unregister_netdevice: waiting for DEV to become free",
        ]),
        Row(type: "NO_OUTPUT", prefixes: ["no output from test machine"]),
        Row(type: "REBOOT", prefixes: ["unexpected kernel reboot"]),
        Row(type: "SYZ_FAILURE", prefixes: ["SYZFAIL", "SYZFATAL:"]),
        // Defaults of each family.
        Row(type: "WARNING", prefixes: ["WARNING:"]),
        Row(type: unknown, prefixes: ["BUG:", "INFO:"]),
        Row(type: "KASAN-UNKNOWN", prefixes: ["KASAN:"]),
        Row(type: "KFENCE-UNKNOWN", prefixes: ["KFENCE:"]),
        Row(type: "KMSAN-UNKNOWN", prefixes: ["KMSAN:"]),
        Row(type: "UBSAN", prefixes: ["UBSAN:"]),
        Row(type: "KCSAN-UNKNOWN", prefixes: ["KCSAN:"]),
    ]

    /// The type of a (sanitised) title.
    static func type(ofTitle title: String) -> String {
        for row in rows where row.prefixes.contains(where: { title.hasPrefix($0) }) {
            return row.type
        }
        return unknown
    }
}
