/**
 * Files (Stripe's `file`): images an account uploads for its branding (`business_logo`, `business_icon`).
 * A file belongs to its account, not to a mode (Stripe's file has no `livemode`), never changes once
 * made, and is recognized by its bytes, not by the name or content type its uploader gave.
 */
import { Schema } from "effect"
import { PageParams, RangeParams } from "./SessionParams.ts"

/** The purposes Till takes files for (Stripe's, for the account's branding). */
export const FilePurpose = Schema.Literals(["business_icon", "business_logo"])
/** See {@link FilePurpose}. */
export type FilePurpose = typeof FilePurpose.Type

/** The largest file of these purposes, as Stripe allows: 512 KB. */
export const MAX_IMAGE_BYTES = 512 * 1024

/** The image types Till recognizes, as Stripe names them in a file's `type`. */
export type ImageType = "png" | "jpg" | "gif" | "webp"

/** Each image type's media type, for serving it. */
export const MEDIA_TYPES: { readonly [T in ImageType]: string } = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp"
}

const startsWith = (bytes: Uint8Array, at: number, signature: ReadonlyArray<number>) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b)

/** The image type of some bytes, by their signature (PNG, JPEG, GIF, WebP), or undefined for anything else. */
export const imageTypeOf = (bytes: Uint8Array): ImageType | undefined => {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png"
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return "jpg"
  if (startsWith(bytes, 0, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "gif"
  if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50])) return "webp"
  return undefined
}

/** A file's description (its content is kept apart). */
export const FileObject = Schema.Struct({
  id: Schema.String,
  created: Schema.Int,
  filename: Schema.NullOr(Schema.String),
  purpose: FilePurpose,
  size: Schema.Int,
  type: Schema.Literals(["png", "jpg", "gif", "webp"]),
  /** SHA-256 of the content, hex: the served address carries its start, so the address changes with the bytes. */
  sha256: Schema.String
})
/** See {@link FileObject}. */
export type FileObject = typeof FileObject.Type

/** A file as stored: its account, description and content. */
export interface StoredFile {
  readonly account: string
  readonly file: FileObject
  readonly content: Uint8Array
}

/** What an upload brings: the parts of a `multipart/form-data` body, already read. */
export interface FileUpload {
  /** The `purpose` field, or undefined when the body had none. */
  readonly purpose: string | undefined
  /** The `file` part: its bytes and the name the client gave, or undefined when the body had none. */
  readonly file: { readonly bytes: Uint8Array; readonly filename: string | null } | undefined
}

/** Parameters of `GET /v1/files`. */
export const ListFilesParams = Schema.Struct({
  ...PageParams,
  purpose: Schema.optionalKey(Schema.String),
  created: Schema.optionalKey(RangeParams)
})
/** See {@link ListFilesParams}. */
export type ListFilesParams = typeof ListFilesParams.Type

/** The name a file is served under: its id and the start of its hash (`file_…-0123456789abcdef.png`). */
export const servedName = (file: FileObject): string => `${file.id}-${file.sha256.slice(0, 16)}.${file.type}`

/** The id and hash a served name carries, or undefined when it is not one. */
export const parseServedName = (name: string): { readonly id: string; readonly hash: string } | undefined => {
  const match = /^(file_[A-Za-z0-9]+)-([0-9a-f]{16})\.(?:png|jpg|gif|webp)$/.exec(name)
  return match === null ? undefined : { id: match[1]!, hash: match[2]! }
}
