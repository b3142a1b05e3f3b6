// swift-tools-version:6.1
// SPDX-License-Identifier: MIT
// A tiny executable with a C target, built by ReleaseHardeningTests with the flags of
// scripts/build-release (`scripts/build-release --print-flags`), so the test can check what those
// flags make of a binary without a release build of wsjs.
import PackageDescription

let package = Package(
    name: "hardening-probe",
    targets: [
        .target(name: "CProbe"),
        .executableTarget(name: "probe", dependencies: ["CProbe"]),
    ]
)
