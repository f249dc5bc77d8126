import Foundation
import Testing

@testable import CobroCore
@testable import CobroDiagnostics
@testable import CobroShell

/// SHA-256 of the files a recording pins, against published vectors (FIPS 180-4 examples) and
/// `sha256sum`.
@Suite struct FileDigestTests {
  /// A file in a fresh temporary folder holding `bytes`.
  static func file(_ bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "cobro-digest-\(UUID().uuidString.prefix(8)).bin"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// The digest of `bytes` given to the hasher in pieces of `piece` bytes.
  static func digest(_ bytes: [UInt8], piece: Int) -> String? {
    guard var hasher = SHA256Hasher() else { return nil }
    bytes.withUnsafeBytes { all in
      var offset = 0
      while offset < all.count {
        let n = min(piece, all.count - offset)
        hasher.update(UnsafeRawBufferPointer(rebasing: all[offset..<offset + n]))
        offset += n
      }
    }
    return hasher.finalize()
  }

  @Test func theEmptyMessage() throws {
    let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    #expect(Self.digest([], piece: 1) == empty)
    let path = try Self.file([])
    defer { unlink(path) }
    #expect(try FileDigest.sha256(path: path) == empty)
  }

  @Test func abc() throws {
    let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    #expect(Self.digest(Array("abc".utf8), piece: 3) == abc)
    #expect(Self.digest(Array("abc".utf8), piece: 1) == abc)
    let path = try Self.file(Array("abc".utf8))
    defer { unlink(path) }
    #expect(try FileDigest.sha256(path: path) == abc)
  }

  /// 448 bits: the message fills the first block but its length needs a second one.
  @Test func twoBlocks() {
    let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    #expect(
      Self.digest(message, piece: 7)
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    )
  }

  @Test func aMillionTimesA() {
    #expect(
      Self.digest([UInt8](repeating: 0x61, count: 1_000_000), piece: 65_536)
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    )
  }

  /// A file of about 3 MB goes through the hasher in several chunks; the digest is
  /// `sha256sum`'s.
  @Test func aFileOfSeveralChunks() throws {
    let bytes = (0..<3_000_017).map { i in UInt8(truncatingIfNeeded: i &* 7 &+ i / 251) }
    #expect(bytes.count > 2 * FileDigest.chunkSize)
    let expected = "5d2d0130d1ce9a1f6c1143ce7a3d12277fe85866063fffaae35b45103f6ff0ec"
    let path = try Self.file(bytes)
    defer { unlink(path) }
    #expect(try FileDigest.sha256(path: path) == expected)
    #expect(Self.digest(bytes, piece: 1_000_003) == expected)
  }

  @Test func aMissingFileIsAnError() {
    #expect(throws: CobroError.self) {
      try FileDigest.sha256(path: NSTemporaryDirectory() + "cobro-digest-missing.bin")
    }
  }
}
