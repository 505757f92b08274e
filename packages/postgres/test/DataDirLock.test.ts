/**
 * One process per PGlite data directory: a second opener fails at once with a clear message, a lock
 * left by a dead process is taken over, and closing releases the lock.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { acquire, DataDirInUse, lockFileOf } from "../src/DataDirLock.ts"
import { tempDir } from "../src/testing/Databases.ts"
import { exited, onLines, spawnFixture } from "./support/Processes.ts"

/** A pid that belonged to a process that has exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" })
  return Number(child.stdout)
}

describe("DataDirLock", () => {
  it.live("a second acquire in the same process fails; release frees the directory", () =>
    Effect.gen(function*() {
      const dir = join(yield* tempDir(), "data")
      const release = acquire(dir)
      assert.strictEqual(readFileSync(lockFileOf(dir), "utf8").split("\n")[0], String(process.pid))
      const error = (() => {
        try {
          acquire(dir)
        } catch (e) {
          return e
        }
      })()
      assert.instanceOf(error, DataDirInUse)
      assert.strictEqual((error as DataDirInUse).pid, process.pid)
      release()
      assert.isFalse(existsSync(lockFileOf(dir)))
      acquire(dir)()
    }))

  it.live("a lock left by a dead process, or left empty, is taken over", () =>
    Effect.gen(function*() {
      const dir = join(yield* tempDir(), "data")
      writeFileSync(lockFileOf(dir), `${deadPid()}\nabc\n`)
      const release = acquire(dir)
      assert.strictEqual(readFileSync(lockFileOf(dir), "utf8").split("\n")[0], String(process.pid))
      release()
      writeFileSync(lockFileOf(dir), "")
      acquire(dir)()
    }))

  it.live("while one process holds a PGlite directory, a second fails at once saying which pid holds it", () =>
    Effect.gen(function*() {
      const dir = join(yield* tempDir(), "data")
      const holder = spawnFixture("OpenDataDir", { TILL_DATA_DIR: dir })
      const holderExit = exited(holder)
      yield* Effect.promise(() =>
        new Promise<void>((resolve, reject) => {
          onLines(holder.stdout!, (line) => line.startsWith("ready") && resolve())
          holderExit.then(() => reject(new Error("the holder exited early")))
        })
      )

      const started = Date.now()
      const second = spawnFixture("OpenDataDir", { TILL_DATA_DIR: dir })
      let stderr = ""
      let stdout = ""
      second.stderr!.on("data", (chunk) => (stderr += String(chunk)))
      second.stdout!.on("data", (chunk) => (stdout += String(chunk)))
      const { code } = yield* Effect.promise(() => exited(second))
      const elapsed = Date.now() - started
      assert.strictEqual(code, 1)
      assert.strictEqual(stdout, "")
      assert.include(stderr, `is in use by another process (pid ${holder.pid})`)
      assert.include(stderr, "set TILL_DATA_DIR to another directory")
      // no PGlite start (seconds) happened: it failed on the lock, after loading its modules
      assert.isBelow(elapsed, 5_000)

      holder.kill("SIGTERM")
      const { code: holderCode } = yield* Effect.promise(() => holderExit)
      assert.strictEqual(holderCode, 0)
      assert.isFalse(existsSync(lockFileOf(dir)), "closing releases the lock")
    }), 60_000)
})
