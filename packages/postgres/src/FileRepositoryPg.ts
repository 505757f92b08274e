/**
 * FileRepository on PostgreSQL (or PGlite): one row per file, its content in a `bytea` column. Lists
 * read the description only; the content is read by id, when a file is served.
 */
import { FileRepository, type FileObject, type StoredFile } from "@till/core"
import { Effect, Layer, Option } from "effect"
import type { Selectable } from "kysely"
import type { FilesTable } from "./Database.ts"
import { Db } from "./Db.ts"
import { paginate, toPage, whereInRange } from "./Keyset.ts"

const DESCRIPTION = ["id", "account", "created", "purpose", "filename", "size", "type", "sha256"] as const

const describe = (row: Pick<Selectable<FilesTable>, typeof DESCRIPTION[number]>): Omit<StoredFile, "content"> => ({
  account: row.account,
  file: {
    id: row.id,
    created: Number(row.created),
    filename: row.filename,
    purpose: row.purpose as FileObject["purpose"],
    size: row.size,
    type: row.type as FileObject["type"],
    sha256: row.sha256
  }
})

/** Makes the repository over the Db. */
export const make = Effect.gen(function*() {
  const { kysely: db } = yield* Db
  return FileRepository.of({
    insert: ({ account, content, file }) =>
      Effect.promise(() =>
        db.insertInto("files").values({
          id: file.id,
          account,
          created: file.created,
          purpose: file.purpose,
          filename: file.filename,
          size: file.size,
          type: file.type,
          sha256: file.sha256,
          content: Buffer.from(content.buffer, content.byteOffset, content.byteLength)
        }).execute()
      ).pipe(Effect.asVoid),
    findById: (id) =>
      Effect.promise(() => db.selectFrom("files").select([...DESCRIPTION, "content"]).where("id", "=", id).executeTakeFirst()).pipe(
        Effect.map((row) => row === undefined ? Option.none() : Option.some({ ...describe(row), content: new Uint8Array(row.content) }))
      ),
    list: (account, filter, page) => {
      let q = db.selectFrom("files").select(DESCRIPTION).where("account", "=", account)
      if (filter.purpose !== undefined) q = q.where("purpose", "=", filter.purpose)
      const query = paginate(whereInRange(q, "created", filter.created), { created: "created", id: "id" }, page)
      return Effect.promise(() => query.execute()).pipe(Effect.map((rows) => toPage(rows.map(describe), page)))
    }
  })
})

/** FileRepository over the Db. */
export const layer: Layer.Layer<FileRepository, never, Db> = Layer.effect(FileRepository, make)
