import CobroDiagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension CutoffGenerator {
  /// Writes every cut-off (`cartera_YYYY-MM-DD.csv`) and the payments (`pagos.csv`) into a
  /// folder, which must exist; existing files of those names are replaced.
  public func writeFiles(folder: String) throws(CobroError) {
    let dates = cutoffs
    var names = dates.map { Paths.resolve(CutoffGenerator.fileName($0), against: folder) }
    names.append(Paths.resolve(CutoffGenerator.paymentsName, against: folder))
    var files: [UnsafeMutablePointer<FILE>] = []
    defer { for f in files { fclose(f) } }
    for name in names {
      guard let f = fopen(name, "w") else {
        throw .cannotWrite(path: name, reason: String(cString: strerror(errno)).lowercased())
      }
      files.append(f)
    }
    var failure: CobroError?
    let handles = files
    write { file, bytes in
      let k = file < 0 ? handles.count - 1 : file
      if failure == nil && fwrite(bytes.baseAddress, 1, bytes.count, handles[k]) != bytes.count {
        failure = .cannotWrite(
          path: names[k],
          reason: String(cString: strerror(errno)).lowercased()
        )
      }
    }
    if let failure { throw failure }
  }
}
