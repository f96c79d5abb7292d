#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the paths given to `crashsift scan` into inputs, one at a time.
///
/// ## Design
/// - **Lazy.** A folder's names are listed when the walk enters it, but a file is opened only
///   when its turn comes, and only to look at its first bytes (compression, tar magic). Tar
///   archives are streamed: the walker holds one member at a time.
/// - **Deterministic.** Names within a folder are sorted byte-wise, and members come in
///   archive order, so two runs over the same tree yield the same sequence.
/// - **Nothing lost.** Every file, every regular tar member and every problem (missing path,
///   unreadable folder, symlink loop, truncated archive) yields exactly one ``ScanInput``;
///   only files excluded by the globs, folders, and the links, devices and metadata records
///   inside archives yield nothing.
///
/// The walker is a value holding reference-typed state; copies share their position.
public struct InputWalker: Sequence, IteratorProtocol {
    /// What to walk and what to leave out.
    public struct Options: Sendable {
        /// Globs (fnmatch(3), no flags: `*` also matches `/`) a file found in a folder must
        /// match, against its path relative to the walked folder or its base name; empty
        /// means every file. Paths given directly, and archive members, are always taken.
        public var include: [String]
        /// Globs for files and folders to leave out, matched like ``include``; an excluded
        /// folder is not entered.
        public var exclude: [String]
        /// The most bytes one input may have (decompressed); larger ones are skipped.
        public var maximumSize: Int
        /// Whether symlinks found in folders are followed; paths given directly always are.
        public var followSymlinks: Bool
        /// How many archives deep members are opened (`a.tar:b.tar.gz:c.tar:…`).
        public var maximumArchiveDepth: Int

        /// The defaults scan everything up to 1 GiB, following symlinks.
        public init(
            include: [String] = [],
            exclude: [String] = [],
            maximumSize: Int = 1 << 30,
            followSymlinks: Bool = true,
            maximumArchiveDepth: Int = 8
        ) {
            self.include = include
            self.exclude = exclude
            self.maximumSize = maximumSize
            self.followSymlinks = followSymlinks
            self.maximumArchiveDepth = maximumArchiveDepth
        }
    }

    private let paths: [String]
    private let options: Options
    private var nextPath = 0
    private var stack: [Frame] = []

    /// Walks `paths` in the order given; files and folders may be mixed.
    public init(paths: [String], options: Options = Options()) {
        self.paths = paths
        self.options = options
    }

    /// The next input, or nil when every path has been walked.
    public mutating func next() -> ScanInput? {
        while true {
            if let frame = stack.last {
                switch frame {
                case .folder(let folder):
                    guard folder.index < folder.names.count else {
                        stack.removeLast()
                        continue
                    }
                    let name = folder.names[folder.index]
                    folder.index += 1
                    let relative = folder.relative.isEmpty ? name : folder.relative + "/" + name
                    if let input = visit(Self.join(folder.path, name), relative: relative) { return input }
                case .archive(let archive):
                    if let input = step(archive) { return input }
                }
                continue
            }
            guard nextPath < paths.count else { return nil }
            var path = paths[nextPath]
            nextPath += 1
            while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
            if let input = visit(path, relative: nil) { return input }
        }
    }

    // MARK: - Files and folders

