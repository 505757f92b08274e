/**
 * The PGlite template: a data directory that PGlite initialized and Till migrated, made by `npm run build`
 * (`scripts/pglite-template.ts`) as `dist/pglite-template.tar.gz`. A new embedded data directory starts as a
 * copy of it, which skips PGlite's initdb, most of a cold start's time and memory (docs/performance.md,
 * "Cold start"); the migrations newer than the template then run as on any start.
 *
 * The template is never in git: each build makes it again from the migrations and the PGlite installed. It
 * is a gzipped tar (written and read with the `tar` package, npm's own) whose first entry is a manifest
 * naming that PGlite version and each migration with a hash of its source, so a template that does not
 * match the code (another PGlite, a migration it does not know or that changed since) is not used, and the
 * data directory is made by initdb as without a template.
 */
import { PGlite } from "@electric-sql/pglite"
import { createHash } from "node:crypto"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { gunzipSync } from "node:zlib"
import { Kysely, PGliteDialect } from "kysely"
import type * as TarModule from "tar"
import { migrateToLatest, migrations, migrator } from "./Migrations.ts"

const require = createRequire(import.meta.url)

// Loaded on first use: only a start that makes a data directory (and `npm run build`) needs tar, not each
// start that imports this module (loading it costs about 30 ms of CPU).
const Tar = (): typeof TarModule => require("tar") as typeof TarModule

/**
 * Where `npm run build` writes the template: this package's `dist/`, reached alike from `src/` (a start from
 * source, `--conditions=@till/source`) and from `dist/` (the built package), so both use one build's template.
 */
export const DEFAULT_FILE: string = fileURLToPath(new URL("../dist/pglite-template.tar.gz", import.meta.url))

const MANIFEST = ".till-template.json"

interface Manifest {
  readonly pglite: string
  readonly migrations: ReadonlyArray<{ readonly name: string; readonly sha256: string }>
}

/** The names of the migrations in the order they run (Kysely's: by name). */
const migrationNames = (): ReadonlyArray<string> => Object.keys(migrations).sort()

// The source file, found from src/ and dist/ alike (the package ships both): what the template's migrations
// ran from at build time, so an edit made since is seen.
const sourceHash = (name: string): string =>
  createHash("sha256").update(readFileSync(new URL(`../src/migrations/${name}.ts`, import.meta.url))).digest("hex")

// PGlite's version decides the data directory's format (its PostgreSQL major version, its catalog).
const installedPglite = (): string => {
  const entry = require.resolve("@electric-sql/pglite")
  return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version
}

// The files and directories under `dir`, relative to `root`; sorted, so two builds of the same schema write
// the same entries in the same order (tar would take them in the file system's order).
function* pathsOf(root: string, dir: string = root): Generator<string> {
  const names = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const name of names) {
    const path = join(dir, name.name)
    if (name.isDirectory()) {
      yield relative(root, path)
      yield* pathsOf(root, path)
    } else if (name.isFile()) {
      yield relative(root, path)
    }
  }
}

/**
 * Makes a template at `file`: PGlite's initdb in a temporary directory, the migrations (all, or up to and
 * including `through`), a clean shutdown, then the directory as a gzipped tarball. Answers the migrations applied.
 */
