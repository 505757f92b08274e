/**
 * The PGlite template: a new data directory starts from it with every migration applied (those newer than
 * the template run at start), and without a usable template (absent, damaged, made for other code, or not
 * opening) PGlite's initdb makes the directory as before. Whether a migration came from the template is told
 * by its `kysely_migration` timestamp: one from the template ran before the layer was opened.
 */
import { assert, describe, it } from "@effect/vitest"
import { SessionRepository } from "@till/core"
import { Context, Effect, Layer, Option } from "effect"
import { sql } from "kysely"
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync, gzipSync } from "node:zlib"
import * as Tar from "tar"
import { afterAll, beforeAll } from "vitest"
import * as Connection from "../src/Connection.ts"
import { Db } from "../src/Db.ts"
import { migrations } from "../src/Migrations.ts"
import * as PgliteTemplate from "../src/PgliteTemplate.ts"
import * as SessionRepositoryPg from "../src/SessionRepositoryPg.ts"
import { NoOutbox } from "../src/testing/index.ts"
import { newScope, newSession } from "./support/Fixtures.ts"

const names = Object.keys(migrations).sort()
const work = mkdtempSync(join(tmpdir(), "till-template-test-"))
const full = join(work, "full.tar.gz")
const older = join(work, "older.tar.gz")

beforeAll(async () => {
  await PgliteTemplate.make(full)
  await PgliteTemplate.make(older, { through: names.at(-2)! })
}, 120_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

let dirs = 0
const newDir = () => join(work, `data-${++dirs}`)

/** Opens PGlite in `dataDir` (from `template`) and answers each migration: whether it ran before the open. */
const openAndList = (dataDir: string, template: string | null) =>
  Effect.scoped(Effect.gen(function*() {
    const opened = Date.now()
    const db = Context.get(yield* Layer.build(Connection.layerPglite(dataDir, { template })), Db)
    const { rows } = yield* Effect.promise(() =>
      sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(db.kysely)
    )
    // and it works: a session stored and read back
    const state = newSession(newScope(), 1_700_000_000)
    const found = yield* Effect.gen(function*() {
      const sessions = yield* SessionRepository
      yield* sessions.insert(state, [])
      return yield* sessions.findById(state.session.id)
    }).pipe(Effect.provide(SessionRepositoryPg.layer.pipe(Layer.provide(NoOutbox.layer), Layer.provide(Layer.succeed(Db, db)))))
    assert.strictEqual(Option.getOrThrow(found).session.id, state.session.id)
    return rows.map((r) => ({ name: r.name, fromTemplate: Date.parse(r.timestamp) < opened }))
  }))

const allFromTemplate = names.map((name) => ({ name, fromTemplate: true }))
const noneFromTemplate = names.map((name) => ({ name, fromTemplate: false }))

const MANIFEST = ".till-template.json"

/** The full template's files (`only` these, or all), extracted to a directory of their own. */
const extracted = (only: Array<string> = []) => {
  const dir = mkdtempSync(join(work, "extracted-"))
  Tar.extract({ file: full, cwd: dir, sync: true, strict: true }, only)
  return dir
}

/**
 * A template at `file` made of the full one's files (`only` these, or all), changed in their directory by
 * `change`, the manifest first as `make` writes it, then `extra` paths as given (`..` and all: tar writes
 * such a path, and refuses to extract it).
 */
const altered = (file: string, change: (dir: string) => void, only: Array<string> = [], extra: Array<string> = []) => {
  const dir = extracted(only)
  change(dir)
  const rest = readdirSync(dir).filter((name) => name !== MANIFEST)
  Tar.create({ file, cwd: dir, gzip: true, sync: true }, [MANIFEST, ...rest, ...extra])
  return file
}

/**
 * A small template: the full one's manifest, changed by `change`, and its PG_VERSION (enough for `read`'s
 * checks), and what `add` writes beside them.
 */
const withManifest = (
  file: string,
  change: (m: { pglite: string; migrations: Array<{ name: string; sha256: string }> }) => void,
  add: (dir: string) => void = () => {}
) =>
  altered(file, (dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8"))
    change(manifest)
    writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest))
    add(dir)
  }, [MANIFEST, "PG_VERSION"])

