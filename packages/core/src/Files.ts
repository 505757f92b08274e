/**
 * Use cases of files: upload (checked by purpose, size and the bytes' own signature), retrieve and list
 * an account's files, and find one by the name it is served under.
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import { nowSeconds, pageRequest, rangeOf } from "./CheckoutSessions.ts"
import { ResourceMissing, ValidationError } from "./Errors.ts"
import { type FileObject, FilePurpose, type FileUpload, imageTypeOf, type ListFilesParams, MAX_IMAGE_BYTES, parseServedName } from "./File.ts"
import { Prefix } from "./Ids.ts"
import type { Scope } from "./CheckoutSession.ts"
import { type FileFilter, FileRepository } from "./ports/FileRepository.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"

const invalid = (param: string, message: string) => new ValidationError({ code: "parameter_invalid", message, param })
const missing = (param: string) => new ValidationError({ code: "parameter_missing", message: `Missing required param: ${param}.`, param })

const isPurpose = Schema.is(FilePurpose)

/** Why an upload cannot be a file, naming `purpose` or `file`; undefined when it can. */
export const checkUpload = (upload: FileUpload): ValidationError | undefined => {
  if (upload.purpose === undefined) return missing("purpose")
  if (!isPurpose(upload.purpose)) {
    return invalid("purpose", `Invalid purpose: Till takes files for business_icon and business_logo, not ${JSON.stringify(upload.purpose.slice(0, 50))}.`)
  }
  if (upload.file === undefined) return missing("file")
  const { bytes } = upload.file
  if (bytes.length === 0) return invalid("file", "Invalid file: it is empty.")
  if (bytes.length > MAX_IMAGE_BYTES) {
    return invalid("file", `Invalid file: a ${upload.purpose} file may be at most 512 KB (${MAX_IMAGE_BYTES} bytes), this one has ${bytes.length}.`)
  }
  if (imageTypeOf(bytes) === undefined) return invalid("file", `Invalid file: a ${upload.purpose} file must be a PNG, JPEG, GIF or WebP image.`)
  return undefined
}

/** Use cases of files. */
export class Files extends Context.Service<Files>()("till/Files", {
  make: Effect.gen(function*() {
    const repo = yield* FileRepository
    const ids = yield* IdGenerator

    /** A file of the account, or ResourceMissing naming `param`. */
    const load = (account: string, id: string, param: string | null = null) =>
      repo.findById(id).pipe(Effect.flatMap((found) =>
        Option.isSome(found) && found.value.account === account
          ? Effect.succeed(found.value)
          : Effect.fail(new ResourceMissing({ object: "file", id, param }))
      ))

    /** Stores an uploaded image for the account. */
    const create = Effect.fn("Files.create")(function*(account: string, upload: FileUpload) {
      const problem = checkUpload(upload)
      if (problem !== undefined) return yield* problem
      const { bytes, filename } = upload.file!
      const file: FileObject = {
        id: yield* ids.make(Prefix.file),
        created: yield* nowSeconds,
        filename: filename === null || filename === "" ? null : filename.slice(0, 255),
        purpose: upload.purpose as FilePurpose,
        size: bytes.length,
        type: imageTypeOf(bytes)!,
        sha256: yield* hashBytes(bytes)
      }
      yield* repo.insert({ account, file, content: bytes })
      return file
    })

    /** A file of the account. */
    const retrieve = Effect.fn("Files.retrieve")(function*(account: string, id: string, param: string | null = null) {
      return (yield* load(account, id, param)).file
    })

    /** Files of the account, newest first, by purpose and creation time. */
    const list = Effect.fn("Files.list")(function*(scope: Scope, params: ListFilesParams) {
      const page = yield* pageRequest(scope, params, (s, id, param) =>
        id === undefined ? Effect.succeed(undefined) : load(s.account, id, param).pipe(Effect.map(({ file }) => ({ created: file.created, id: file.id }))))
      const filter: FileFilter = {
        ...(params.purpose === undefined ? {} : { purpose: params.purpose }),
        ...(params.created === undefined ? {} : { created: rangeOf(params.created) })
      }
      const result = yield* repo.list(scope.account, filter, page)
      return { has_more: result.has_more, data: result.data.map((s) => s.file) }
    })

    /** The file served under `name` (`file_…-<hash>.<type>`), whatever its account; none when the name is not the file's current one. */
    const served = (name: string): Effect.Effect<Option.Option<{ readonly file: FileObject; readonly content: Uint8Array }>> => {
      const parsed = parseServedName(name)
      if (parsed === undefined) return Effect.succeedNone
      return Effect.map(repo.findById(parsed.id), Option.filter((s) => s.file.sha256.startsWith(parsed.hash) && name.endsWith(`.${s.file.type}`)))
    }

    return { create, retrieve, list, served } as const
  })
}) {
  /** The use cases over whatever repository and id generator are provided. */
  static readonly layer = Layer.effect(Files, Files.make)
}

/** SHA-256 of bytes, hex. */
const hashBytes = (bytes: Uint8Array): Effect.Effect<string> =>
  Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)).pipe(
    Effect.map((buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join(""))
  )
