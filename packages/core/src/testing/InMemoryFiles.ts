/**
 * An in-memory FileRepository, for tests and demos.
 */
import { Effect, Layer, Option } from "effect"
import type { StoredFile } from "../File.ts"
import { FileRepository } from "../ports/FileRepository.ts"
import { inRange, keysetPage } from "./InMemoryRepository.ts"

/** A fresh, empty repository. */
export const make = Effect.sync(() => {
  const files = new Map<string, StoredFile>()
  return FileRepository.of({
    insert: (stored) =>
      Effect.sync(() => {
        if (files.has(stored.file.id)) throw new Error(`duplicate file id ${stored.file.id}`)
        files.set(stored.file.id, stored)
      }),
    findById: (id) => Effect.sync(() => Option.fromNullishOr(files.get(id))),
    list: (account, filter, page) =>
      Effect.sync(() => {
        const sorted = [...files.values()]
          .filter((s) => s.account === account && (filter.purpose === undefined || s.file.purpose === filter.purpose) && inRange(s.file.created, filter.created))
          .sort((a, b) => b.file.created - a.file.created || (a.file.id < b.file.id ? 1 : -1))
          .map(({ content: _content, ...rest }) => rest)
        return keysetPage(sorted, (s) => ({ created: s.file.created, id: s.file.id }), page)
      })
  })
})

/** A fresh, empty repository. */
export const layer = Layer.effect(FileRepository, make)