describe("PgliteTemplate", () => {
  it.live("a new data directory starts from the template, with every migration, works, and reopens as it is", () =>
    Effect.gen(function*() {
      const dir = newDir()
      assert.deepStrictEqual(yield* openAndList(dir, full), allFromTemplate)
      assert.notInclude(readdirSync(dir), ".till-template")
      // an existing directory is opened, never made again
      assert.deepStrictEqual(yield* openAndList(dir, full), allFromTemplate)
    }), 60_000)

  it.live("an empty directory, or one holding only a copy a crash interrupted, is new", () =>
    Effect.gen(function*() {
      const dir = newDir()
      mkdirSync(join(dir, ".till-template", "base"), { recursive: true })
      writeFileSync(join(dir, ".till-template", "PG_VERSION"), "half")
      assert.isTrue(PgliteTemplate.isNew(dir))
      assert.deepStrictEqual(yield* openAndList(dir, full), allFromTemplate)
      assert.isFalse(PgliteTemplate.isNew(dir))
    }), 60_000)

  it.live("a template older than the migrations gets the remaining ones at start", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(
        yield* openAndList(newDir(), older),
        names.map((name, i) => ({ name, fromTemplate: i < names.length - 1 }))
      )
    }), 60_000)

  it.live("an in-memory database starts from the template too", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* openAndList("memory://", full), allFromTemplate)
    }), 60_000)

  it.live("without a template, initdb makes the new data directory", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* openAndList(newDir(), join(work, "absent.tar.gz")), noneFromTemplate)
    }), 60_000)

  it("a damaged template, or one made for other code, is not used", () => {
    const reasonOf = (file: string) => {
      const read = PgliteTemplate.read(file)
      return read._tag === "Unusable" ? read.reason : read._tag
    }
    assert.strictEqual(reasonOf(join(work, "absent.tar.gz")), "Absent")
    assert.strictEqual(reasonOf(full), "Usable")
    const small = withManifest(join(work, "small.tar.gz"), () => {})
    assert.strictEqual(reasonOf(small), "Usable")
    const gz = readFileSync(full)
    writeFileSync(join(work, "truncated.tar.gz"), gz.subarray(0, gz.length / 2))
    assert.match(reasonOf(join(work, "truncated.tar.gz")), /^it is damaged/)
    const tar = gunzipSync(readFileSync(small))
    tar[5] ^= 0xff // a byte of the first header's name: its checksum no longer matches
    writeFileSync(join(work, "flipped.tar.gz"), gzipSync(tar))
    assert.match(reasonOf(join(work, "flipped.tar.gz")), /^it is damaged: TAR_ENTRY_INVALID: checksum failure/)
    // a tar cut inside its first entry, gzipped whole: tar sees it (the gzip check above does not)
    writeFileSync(join(work, "cut.tar.gz"), gzipSync(gunzipSync(readFileSync(small)).subarray(0, 700)))
    assert.match(reasonOf(join(work, "cut.tar.gz")), /^it is damaged: TAR_BAD_ARCHIVE: Truncated input/)
    const linked = withManifest(join(work, "linked.tar.gz"), () => {}, (dir) => symlinkSync("PG_VERSION", join(dir, "link")))
    assert.match(reasonOf(linked), /^it is damaged: link is neither a file nor a directory \(SymbolicLink\)/)
    Tar.create({ file: join(work, "no-manifest.tar.gz"), cwd: extracted(["PG_VERSION"]), gzip: true, sync: true }, ["PG_VERSION"])
    assert.match(reasonOf(join(work, "no-manifest.tar.gz")), /no manifest/)
    assert.match(reasonOf(withManifest(join(work, "pglite.tar.gz"), (m) => (m.pglite = "0.0.1"))), /made by PGlite 0\.0\.1/)
    assert.match(
      reasonOf(withManifest(join(work, "changed.tar.gz"), (m) => (m.migrations[3]!.sha256 = "0".repeat(64)))),
      new RegExp(`the migration ${names[3]} changed`)
    )
    assert.match(
      reasonOf(withManifest(join(work, "unknown.tar.gz"), (m) => m.migrations.push({ name: "29991231000000_future", sha256: "" }))),
      /29991231000000_future, which this code does not have/
    )
  })

  it.live("a damaged template, or one with a path that leaves the directory, falls back to initdb", () =>
    Effect.gen(function*() {
      const file = join(work, "garbage.tar.gz")
      writeFileSync(file, "not a gzip file")
      assert.deepStrictEqual(yield* openAndList(newDir(), file), noneFromTemplate)
      // the full template and one file more, `../escaped`: the manifest passes `read`, and tar refuses the path
      // while copying, as an error (`strict`), not a warning and a skipped file, so the copy is not used
      const escaping = altered(join(work, "escaping.tar.gz"), (dir) => writeFileSync(join(dir, "..", "escaped"), "outside"), [], [
        "../escaped"
      ])
      const read = PgliteTemplate.read(escaping)
      assert.strictEqual(read._tag, "Usable")
      const probe = newDir()
      assert.throws(() => PgliteTemplate.extract((read as { tarball: Buffer<ArrayBuffer> }).tarball, probe), /path contains '\.\.'/)
      assert.deepStrictEqual(readdirSync(probe), [])
      const dir = newDir()
      assert.deepStrictEqual(yield* openAndList(dir, escaping), noneFromTemplate)
      assert.isFalse(existsSync(join(dir, "escaped")))
    }), 60_000)

  it.live("a template that passes its checks and does not open falls back to initdb", () =>
    Effect.gen(function*() {
      // a data directory of another PostgreSQL major version: PGlite refuses it
      const file = altered(join(work, "other-major.tar.gz"), (dir) => writeFileSync(join(dir, "PG_VERSION"), "9\n"))
      assert.strictEqual(PgliteTemplate.read(file)._tag, "Usable")
      const dir = newDir()
      assert.deepStrictEqual(yield* openAndList(dir, file), noneFromTemplate)
      assert.strictEqual(readFileSync(join(dir, "PG_VERSION"), "utf8"), pgVersion())
    }), 60_000)
})

