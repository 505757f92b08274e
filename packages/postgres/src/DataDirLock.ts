/**
 * One process per PGlite data directory. PGlite takes no lock of its own, and two processes on one
 * directory silently lose writes, so an `O_EXCL` pid file next to the directory (`<dir>.lock`) is
 * created before PGlite opens it and removed when it closes.
 */
import { randomBytes } from "node:crypto"
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { Data, Effect, type Scope } from "effect"

/** Another live process (or this one) holds the data directory. */
export class DataDirInUse extends Data.TaggedError("DataDirInUse")<{
  readonly dataDir: string
  readonly lockFile: string
  readonly pid: number
}> {
  override get message() {
    const holder = this.pid === process.pid ? `this process (pid ${this.pid})` : `another process (pid ${this.pid})`
    return `The data directory ${this.dataDir} is in use by ${holder}. PGlite allows one process per directory: ` +
      `stop that process, or set TILL_DATA_DIR to another directory (or DATABASE_URL to use a PostgreSQL server). ` +
      `Lock file: ${this.lockFile}`
  }
}

/** The lock file of a data directory. */
export const lockFileOf = (dataDir: string): string => `${resolve(dataDir)}.lock`

// Lock files this process holds. A pid alone cannot tell this process from a dead one that had the
// same pid (a container's server is often pid 1 on every start), so the process also remembers.
const heldKey = Symbol.for("@till/postgres/DataDirLock.held")
const held: Set<string> = ((globalThis as Record<symbol, unknown>)[heldKey] ??= new Set<string>()) as Set<string>

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

const readOrUndefined = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8")
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw e
  }
}

const pidOf = (content: string): number | undefined => {
  const pid = Number(content.split("\n", 1)[0])
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/**
 * Removes a stale lock file whose content was `seen`. It is first renamed away, which is atomic,
 * so that if a competitor replaced the stale file with its own fresh lock in the meantime, that lock
 * is recognised by its content and put back instead of deleted.
 */
const removeStale = (lockFile: string, seen: string): void => {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(6).toString("hex")}`
  try {
    renameSync(lockFile, aside)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return
    throw e
  }
  const moved = readOrUndefined(aside)
  if (moved !== seen) {
    try {
      linkSync(aside, lockFile)
    } catch {
      // a third process created a lock meanwhile; it wins
    }
  }
  unlinkSync(aside)
}

/**
 * Takes the lock of `dataDir`, or fails with DataDirInUse when a live process holds it. A lock left by a
 * dead process is taken over. Returns the function that releases it.
 */
export const acquire = (dataDir: string): (() => void) => {
  const lockFile = lockFileOf(dataDir)
  const inUse = (pid: number) => new DataDirInUse({ dataDir: resolve(dataDir), lockFile, pid })
  if (held.has(lockFile)) throw inUse(process.pid)
  mkdirSync(dirname(lockFile), { recursive: true })
  const content = `${process.pid}\n${randomBytes(12).toString("hex")}\n`

  for (let attempt = 0; attempt < 20; attempt++) {
    let fd: number
    try {
      fd = openSync(lockFile, "wx")
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e
      const seen = readOrUndefined(lockFile)
      if (seen === undefined) continue
      const pid = pidOf(seen)
      if (pid === undefined) {
        // Created but not yet written by a process starting right now, or left empty by a crash:
        // give a live writer a moment before calling it stale.
        if (attempt < 5) {
          pause(20)
          continue
        }
      } else if (pid !== process.pid && isAlive(pid)) {
        throw inUse(pid)
      }
      removeStale(lockFile, seen)
      continue
    }
    try {
      writeSync(fd, content)
    } finally {
      closeSync(fd)
    }
    held.add(lockFile)
    const release = () => {
      process.removeListener("exit", release)
      held.delete(lockFile)
      try {
        if (readOrUndefined(lockFile) === content) unlinkSync(lockFile)
      } catch {
        // the file is gone or unreadable: nothing of ours to remove
      }
    }
    // A process that exits without closing the database still frees the directory.
    process.once("exit", release)
    return release
  }
  throw new Error(`could not take the lock file ${lockFile}: it keeps changing`)
}

/** Holds the lock of `dataDir` for the life of the scope. */
export const lock = (dataDir: string): Effect.Effect<void, DataDirInUse, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({
      try: () => acquire(dataDir),
      catch: (e) => e
    }).pipe(Effect.catch((e) => e instanceof DataDirInUse ? Effect.fail(e) : Effect.die(e))),
    (release) => Effect.sync(release)
  ).pipe(Effect.asVoid)
