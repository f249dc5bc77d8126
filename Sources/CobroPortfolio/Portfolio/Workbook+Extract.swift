import CobroDiagnostics
import Foundation
import ZIPFoundation

extension Workbook {
  /// Reads the uncompressed bytes of the zip entry `part` of the file `bytes` to `consumer`, in
  /// chunks of at most `chunk` bytes, and checks them against the entry's CRC-32.
  ///
  /// The zip library's own extraction on Linux inflates until the deflate stream ends, and when
  /// the file ends first it reads empty chunks forever; here only the entry's own bytes are
  /// inflated, and running out of them before the stream ends is a damaged workbook.
  static func extract(
    _ entry: Entry,
    _ part: String,
    from bytes: InputBytes,
    chunk: Int,
    name: String,
    _ consumer: (Data) throws -> Void
  ) throws {
    let damaged = CobroError.badInput(
      path: name,
      reason: "damaged workbook: '\(part)' cannot be decompressed"
    )
    guard let start = dataStart(of: part, in: bytes), start <= bytes.count,
      entry.compressedSize <= UInt64(bytes.count - start)
    else { throw damaged }
    let size = Int(entry.compressedSize)
    let base = bytes.base + start
    var checksum: CRC32 = 0
    if !entry.isCompressed {
      var done = 0
      while done < size {
        let piece = Data(bytes: base + done, count: min(chunk, size - done))
        checksum = piece.crc32(checksum: checksum)
        try consumer(piece)
        done += piece.count
      }
    } else {
      var served = 0
      checksum = try Data.decompress(
        size: Int64(size),
        bufferSize: chunk,
        skipCRC32: false,
        provider: { _, wanted in
          guard served < size else { throw damaged }
          // The library hands zlib `wanted` bytes whatever the chunk holds: the last chunk is
          // filled with zeros, which end the stream as damaged when it has not ended before.
          let n = min(wanted, size - served)
          var piece = Data(count: wanted)
          piece.withUnsafeMutableBytes {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: base + served, count: n))
          }
          served += n
          return piece
        },
        consumer: consumer
      )
    }
    guard checksum == entry.checksum else { throw damaged }
  }

  /// The bytes of the file an archive was opened from.
  static func mapped(_ archive: Archive, name: String) throws -> InputBytes {
    do {
      return try InputBytes.mapping(path: archive.url.path)
    } catch {
      throw CobroError.badInput(path: name, reason: "the workbook cannot be read: \(error)")
    }
  }

  /// Where the data of the entry named `part` starts: after the first local file header
  /// (`PK\u{3}\u{4}`) that names it.
  static func dataStart(of part: String, in bytes: InputBytes) -> Int? {
    let name = Array(part.utf8)
    let p = bytes.base
    let count = bytes.count
    var i = 0
    while i + 30 + name.count <= count {
      if p[i] == 0x50 && p[i + 1] == 0x4B && p[i + 2] == 3 && p[i + 3] == 4 {
        let nameLength = Int(p[i + 26]) | Int(p[i + 27]) << 8
        let extraLength = Int(p[i + 28]) | Int(p[i + 29]) << 8
        if nameLength == name.count
          && (0..<nameLength).allSatisfy({ p[i + 30 + $0] == name[$0] })
        {
          return i + 30 + nameLength + extraLength
        }
      }
      i += 1
    }
    return nil
  }
}
