/**
 * The contract every FileRepository must meet: files read back by id with their exact bytes, whatever
 * their account; lists are one account's, newest first, by purpose and time.
 */
import { assert, type Vitest } from "@effect/vitest"
import { type Account, AccountRepository, FileRepository, Ids, type StoredFile } from "@till/core"
import { Effect, Option } from "effect"

const newAccount = (): Account => ({ id: `acct_${Ids.randomBase62()}`, name: "Files", created: 1_700_000_000 })

const newFile = (account: string, created: number, purpose: "business_logo" | "business_icon", content: Uint8Array): StoredFile => ({
  account,
  content,
  file: { id: `file_${Ids.randomBase62()}`, created, filename: "logo.png", purpose, size: content.length, type: "png", sha256: "ab".repeat(32) }
})

/** Registers the contract's tests. */
export const fileRepositoryContract = (it: Vitest.MethodsNonLive<FileRepository | AccountRepository>) => {
  it.effect("a file reads back by id with its exact bytes; lists are the account's, newest first, by purpose and time, without content", () =>
    Effect.gen(function*() {
      const accounts = yield* AccountRepository
      const repo = yield* FileRepository
      const owner = newAccount()
      const other = newAccount()
      yield* accounts.insertAccount(owner)
      yield* accounts.insertAccount(other)
      // every byte value, NUL and high bytes included
      const bytes = new Uint8Array(Array.from({ length: 300 }, (_, i) => i % 256))
      const logo = newFile(owner.id, 1_700_000_100, "business_logo", bytes)
      const icon = newFile(owner.id, 1_700_000_200, "business_icon", new Uint8Array([1, 2, 3]))
      const foreign = newFile(other.id, 1_700_000_300, "business_logo", new Uint8Array([9]))
      yield* repo.insert(logo)
      yield* repo.insert(icon)
      yield* repo.insert(foreign)

      const found = Option.getOrThrow(yield* repo.findById(logo.file.id))
      assert.deepStrictEqual({ ...found, content: [...found.content] }, { ...logo, content: [...bytes] })
      assert.isTrue(Option.isNone(yield* repo.findById("file_missing")))

      const all = yield* repo.list(owner.id, {}, { limit: 10 })
      assert.deepStrictEqual(all.data, [icon, logo].map(({ content: _c, ...rest }) => rest))
      assert.isFalse(all.has_more)
      assert.deepStrictEqual((yield* repo.list(owner.id, { purpose: "business_logo" }, { limit: 10 })).data.map((s) => s.file.id), [logo.file.id])
      assert.deepStrictEqual((yield* repo.list(owner.id, { created: { lt: 1_700_000_150 } }, { limit: 10 })).data.map((s) => s.file.id), [logo.file.id])
      const first = yield* repo.list(owner.id, {}, { limit: 1 })
      assert.deepStrictEqual([first.data.map((s) => s.file.id), first.has_more], [[icon.file.id], true])
      const next = yield* repo.list(owner.id, {}, { limit: 1, after: { created: icon.file.created, id: icon.file.id } })
      assert.deepStrictEqual(next.data.map((s) => s.file.id), [logo.file.id])
      assert.deepStrictEqual((yield* repo.list(other.id, {}, { limit: 10 })).data.map((s) => s.file.id), [foreign.file.id])
    }))
}
