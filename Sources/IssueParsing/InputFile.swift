#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads input files whole, with the operating system's reason when that fails, and expands folders.
enum InputFile {
    /// Files larger than this are refused rather than read into memory.
    static let sizeLimit = 512 * 1024 * 1024

    /// The bytes of the file at `path`.
    /// - Throws: ``ParseError`` with reason `.unreadable` or `.tooLarge`.
    static func read(_ path: String) throws(ParseError) -> [UInt8] {
        // Non-blocking, so that opening a FIFO cannot hang; only regular files are read.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw unreadable(path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw unreadable(path) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ParseError(file: path, reason: .unreadable("it is a directory"))
        case S_IFIFO: throw ParseError(file: path, reason: .notRegularFile(kind: "a FIFO"))
        case S_IFSOCK: throw ParseError(file: path, reason: .notRegularFile(kind: "a socket"))
        case S_IFCHR, S_IFBLK: throw ParseError(file: path, reason: .notRegularFile(kind: "a device"))
        default: throw ParseError(file: path, reason: .notRegularFile(kind: "not a file"))
        }
        let expected = Int(status.st_size)
        guard expected <= sizeLimit else {
            throw ParseError(file: path, reason: .tooLarge(bytes: expected, limit: sizeLimit))
        }
        // Room for the size fstat gave and one byte more (to see the end), not zeroed first: the
        // reads fill it. A file that grew since gets more room, step by step.
        var filled = 0
        var failure: ParseError?
        var capacity = max(expected, 0) + 1
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            do throws(ParseError) {
                filled = try fill(buffer, from: 0, descriptor: descriptor, path: path)
            } catch {
                failure = error
            }
            initialized = filled
        }
        if let failure { throw failure }
        // Only a buffer filled to the last byte means the file grew since fstat.
        while filled == capacity {
            guard filled <= sizeLimit else {
                throw ParseError(file: path, reason: .tooLarge(bytes: filled, limit: sizeLimit))
            }
            bytes.append(contentsOf: repeatElement(0, count: max(filled, 4096)))
            capacity = bytes.count
            let offset = filled
            filled = try bytes.withUnsafeMutableBufferPointer { buffer throws(ParseError) in
                try fill(buffer, from: offset, descriptor: descriptor, path: path)
            }
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Reads from `descriptor` into `buffer` from `offset` on, until the buffer is full or the file
    /// ends; returns how far the buffer is filled.
    private static func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, from offset: Int, descriptor: Int32,
                             path: String) throws(ParseError) -> Int {
        var filled = offset
        while filled < buffer.count {
            let got = Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if got < 0 {
                if errno == EINTR { continue }
                throw unreadable(path)
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// What a list of input paths stands for.
    struct Expansion {
        /// The files to read, in order, each once.
        var files: [String] = []
        /// Folders named (or matched) that hold no issue file.
        var emptyFolders: [String] = []
    }

    /// `paths` with every folder replaced by the issue files below it (`.txt`, `.md`, `.markdown`,
    /// `.html`, `.htm`), sorted by path, and every glob pattern by its matches; hidden entries are
    /// skipped, files are kept as named, and a file named twice is read once. Nothing at or below
    /// `excluded` (the output folder) is ever an input.
    static func expand(_ paths: [String], excluding excluded: String? = nil) -> Expansion {
        var expansion = Expansion()
        var seen: Set<String> = []
        let excludedPrefix = excluded.map(canonicalPath).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        func isExcluded(_ path: String) -> Bool {
            guard let excludedPrefix else { return false }
            let canonical = canonicalPath(path)
            return canonical == String(excludedPrefix.dropLast()) || canonical.hasPrefix(excludedPrefix)
        }
        func add(folder: String) {
            guard !isExcluded(folder) else { return }
            let files = filesBelow(folder).filter { !isExcluded($0) }.sorted()
            if files.isEmpty { expansion.emptyFolders.append(folder) }
            for file in files where seen.insert(file).inserted { expansion.files.append(file) }
        }
        for path in paths {
            if isDirectory(path) {
                add(folder: path)
            } else if path.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }), let matches = glob(path) {
                for match in matches {
                    if isDirectory(match) {
                        add(folder: match)
                    } else if !isExcluded(match), seen.insert(match).inserted {
                        expansion.files.append(match)
                    }
                }
            } else if !isExcluded(path), seen.insert(path).inserted {
                expansion.files.append(path)
            }
        }
        return expansion
    }

    /// The absolute path with symbolic links resolved, or the path as given when it does not exist.
    private static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The paths matching a shell pattern, sorted; nil when nothing matches (the pattern is then kept
    /// as a path, and reading it reports that it does not exist).
    private static func glob(_ pattern: String) -> [String]? {
        var matches = glob_t()
        defer { globfree(&matches) }
        guard Glibc.glob(pattern, 0, nil, &matches) == 0 else { return nil }
        return (0..<Int(matches.gl_pathc)).compactMap { index in
            matches.gl_pathv[index].map { String(cString: $0) }
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private static let issueExtensions: Set<String> = ["txt", "md", "markdown", "html", "htm"]

    private static func filesBelow(_ folder: String, depth: Int = 0) -> [String] {
        guard depth < 16, let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var found: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            if isDirectory(path) {
                found += filesBelow(path, depth: depth + 1)
            } else if let ext = name.split(separator: ".").last.map({ $0.lowercased() }), name.contains("."),
                      issueExtensions.contains(ext) {
                found.append(path)
            }
        }
        return found
    }

    private static func unreadable(_ path: String) -> ParseError {
        ParseError(file: path, reason: .unreadable(String(cString: strerror(errno))))
    }
}
