/// The tool version written into manifests and reports.
public enum PiracyTraceVersion {
  public static let current = "0.2.0"
}
