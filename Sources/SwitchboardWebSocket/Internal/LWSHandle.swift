/// A `struct lws *` that may be stored in lock-protected state.
///
/// `@unchecked Sendable`: the pointer is only passed to libwebsockets on the service thread
/// (other threads merely compare it), which is the library's threading rule.
struct LWSHandle: @unchecked Sendable, Equatable {
    let pointer: OpaquePointer
}