    /// Yields the input for `path`, or enters it (folder, archive) and yields nothing yet.
    /// `relative` is the path below the walked folder; nil for a path given directly.
    private mutating func visit(_ path: String, relative: String?) -> ScanInput? {
        if let relative, matches(options.exclude, relative) { return nil }
        let wanted = relative.map { options.include.isEmpty || matches(options.include, $0) } ?? true
        var info = stat()
        if lstat(path, &info) != 0 {
            let code = errno
            guard wanted else { return nil }
            return .unavailable(path, code == ENOENT ? .noSuchFile : .unreadable(code))
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            if relative != nil && !options.followSymlinks {
                return wanted ? .unavailable(path, InputProblem(.skipped, "symbolic link (not followed)")) : nil
            }
            if stat(path, &info) != 0 {
                let code = errno
                guard wanted else { return nil }
                switch code {
                case ELOOP: return .unavailable(path, InputProblem(.skipped, "symlink loop: \(SystemError.text(code))"))
                case ENOENT: return .unavailable(path, InputProblem(.failed, "unreadable: dangling symlink"))
                default: return .unavailable(path, .unreadable(code))
                }
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return enterFolder(path, relative: relative ?? "", id: FileID(info))
        case S_IFREG:
            guard wanted else { return nil }
            return openFile(path, size: Int(info.st_size))
        default:
            guard wanted else { return nil }
            return .unavailable(path, InputProblem(.skipped, "not a regular file (\(Self.kind(of: info.st_mode)))"))
        }
    }

    private mutating func enterFolder(_ path: String, relative: String, id: FileID) -> ScanInput? {
        for case .folder(let ancestor) in stack where ancestor.id == id {
            return .unavailable(path, InputProblem(.skipped, "symlink loop: \(path) leads back to \(ancestor.path)"))
        }
        guard let directory = opendir(path) else {
            return .unavailable(path, .unreadable(errno, what: "unreadable folder"))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        stack.append(.folder(Folder(path: path, relative: relative, id: id, names: names)))
        return nil
    }

    /// A plain or compressed file becomes a `.file` input; a tar archive is entered.
    private mutating func openFile(_ path: String, size: Int) -> ScanInput? {
        do {
            let (file, _) = try FileSource.open(path)
            let opened = try OpenedStream(file, name: path)
            if opened.isTar {
                stack.append(.archive(Archive(name: path, reader: TarReader(opened.content), parent: nil, depth: 1)))
                return nil
            }
            if opened.compression == .none && size > options.maximumSize {
                return .unavailable(path, .overSizeLimit(size: size, limit: options.maximumSize))
            }
            return ScanInput(name: path, source: .file(path: path, compression: opened.compression))
        } catch {
            return .unavailable(path, error)
        }
    }

    // MARK: - Archives

    /// Reads the next header of `archive`: yields its member, enters a nested archive, or on a
    /// failure yields one input naming the archive and leaves it.
    private mutating func step(_ archive: Archive) -> ScanInput? {
        do {
            guard let entry = try archive.reader.next() else {
                stack.removeLast()
                return nil
            }
            let name = archive.name + ":" + entry.path
            switch entry.kind {
            case .ignored:
                return nil
            case .unsupported(let type):
                return .unavailable(name, InputProblem(.skipped, "unsupported tar member type '\(type)'", size: entry.size))
            case .file:
                return try member(entry, named: name, of: archive)
            }
        } catch {
            stack.removeLast()
            // NOTE: a nested archive that failed because its outer archive's stream failed
            // leaves the report to the outer archive, so one fault gives one input.
            if let parent = archive.parent, parent.failure != nil { return nil }
            return .unavailable(archive.name, error)
        }
    }

    /// A member's input: its bytes, a size or corruption problem of its own, or (for a nested
    /// archive) nothing yet. Throws only when the archive itself fails.
    private mutating func member(_ entry: TarReader.Entry, named name: String, of archive: Archive) throws(InputProblem) -> ScanInput? {
        do {
            let opened = try OpenedStream(archive.reader.memberSource(), name: entry.path)
            if opened.isTar && archive.depth < options.maximumArchiveDepth {
                stack.append(.archive(Archive(name: name, reader: TarReader(opened.content), parent: archive.reader, depth: archive.depth + 1)))
                return nil
            }
            if opened.compression == .none && entry.size > options.maximumSize {
                return .unavailable(name, .overSizeLimit(size: entry.size, limit: options.maximumSize))
            }
            let bytes = try opened.content.readAll(maximumSize: options.maximumSize, compressed: opened.compression != .none)
            return ScanInput(name: name, source: .bytes(bytes))
        } catch {
            if let failure = archive.reader.failure { throw failure }
            return .unavailable(name, error)
        }
    }

    // MARK: - Helpers

    private func matches(_ globs: [String], _ relative: String) -> Bool {
        let base = relative.split(separator: "/").last.map(String.init) ?? relative
        return globs.contains { fnmatch($0, relative, 0) == 0 || fnmatch($0, base, 0) == 0 }
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFSOCK: "socket"
        case S_IFIFO: "FIFO"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        default: "unknown type"
        }
    }
}

// MARK: - Walk state

extension InputWalker {
    /// A folder or archive being walked; the stack holds the current path through them.
    private enum Frame {
        case folder(Folder)
        case archive(Archive)
    }

    /// Identifies a folder across symlinks: the same (st_dev, st_ino) means the same folder.
    private struct FileID: Equatable {
        var device: UInt
        var inode: UInt

        init(_ info: stat) {
            device = UInt(info.st_dev)
            inode = UInt(info.st_ino)
        }
    }

    private final class Folder {
        let path: String
        let relative: String
        let id: FileID
        let names: [String]
        var index = 0

        init(path: String, relative: String, id: FileID, names: [String]) {
            self.path = path
            self.relative = relative
            self.id = id
            self.names = names
        }
    }

    private final class Archive {
        let name: String
        let reader: TarReader
        /// The archive this one is a member of; kept alive while this one is read.
        let parent: TarReader?
        let depth: Int

        init(name: String, reader: TarReader, parent: TarReader?, depth: Int) {
            self.name = name
            self.reader = reader
            self.parent = parent
            self.depth = depth
        }
    }
}
