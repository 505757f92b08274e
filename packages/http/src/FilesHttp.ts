/**
 * The file routes outside the contract: `POST /v1/files`, which takes `multipart/form-data` as Stripe's
 * does (read by the HTTP framework's own streaming multipart parser, `effect/http/Multipart`, never by
 * hand), and `GET /c/files/:name`, which serves a file's image to anyone (the hosted page shows the
 * logo without a key) under a name carrying a hash of its bytes, so it is cached for good.
 */
import { Files, type FileUpload, MEDIA_TYPES, ValidationError } from "@till/core"
import { ByteSize, Effect, Option, Stream } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse, Multipart } from "effect/http"
import { file, FILES_PATH } from "./AccountResponses.ts"
import * as Auth from "./Auth.ts"
import { failed, respond, type Route } from "./Endpoint.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import { MalformedRequest, PayloadTooLarge } from "./HttpErrors.ts"
import { RateLimiter } from "./RateLimit.ts"
import * as RequestLog from "./RequestLog.ts"
import * as VersionHeaders from "./VersionHeaders.ts"

/**
 * The largest upload body read: the file may be at most 512 KB, and a larger one is refused by name
 * (400 `file`) rather than by cutting the connection, up to this; past it, 413 as for any body.
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024

/** The parts an upload may have: Stripe's `purpose` and `file` (and its `file_link_data`, refused by name). */
const MAX_PARTS = 10

const FILE_HEADERS = {
  "cache-control": "public, max-age=31536000, immutable",
  "x-content-type-options": "nosniff",
  // the images are public (they show on the hosted page and in receipts), and never run as a document
  "cross-origin-resource-policy": "cross-origin",
  "content-security-policy": "default-src 'none'; sandbox"
}

const invalid = (param: string | null, message: string, code = "parameter_invalid") => new ValidationError({ code, message, param })

/** Reads an upload's `purpose` and `file` from a multipart body; anything else is refused by name. */
const readUpload = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const contentType = request.headers["content-type"] ?? ""
    if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
      return yield* invalid("file", "Files are uploaded as multipart/form-data, with the image in `file` and its `purpose`.", "parameter_missing")
    }
    const announced = request.headers["content-length"]
    if (announced !== undefined && Number(announced) > MAX_UPLOAD_BYTES) return yield* new PayloadTooLarge({ limit: MAX_UPLOAD_BYTES })
    let purpose: string | undefined
    let upload: FileUpload["file"]
    const parts = request.multipartStream.pipe(
      Stream.mapEffect((part) =>
        Effect.gen(function*() {
          const name = part.key
          if (Multipart.isField(part)) {
            if (name !== "purpose") return yield* invalid(name.slice(0, 100), `Received unknown parameter: ${name.slice(0, 100)}`, "parameter_unknown")
            purpose = part.value
            return
          }
          if (Multipart.isFile(part)) {
            if (name !== "file") return yield* invalid(name.slice(0, 100), `Received unknown parameter: ${name.slice(0, 100)}`, "parameter_unknown")
            const bytes = yield* part.contentEffect
            upload = { bytes, filename: part.name }
          }
        })
      )
    )
    yield* Stream.runDrain(parts).pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(MAX_UPLOAD_BYTES)),
      Effect.provideService(Multipart.MaxParts, MAX_PARTS),
      Effect.catchTag("MultipartError", (e): Effect.Effect<never, PayloadTooLarge | ValidationError | MalformedRequest> =>
        e.reason._tag === "BodyTooLarge" || e.reason._tag === "FileTooLarge"
          ? Effect.fail(new PayloadTooLarge({ limit: MAX_UPLOAD_BYTES }))
          : e.reason._tag === "TooManyParts"
          ? Effect.fail(invalid(null, `An upload has at most ${MAX_PARTS} parts: \`purpose\` and \`file\`.`))
          : Effect.fail(new MalformedRequest({ message: "The multipart/form-data body could not be read." })))
    )
    return { purpose, file: upload } satisfies FileUpload
  })

/** The two routes, built once with the authenticator, the files and the public base. */
export const routes = Effect.gen(function*() {
  const auth = yield* Auth.make
  const files = yield* Files
  const rateLimiter = yield* RateLimiter
  const base = yield* HostedPageBase

  const create: Route["handler"] = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const answer = yield* Effect.gen(function*() {
      const { clientSession, scope } = yield* auth.authorize(request.headers.authorization, "secret", undefined, { method: request.method, path: new URL(request.url, "http://till.invalid").pathname })
      yield* RequestLog.noteAccount(scope.account)
      yield* rateLimiter.admit(scope, clientSession)
      yield* VersionHeaders.check(request)
      const created = yield* files.create(scope.account, yield* readUpload(request))
      return respond({ status: 200, body: JSON.stringify(file(created, base)), store: false })
    }).pipe(Effect.catch((e) => Effect.succeed(respond(failed(e)))))
    return VersionHeaders.echo(answer, VersionHeaders.inForce(request))
  })

  const notFound = HttpServerResponse.text("Not found\n", { status: 404, contentType: "text/plain; charset=utf-8", headers: { "x-content-type-options": "nosniff" } })

  const serve: Route["handler"] = Effect.gen(function*() {
    const { params } = yield* HttpRouter.RouteContext
    const found = yield* files.served(params.name ?? "")
    if (Option.isNone(found)) return notFound
    const { content, file: f } = found.value
    return HttpServerResponse.uint8Array(content, { contentType: MEDIA_TYPES[f.type], headers: FILE_HEADERS })
  })

  return [
    { method: "POST", path: "/v1/files", handler: create },
    { method: "GET", path: `${FILES_PATH}/:name`, handler: serve }
  ] satisfies ReadonlyArray<Route>
})
