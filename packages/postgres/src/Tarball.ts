/**
 * The few parts of the tar (ustar) format the PGlite template needs: regular files and directories, nothing
 * else (no owners, times or permissions: extracted files get the process's defaults). Kept here rather than taken from a dependency because it is small and the
 * template is Till's own file; `tar tzf` still reads it.
 */

/** One file or directory of a tarball; `path` is relative and uses `/`. */
export interface Entry {
  readonly path: string
  /** The file's content; absent for a directory. */
  readonly data?: Uint8Array | undefined
}

const BLOCK = 512

const field = (header: Buffer, offset: number, length: number, value: string) => {
  if (Buffer.byteLength(value) > length) throw new Error(`tar: ${value} does not fit in ${length} bytes`)
  header.write(value, offset, length, "utf8")
}

const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0")

const headerOf = (entry: Entry): Buffer => {
  const header = Buffer.alloc(BLOCK)
  const isDir = entry.data === undefined
  field(header, 0, 100, isDir ? `${entry.path}/` : entry.path)
  field(header, 100, 8, octal(isDir ? 0o755 : 0o644, 8))
  field(header, 108, 8, octal(0, 8))
  field(header, 116, 8, octal(0, 8))
  field(header, 124, 12, octal(entry.data?.length ?? 0, 12))
  field(header, 136, 12, octal(0, 12))
  field(header, 148, 8, "        ")
  field(header, 156, 1, isDir ? "5" : "0")
  field(header, 257, 8, "ustar\u000000")
  let sum = 0
  for (const byte of header) sum += byte
  field(header, 148, 8, `${octal(sum, 7)}\u0000`)
  return header
}

/** A tarball of `entries`, in their order. */
export const pack = (entries: Iterable<Entry>): Buffer<ArrayBuffer> => {
  const parts: Array<Uint8Array> = []
  for (const entry of entries) {
    parts.push(headerOf(entry))
    if (entry.data !== undefined && entry.data.length > 0) {
      parts.push(entry.data, Buffer.alloc((BLOCK - (entry.data.length % BLOCK)) % BLOCK))
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(parts)
}

const text = (block: Buffer, offset: number, length: number) => {
  const raw = block.subarray(offset, offset + length)
  const end = raw.indexOf(0)
  return raw.toString("utf8", 0, end === -1 ? length : end)
}

const number = (block: Buffer, offset: number, length: number, what: string) => {
  const raw = text(block, offset, length).trim()
  if (!/^[0-7]*$/.test(raw)) throw new Error(`tar: the ${what} field is not octal`)
  return raw === "" ? 0 : parseInt(raw, 8)
}

/**
 * The entries of a tarball written by {@link pack}. Throws on anything else (a bad checksum, a truncated
 * entry, a link, a path that leaves the directory), so a damaged template is refused before a file is written.
 */
export function* unpack(tarball: Buffer): Generator<Entry> {
  for (let offset = 0;;) {
    if (offset + BLOCK > tarball.length) throw new Error("tar: truncated (no end-of-archive blocks)")
    const header = tarball.subarray(offset, offset + BLOCK)
    if (header.every((byte) => byte === 0)) return
    let sum = 0
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!
    if (sum !== number(header, 148, 8, "checksum")) throw new Error("tar: bad header checksum")
    const name = text(header, 0, 100)
    const prefix = text(header, 345, 155)
    const path = (prefix === "" ? name : `${prefix}/${name}`).replace(/\/$/, "")
    if (path === "" || path.startsWith("/") || path.split("/").includes("..")) throw new Error(`tar: unsafe path ${path}`)
    const size = number(header, 124, 12, "size")
    const type = String.fromCharCode(header[156]!)
    offset += BLOCK
    if (type === "5") {
      yield { path }
    } else if (type === "0" || type === "\u0000") {
      if (offset + size > tarball.length) throw new Error(`tar: ${path} is truncated`)
      yield { path, data: tarball.subarray(offset, offset + size) }
      offset += Math.ceil(size / BLOCK) * BLOCK
    } else {
      throw new Error(`tar: ${path} is neither a file nor a directory (type ${type})`)
    }
  }
}
