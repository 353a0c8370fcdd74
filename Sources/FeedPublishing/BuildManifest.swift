import Foundation

/// Where a build keeps its state for one output folder: a state folder beside the configuration
/// file (`.importfeed/`), one subfolder per output folder (named by a hash of its absolute path), with
/// the manifest and the lock. The output folder holds the feeds and nothing else.
struct BuildStateLocation: Equatable {
    /// `.importfeed/<hash>/`.
    var folder: String
    var manifestFile: String { AtomicPublisher.join(folder, "manifest.json") }
    var lockFile: String { AtomicPublisher.join(folder, "lock") }

    /// The name of the state folder beside config.json.
    static let stateFolderName = ".importfeed"

    /// The state of `outputDirectory` under `stateRoot`, by default `.importfeed/` beside the configuration.
    init(configurationFile: String, outputDirectory: String, stateRoot: String? = nil) {
        let root = stateRoot ?? AtomicPublisher.join(AtomicPublisher.parent(of: configurationFile), Self.stateFolderName)
        folder = AtomicPublisher.join(root, "out-" + BuildManifest.hash(Array(Self.absolute(outputDirectory).utf8)))
    }

    /// The absolute form of `path` (its real path when it exists), so that `feeds`, `./feeds` and
    /// `/site/feeds` share one state.
    private static func absolute(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        return AtomicPublisher.join(String(cString: buffer), path)
    }
}

/// What the last build into one output folder read and wrote, kept in its state folder, so that a
/// build with nothing new can stop before parsing anything: same tool, same configuration bytes, the
/// same input files with the same sizes and modification times, and the output files as that build
/// left them.
struct BuildManifest: Codable, Equatable {
    struct Stamp: Codable, Equatable {
        var path: String
        var size: Int
        var modified: Int64
    }

    /// The identity of the running program: its version and its executable's size and modification
    /// time, so that a rebuilt importfeed never trusts a manifest an older one wrote.
    static let toolIdentity: String = {
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        let executable = length > 0 ? String(cString: path) : CommandLine.arguments.first ?? ""
        let stamp = BuildManifest.stamp(executable)
        return "\(FeedSite.generatorVersion) \(stamp?.size ?? 0) \(stamp?.modified ?? 0)"
    }()

    var tool: String
    var configurationHash: String
    var inputs: [Stamp]
    var outputs: [Stamp]

    /// The stamp of a file now, or nil when it does not exist.
    static func stamp(_ path: String) -> Stamp? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        return Stamp(path: path, size: Int(status.st_size), modified: modified)
    }

    /// FNV-1a over the bytes, as hex: a change detector, not a security measure.
    static func hash(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return String(value, radix: 16)
    }

    static func load(from file: String) -> BuildManifest? {
        guard let bytes = AtomicPublisher.read(file) else { return nil }
        return try? JSONDecoder().decode(BuildManifest.self, from: Data(bytes))
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return (try? [UInt8](encoder.encode(self))) ?? []
    }
}
