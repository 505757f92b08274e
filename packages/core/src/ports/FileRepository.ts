/**
 * Port: files and their content.
 */
import { Context, type Effect, type Option } from "effect"
import type { StoredFile } from "../File.ts"
import type { Page, PageRequest, Range } from "./SessionRepository.ts"

/** Filters of the file list. */
export interface FileFilter {
  readonly purpose?: string
  readonly created?: Range
}

/** Port: files of every account. Files never change once stored. */
export class FileRepository extends Context.Service<FileRepository, {
  /** Stores a new file with its content. */
  readonly insert: (stored: StoredFile) => Effect.Effect<void>
  /** A file by id, whatever its account (callers check the account), with its content. */
  readonly findById: (id: string) => Effect.Effect<Option.Option<StoredFile>>
  /** Files of one account, newest first (by `created`, then `id`), without their content. */
  readonly list: (account: string, filter: FileFilter, page: PageRequest) => Effect.Effect<Page<Omit<StoredFile, "content">>>
}>()("till/FileRepository") {}
