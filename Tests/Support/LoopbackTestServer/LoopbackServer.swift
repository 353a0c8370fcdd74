import Foundation

/// The loopback test server (Fixtures/test_server.py), started for a test and stopped with it.
public final class LoopbackServer {
    public let port: Int
    private let process: Process
    private let input: Pipe
    private let output: Pipe

    public init() throws {
        guard let script = Bundle.module.path(forResource: "test_server", ofType: "py", inDirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        input = Pipe()
        output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        guard let port = Int(Self.readLine(output.fileHandleForReading)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    /// The address of `path` on pretend host `host` (1, 2 or 3: 127.0.0.1, .2 or .3, all with the same
    /// routes; 4 and 5: hosts that answer every address, with a "not found" page in place or with a
    /// redirect to their home page; 6: a host whose page `/real` answers at once and whose every other
    /// address hangs for 10 s).
    public func url(_ path: String, host: Int = 1) -> String { "http://127.0.0.\(host):\(port)\(path)" }

    /// The server's counters, asked for on its standard input (not over HTTP, so asking counts nothing).
    public func stats() throws -> [String: Any] {
        try input.fileHandleForWriting.write(contentsOf: Data("stats\n".utf8))
        let line = Self.readLine(output.fileHandleForReading)
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
    }

    /// One line from `handle`, read a byte at a time so that nothing after it is consumed.
    private static func readLine(_ handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while let data = try? handle.read(upToCount: 1), let byte = data.first, byte != 0x0A {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func requests(_ key: String) throws -> Int {
        ((try stats()["requests"] as? [String: Any])?[key] as? Int) ?? 0
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
