/// Calls `body` with the decimal digits of `value` as ASCII bytes, a minus sign first when it
/// is negative, without making a `String` (outputs write millions of numbers).
///
/// Inlinable, so that other modules get it specialised: called unspecialised from the report
/// writer, each call looked up the generic closure's metadata at run time (3 % of a page).
@inlinable
public func withDecimalDigits<R>(of value: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
  try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buffer in
    let start = writeDecimalDigits(of: UInt64(value.magnitude), negative: value < 0, into: buffer, endingAt: buffer.count)
    return try body(UnsafeBufferPointer(rebasing: buffer[start...]))
  }
}

/// Writes the decimal digits of `magnitude`, a minus sign first when `negative`, into
/// `buffer` so that they end just before `end`; returns where they start. Numbers are made
/// from their last digit back, in a small buffer, and appended at once.
@inlinable
func writeDecimalDigits(
  of magnitude: UInt64, negative: Bool, into buffer: UnsafeMutableBufferPointer<UInt8>, endingAt end: Int
) -> Int {
  var magnitude = magnitude, start = end
  repeat {
    start -= 1
    buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
    magnitude /= 10
  } while magnitude > 0
  if negative {
    start -= 1
    buffer[start] = UInt8(ascii: "-")
  }
  return start
}