export const make = async (file: string, options: { readonly through?: string } = {}): Promise<ReadonlyArray<string>> => {
  const work = mkdtempSync(join(tmpdir(), "till-pglite-template-"))
  try {
    const dataDir = join(work, "pgdata")
    const kysely = new Kysely<any>({ dialect: new PGliteDialect({ pglite: await PGlite.create({ dataDir }) }) })
    try {
      if (options.through === undefined) {
        await migrateToLatest(kysely)
      } else {
        const { error } = await migrator(kysely).migrateTo(options.through)
        if (error !== undefined) throw error
      }
    } finally {
      // closes PGlite: a clean shutdown, so a copy opens without recovery
      await kysely.destroy()
    }
    const names = migrationNames()
    const applied = options.through === undefined ? names : names.slice(0, names.indexOf(options.through) + 1)
    const manifest: Manifest = {
      pglite: installedPglite(),
      migrations: applied.map((name) => ({ name, sha256: sourceHash(name) }))
    }
    // the manifest is the first entry, so `read` has it before the rest; PGlite is closed, so the data
    // directory can hold it until then (`extract` leaves it out)
    const paths = [...pathsOf(dataDir)]
    writeFileSync(join(dataDir, MANIFEST), JSON.stringify(manifest, null, 2))
    mkdirSync(dirname(file), { recursive: true })
    // `portable` and a fixed mtime: nothing of this machine or this time in the template (no owners, no times)
    Tar().create(
      { file: `${file}.tmp`, cwd: dataDir, gzip: true, sync: true, portable: true, mtime: new Date(0), noDirRecurse: true },
      [MANIFEST, ...paths]
    )
    renameSync(`${file}.tmp`, file)
    return applied
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** A template read from its file and checked against the code: usable, absent, or why it cannot be used. */
export type Read =
  /** `tarball`: the template uncompressed, read once and checked (the manifest, every header). */
  | { readonly _tag: "Usable"; readonly tarball: Buffer<ArrayBuffer>; readonly migrations: number }
  | { readonly _tag: "Absent" }
  | { readonly _tag: "Unusable"; readonly reason: string }

const unusable = (reason: string): Read => ({ _tag: "Unusable", reason })

const mismatch = (manifest: Manifest): string | undefined => {
  const pglite = installedPglite()
  if (manifest.pglite !== pglite) return `it was made by PGlite ${manifest.pglite}, and ${pglite} is installed`
  const names = migrationNames()
  for (const [i, m] of manifest.migrations.entries()) {
    if (names[i] !== m.name) return `it has the migration ${m.name}, which this code does not have in that place`
    if (sourceHash(m.name) !== m.sha256) return `the migration ${m.name} changed since it was made`
  }
  return undefined
}

/** Reads the template at `file` (default {@link DEFAULT_FILE}); never throws. */
export const read = (file: string = DEFAULT_FILE): Read => {
  let gzipped: Buffer
  try {
    gzipped = readFileSync(file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { _tag: "Absent" }
    return unusable(`it cannot be read: ${(e as Error).message}`)
  }
  try {
    const tarball = gunzipSync(gzipped)
    const chunks: Array<Buffer> = []
    let first = true
    // The whole tarball is parsed here, before anything is written: `strict` makes each damage tar sees (a
    // bad header checksum, a truncated entry) throw instead of skipping the entry with a warning.
    new (Tar().Parser)({
      strict: true,
      onReadEntry: (entry) => {
        if (entry.type !== "File" && entry.type !== "Directory") {
          throw new Error(`${entry.path} is neither a file nor a directory (${entry.type})`)
        }
        if (first && entry.path === MANIFEST) entry.on("data", (chunk: Buffer) => chunks.push(chunk))
        first = false
        entry.resume()
      }
    }).end(tarball)
    if (chunks.length === 0) return unusable("it has no manifest")
    const manifest = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Manifest
    const reason = mismatch(manifest)
    return reason === undefined ? { _tag: "Usable", tarball, migrations: manifest.migrations.length } : unusable(reason)
  } catch (e) {
    return unusable(`it is damaged: ${(e as Error).message}`)
  }
}

// Where a copy is written before it is moved into the data directory: inside it, so on the same file
// system even when the data directory is a mount point.
const STAGING = ".till-template"

/** Whether `dir` is a new data directory: absent, empty, or holding only a copy that a crash interrupted. */
export const isNew = (dir: string): boolean => {
  try {
    return readdirSync(dir).every((name) => name === STAGING)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return true
    throw e
  }
}

/**
 * Makes the new directory `dir` ({@link isNew}) a copy of the template. The files are written to a
 * directory inside it, then moved up with `PG_VERSION` last: PGlite takes a directory with `PG_VERSION` for
 * a database, so a crash while writing leaves a directory that is still new (the next start writes it
 * again). The caller holds the data directory's lock.
 */
export const extract = (tarball: Buffer, dir: string): void => {
  const staging = join(dir, STAGING)
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true })
  try {
    // tar's own guards keep every entry inside `staging` (no `..`, no absolute path, nothing written
    // through a link), and `strict` makes one that is refused throw rather than be skipped with a warning.
    // The copy's files get the time of the copy (`noMtime`: no utimes call per file).
    new (Tar().UnpackSync)({ cwd: staging, strict: true, noMtime: true, filter: (path) => path !== MANIFEST }).end(tarball)
    const top = readdirSync(staging)
    for (const name of [...top.filter((n) => n !== "PG_VERSION"), ...top.filter((n) => n === "PG_VERSION")]) {
      renameSync(join(staging, name), join(dir, name))
    }
    rmdirSync(staging)
  } catch (e) {
    rmSync(staging, { recursive: true, force: true })
    throw e
  }
}

/**
 * The template as a Blob for PGlite's `loadDataDir` (an in-memory database): the tarball as read, already
 * uncompressed; PGlite writes its files and directories into its data directory, the manifest among them.
 */
export const tarballOf = (tarball: Buffer<ArrayBuffer>): Blob => new Blob([tarball], { type: "application/x-tar" })
