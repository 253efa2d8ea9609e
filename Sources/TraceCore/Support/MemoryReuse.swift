import CMemoryHints

/// How the process's allocator treats freed memory.
public enum MemoryReuse {
  /// Keeps freed memory in the process for the next allocation instead of returning it to
  /// the kernel. Call once, before any large allocation.
  ///
  /// `analyze` allocates and frees arrays of tens of megabytes stage after stage; by default
  /// glibc maps each afresh and unmaps it when freed, so every one costs the kernel's zeroing
  /// of its pages again. Measured at a million leads (the same binary, alternating with and
  /// without, medians of three, twice): 4 % and 12 % less wall time, peak RSS 5 % higher;
  /// reading, deduplication and ranking gain, writing the report loses a little. At 200k
  /// leads, where the arrays are small enough for glibc's own heuristics, it cost 2 % and 5 %
  /// (medians of six and five), within the host's noise but never a gain.
  /// - Returns: whether the allocator took the settings (always false off glibc).
  @discardableResult
  public static func keepFreedMemory() -> Bool {
    cmemoryhints_keep_freed_memory() == 1
  }

  /// Hands the pages freed so far back to the kernel, once, between the analysis and the
  /// writing of its outputs: the files read and the tables merged (a third of the peak at
  /// 200k leads) are free by then, and the writing and drawing that follow grow into fresh
  /// pages instead of adding to what the analysis left resident.
  /// - Returns: whether any memory was released (always false off glibc).
  @discardableResult
  public static func returnFreedMemory() -> Bool {
    cmemoryhints_return_freed_memory() == 1
  }
}
