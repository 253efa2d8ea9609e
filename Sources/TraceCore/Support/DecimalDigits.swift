/// Calls `body` with the decimal digits of `value` as ASCII bytes, a minus sign first when it
/// is negative, without making a `String` (outputs write millions of numbers).
///
/// Inlinable, so that other modules get it specialised: called unspecialised from the report
/// writer, each call looked up the generic closure's metadata at run time (3 % of a page).
@inlinable
public func withDecimalDigits<R>(of value: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
  try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buffer in
    var magnitude = value.magnitude
    var start = buffer.count
    repeat {
      start -= 1
      buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
      magnitude /= 10
    } while magnitude > 0
    if value < 0 {
      start -= 1
      buffer[start] = UInt8(ascii: "-")
    }
    return try body(UnsafeBufferPointer(rebasing: buffer[start...]))
  }
}
