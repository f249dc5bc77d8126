import CLibCrypto
import CobroDiagnostics
import CobroPortfolio

/// Digests of the files a recording pins.
public enum FileDigest {
  /// How many bytes of a file go to the hasher at a time.
  static let chunkSize = 1 << 20

  /// The SHA-256 of a file's bytes in lowercase hex.
  public static func sha256(path: String) throws(CobroError) -> String {
    let bytes = try InputBytes.mapping(path: path)
    guard var hasher = SHA256Hasher() else {
      throw .cannotOpen(path: path, reason: "out of memory for its SHA-256")
    }
    var offset = 0
    while offset < bytes.count {
      let n = min(chunkSize, bytes.count - offset)
      hasher.update(UnsafeRawBufferPointer(start: bytes.base + offset, count: n))
      offset += n
    }
    return hasher.finalize()
  }
}

/// SHA-256 (FIPS 180-4) of bytes given in pieces, computed by the system's libcrypto.
struct SHA256Hasher: ~Copyable {
  /// The libcrypto digest context, freed with the hasher.
  private let context: OpaquePointer

  /// A hasher that has seen no bytes yet; `nil` when libcrypto cannot allocate or set up the
  /// context.
  init?() {
    guard let c = EVP_MD_CTX_new() else { return nil }
    guard EVP_DigestInit_ex(c, EVP_sha256(), nil) == 1 else {
      EVP_MD_CTX_free(c)
      return nil
    }
    context = c
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Adds bytes to the message.
  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    // Only fails for a context that was never set up, which `init` rules out.
    _ = EVP_DigestUpdate(context, base, bytes.count)
  }

  /// The digest of every byte added, in lowercase hex.
  consuming func finalize() -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = EVP_DigestFinal_ex(context, &digest, &length)
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(2 * Int(length))
    for byte in digest.prefix(Int(length)) {
      out.append(hex[Int(byte >> 4)])
      out.append(hex[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