/** The full template's PG_VERSION, which initdb writes too. */
const pgVersion = () => readFileSync(join(extracted(["PG_VERSION"]), "PG_VERSION"), "utf8")

// `npm test` builds first (turbo's test task depends on build), so dist/ and its template are there.
describe("the template npm run build makes", () => {
  const pkg = join(import.meta.dirname, "..")

  it.live("is used by default, from source", () =>
    Effect.gen(function*() {
      assert.strictEqual(PgliteTemplate.DEFAULT_FILE, join(pkg, "dist", "pglite-template.tar.gz"))
      assert.strictEqual(PgliteTemplate.read()._tag, "Usable")
      assert.deepStrictEqual(yield* openAndList(newDir(), PgliteTemplate.DEFAULT_FILE), allFromTemplate)
    }), 60_000)

  // a Node process of its own, as the server runs when installed: the compiled code, no source condition
  it("is used by the built package, and is in its files", { timeout: 120_000 }, () => {
    const dataDir = newDir()
    const script = `
      if (!import.meta.resolve("@till/postgres/Connection").endsWith("/dist/Connection.js")) throw new Error("resolved from source")
      const { Connection, Db } = await import("@till/postgres")
      const { Context, Effect, Layer } = await import("effect")
      const opened = Date.now()
      const rows = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
        const db = Context.get(yield* Layer.build(Connection.layerPglite(${JSON.stringify(dataDir)})), Db)
        return (yield* Effect.promise(() => db.pglite.query("select timestamp from kysely_migration"))).rows
      })))
      console.log(JSON.stringify(rows.map((r) => Date.parse(r.timestamp) < opened)))
    `
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: pkg, encoding: "utf8" })
    assert.deepStrictEqual(JSON.parse(out), names.map(() => true))
    const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: pkg, encoding: "utf8" }))
    assert.include(packed.files.map((f: { path: string }) => f.path), "dist/pglite-template.tar.gz")
  })
})
