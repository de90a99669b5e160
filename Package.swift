// swift-tools-version:6.0
// classify: an embeddable engine that finds sensitive data and classifies it from rule packs.
// The shipped C library (libclassify.so) is linked by the Makefile (`make lib`) with the Swift
// stdlib static, a version script and a SONAME; those flags stay out of this file so that
// `swift build` / `swift test` work as usual.
import PackageDescription

let package = Package(
    name: "classify",
    products: [
        .library(name: "ClassifyLib", type: .dynamic, targets: ["ClassifyEngine"]),
        .executable(name: "classify", targets: ["ClassifyCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (Debian: libpcre2-dev, libjson-c-dev, libsodium-dev).
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CJSONC", pkgConfig: "json-c", providers: [.apt(["libjson-c-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // The public header, exposed to Swift so that `@c @implementation` checks every export.
        .systemLibrary(name: "CClassify"),
        // The built-in packs (packs/*.json), embedded as bytes with C23 #embed.
        .target(name: "CBuiltinPacks"),
        // The prefilter's one pass over the input (AVX2 where the CPU has it).
        .target(name: "CScanKernel"),

        .target(
            name: "RulePacks",
            dependencies: ["CJSONC", "CSodium", "CBuiltinPacks"]
        ),
        .target(
            name: "ClassifyEngine",
            dependencies: ["RulePacks", "CPCRE2", "CClassify", "CSodium", "CScanKernel"]
        ),
        .executableTarget(
            name: "ClassifyCLI",
            dependencies: [
                "ClassifyEngine", "RulePacks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "RulePacksTests", dependencies: ["RulePacks"]),
        .testTarget(name: "ClassifyEngineTests", dependencies: ["ClassifyEngine", "RulePacks", "CScanKernel"]),
    ],
    swiftLanguageModes: [.v6]
)
