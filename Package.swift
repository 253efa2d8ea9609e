// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "piracy-trace",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "piracy-trace", targets: ["piracy-trace"]),
    .library(name: "TraceCore", targets: ["TraceCore"]),
    .library(name: "TraceRender", targets: ["TraceRender"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CIGraph", pkgConfig: "igraph", providers: [.apt(["libigraph-dev"])]),
    .systemLibrary(
      name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
    // A header-only module: CPU memory hints (prefetch) that Swift cannot express.
    .systemLibrary(name: "CMemoryHints"),
    // A header-only module: Linux file calls Swift cannot reach (renameat2, variadic open).
    .systemLibrary(name: "CFileSystem"),
    .target(
      name: "TraceCore",
      dependencies: [
        "CIGraph", "CMemoryHints", "CFileSystem",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "BitCollections", package: "swift-collections"),
      ]),
    .target(name: "TraceRender", dependencies: ["TraceCore", "CGraphviz", "CFileSystem"]),
    .executableTarget(
      name: "piracy-trace",
      dependencies: [
        "TraceCore", "TraceRender",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // The fuzzers (built with -sanitize=fuzzer -DFUZZING: Scripts/fuzz.sh), and built
    // normally their corpus replayer, which CI runs.
    .executableTarget(name: "piracy-trace-fuzz", dependencies: ["TraceCore", "TraceRender"]),
    .testTarget(
      name: "TraceCoreTests",
      dependencies: ["TraceCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "TraceRenderTests", dependencies: ["TraceRender", "TraceCore"]),
    .testTarget(
      name: "PiracyTraceTests",
      dependencies: [
        "piracy-trace", "TraceCore", "TraceRender",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      resources: [.copy("Fixtures")]),
  ],
  swiftLanguageModes: [.v6]
)
