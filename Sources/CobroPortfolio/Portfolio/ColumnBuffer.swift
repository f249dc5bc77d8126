#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable, manually managed buffer of plain values: the storage of every column.
///
/// Columns are written through raw pointers while loading (no uniqueness check per value, no
/// regrowth by doubling in the inner loop) and read as `UnsafeBufferPointer`s by fused scans.
/// Buffers are not advised to use transparent huge pages, although that cut the faults of a load
/// on an idle machine (`notes/swift-performance.md`, section 5): here, after other processes had
/// freed gigabytes, a 2 MiB fault could wait for the kernel to compact memory. Interleaved runs
/// of `cobro-bench tasks` (medians): 1,000,000 accounts, load 440 ms either way; 5,000,000
/// accounts, load 2.1 s with huge pages (1.7-4.8 s, system time 1.0-3.6 s) against 2.4 s without
/// (2.0-2.5 s, system time 1.4 s), `concentration` 290 ms against 230, and 10 MiB less resident.
public final class ColumnBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
  /// Start of the storage; valid for `capacity` elements.
  public private(set) var base: UnsafeMutablePointer<Element>
  /// Number of initialised elements.
  public var count: Int
  /// Number of elements the storage can hold.
  public private(set) var capacity: Int

  /// Creates an empty buffer able to hold `capacity` elements without growing.
  public init(capacity: Int) {
    self.capacity = max(capacity, 1)
    self.count = 0
    self.base = ColumnBuffer.allocate(self.capacity)
  }

  /// Creates a buffer holding the given values.
  public convenience init(_ values: [Element]) {
    self.init(capacity: values.count)
    values.withUnsafeBufferPointer { bp in
      if let src = bp.baseAddress { base.update(from: src, count: bp.count) }
    }
    count = values.count
  }

  /// The buffer whose storage this one writes into, for a view (`init(viewInto:at:)`).
  private var owner: ColumnBuffer<Element>?

  /// Creates an empty buffer that writes into `owner`'s storage from element `offset` on, so
  /// that a second loader thread fills the rows after the first thread's without a merge copy.
  ///
  /// The view never frees that storage; when it needs more room than `owner` has after `offset`,
  /// it moves to storage of its own (`reserve`).
  init(viewInto owner: ColumnBuffer<Element>, at offset: Int) {
    self.owner = owner
    self.base = owner.base + offset
    self.capacity = max(owner.capacity - offset, 0)
    self.count = 0
  }

  deinit {
    if owner == nil { free(base) }
  }

  /// Makes room for at least `minimum` elements, keeping the contents.
  public func reserve(_ minimum: Int) {
    guard minimum > capacity else { return }
    let newCapacity = max(minimum, capacity + capacity / 2)
    let fresh = ColumnBuffer.allocate(newCapacity)
    fresh.update(from: base, count: count)
    if owner == nil { free(base) }
    owner = nil
    base = fresh
    capacity = newCapacity
  }

  /// Frees the storage, leaving an empty buffer (a merged loader half gives its memory back
  /// before the next column is copied, which lowers the peak).
  func releaseStorage() {
    let fresh = ColumnBuffer.allocate(1)
    if owner == nil { free(base) }
    owner = nil
    base = fresh
    capacity = 1
    count = 0
  }

  /// Appends the elements of `other` (a buffer of its own) and frees its storage, giving its
  /// pages back a few megabytes at a time as they are copied.
  ///
  /// The loader joins the second half's text arenas this way: with a plain append and free,
  /// each arena was resident twice while it was copied (two at a time, up to 12 MB each for a
  /// million rows).
  func appendReleasing(_ other: ColumnBuffer<Element>) {
    let n = other.count
    reserve(count + n)
    let stride = MemoryLayout<Element>.stride
    let chunk = max((4 << 20) / stride, 1)
    var done = 0
    while done < n {
      let m = min(chunk, n - done)
      (base + count + done).update(from: other.base + done, count: m)
      if other.owner == nil { other.dropPages(from: done, to: done + m) }
      done += m
    }
    count += n
    other.releaseStorage()
  }

  /// Gives back to the system the pages of elements `from ..< to`, and those of the page they
  /// share with earlier elements (their contents become zero): for storage about to be freed,
  /// whose elements before `from` are no longer needed either.
  private func dropPages(from: Int, to: Int) {
    #if os(Linux)
      let page = 4096
      let start = Int(bitPattern: UnsafeMutableRawPointer(base))
      let stride = MemoryLayout<Element>.stride
      let s = max((start + page - 1) / page * page, (start + from * stride) / page * page)
      let e = (start + to * stride) / page * page
      guard e > s, let at = UnsafeMutableRawPointer(bitPattern: s) else { return }
      _ = madvise(at, e - s, Int32(MADV_DONTNEED))
    #endif
  }

  /// Appends the elements of `other` (a view into this buffer's storage, or a buffer of its
  /// own) after this buffer's elements, moving them in place when they already live here.
  func absorb(_ other: ColumnBuffer<Element>) {
    let n = other.count
    if other.owner !== self { reserve(count + n) }
    // A view into this storage lies after `count` (the views start past every row of this
    // buffer), so `count + n` fits; the regions may overlap: move, do not copy.
    if n > 0 && other.base != base + count {
      _ = memmove(base + count, other.base, n * MemoryLayout<Element>.stride)
    }
    count += n
    other.count = 0
  }

  /// Appends one value, growing when needed (not for inner loops of the loader).
  @inline(__always)
  public func append(_ value: Element) {
    if count == capacity { reserve(count + 1) }
    base[count] = value
    count += 1
  }

  /// Appends `n` values from raw memory.
  @inline(__always)
  public func append(from src: UnsafePointer<Element>, count n: Int) {
    if count + n > capacity { reserve(count + n) }
    (base + count).update(from: src, count: n)
    count += n
  }

  /// The initialised elements.
  @inline(__always)
  public var buffer: UnsafeBufferPointer<Element> {
    UnsafeBufferPointer(start: base, count: count)
  }

  /// The element at `i`.
  @inline(__always)
  public subscript(i: Int) -> Element {
    get { base[i] }
    set { base[i] = newValue }
  }

  /// The initialised elements as an array (tests and small results only).
  public var array: [Element] { Array(buffer) }

  private static func allocate(_ n: Int) -> UnsafeMutablePointer<Element> {
    let bytes = max(n * MemoryLayout<Element>.stride, 64) + 64
    var raw: UnsafeMutableRawPointer?
    guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
      fatalError("out of memory allocating \(bytes) bytes for a column")
    }
    return raw.bindMemory(to: Element.self, capacity: n)
  }
}

/// A pointer handed to worker threads, each writing elements of its own.
struct SendablePointer<T>: @unchecked Sendable {
  /// The first element.
  let base: UnsafeMutablePointer<T>
  init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}
