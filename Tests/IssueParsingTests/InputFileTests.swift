import Foundation
@testable import IssueParsing
import Testing

/// Reading input files whole: exactly the file's bytes, whatever its size, and also when the size
/// the system reports at opening is not the size there is to read.
struct InputFileTests {
    @Test(arguments: [0, 1, 4095, 4096, 4097, 100_003])
    func aFileIsReadByteForByte(size: Int) throws {
        let folder = try BadInputTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("issue.txt").path
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let read = try InputFile.read(path)
        #expect(read.count == size)
        #expect(read == bytes)
    }

    /// Linux reports files of /proc as empty (size 0) yet they hold text: the reader grows its buffer
    /// until the end instead of trusting the size.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func aFileLargerThanItsReportedSizeIsReadToTheEnd() throws {
        var status = stat()
        #expect(stat("/proc/self/maps", &status) == 0 && status.st_size == 0)
        let read = try InputFile.read("/proc/self/maps")
        // This process maps dozens of libraries: more than one 4 KB step of growth.
        #expect(read.count > 8192)
        #expect(read.last == 0x0A, "the text ends with its last line, not cut")
        #expect(!read.contains(0), "no zero bytes of unfilled room are left at the end")
    }
}
