/**
 * The pages' script and stylesheet, served from `/c/assets` under names that carry a hash of their
 * content: the pages load them from their own origin (so the policy needs no inline code), and
 * browsers may cache them for good because a new version gets a new name. Beside them, the files of
 * the offered connectors' card components (ProcessorClientFiles): this adapter knows no processor.
 */
import type { ClientComponent, ClientFile } from "@till/core"
import { Cause, Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { createHash } from "node:crypto"
import type { Route } from "../Endpoint.ts"
import { type Language, LANGUAGES } from "./Messages.ts"
import * as ScriptBundle from "./ScriptBundle.ts"
import { STYLES } from "./Styles.ts"

/** One served file. */
export interface Asset {
  /** The file's name under `/c/assets/`. */
  readonly file: string
  readonly path: string
  readonly contentType: string
  readonly body: string
}

const ASSET_ROOT = "/c/assets"

const hashed = (name: string, extension: string, contentType: string, body: string): Asset => {
  const file = `${name}-${createHash("sha256").update(body).digest("hex").slice(0, 16)}.${extension}`
  return { file, path: `${ASSET_ROOT}/${file}`, contentType, body }
}

const scripts = Object.fromEntries(
  await Promise.all(LANGUAGES.map(async (language) =>
    [language, hashed(`checkout-${language}`, "js", "text/javascript; charset=utf-8", await ScriptBundle.load(ScriptBundle.checkout(language)))] as const
  ))
) as Readonly<Record<Language, Asset>>

/** The checkout script of a page in `language`, which carries that language's strings only (see ScriptBundle.ts). */
export const script = (language: Language): Asset => scripts[language]

/** The stylesheet of every page. */
export const stylesheet: Asset = hashed("pages", "css", "text/css; charset=utf-8", STYLES)

const ASSET_HEADERS = {
  "cache-control": "public, max-age=31536000, immutable",
  "x-content-type-options": "nosniff",
  "cross-origin-resource-policy": "same-origin"
}

const byFile = new Map([...Object.values(scripts), stylesheet].map((asset) => [asset.file, asset]))

/** Where Till serves a connector's client file (ProcessorConnector's `clientFiles`): beside the pages' own assets. */
export const clientFilePath = (name: string): string => `${ASSET_ROOT}/${name}`

/**
 * A processor's card component with the addresses the page loads its files from: a name among the
 * connectors' client files becomes Till's path of it; any other value (the processor's own URL) is
 * kept. Null when its script is not served by Till: the page's policy allows no other script source,
 * so the page keeps its own card form.
 */
export const servedComponent = (
  component: ClientComponent,
  files: Readonly<Record<string, unknown>>
): { readonly processor: string; readonly script: string; readonly stylesheet: string | null; readonly config: Readonly<Record<string, string>> } | null => {
  if (component.script === null || !Object.hasOwn(files, component.script)) return null
  const stylesheet = component.stylesheet !== null && Object.hasOwn(files, component.stylesheet) ? clientFilePath(component.stylesheet) : null
  return { processor: component.processor, script: clientFilePath(component.script), stylesheet, config: component.config }
}

/** The client component as the API shows it: its script and stylesheet at Till's addresses when Till serves them. */
export const addressed = (component: ClientComponent, files: Readonly<Record<string, unknown>>): ClientComponent => {
  const at = (name: string | null) => name !== null && Object.hasOwn(files, name) ? clientFilePath(name) : name
  return { ...component, script: at(component.script), stylesheet: at(component.stylesheet) }
}

// A connector's file is not immutable under its name (a new version keeps it): cached for an hour only.
const COMPONENT_HEADERS = { "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff", "cross-origin-resource-policy": "same-origin" }

const notFound = () => HttpServerResponse.text("Not found\n", { status: 404, contentType: "text/plain; charset=utf-8", headers: { "x-content-type-options": "nosniff" } })

/**
 * `GET /c/assets/:file`: the current assets, and the offered connectors' client files (`files`, from
 * ProcessorClientFiles); any other name is a 404. A client file that cannot be made answers 500, its
 * cause logged, and the next request tries again.
 */
export const route = (files: Readonly<Record<string, Effect.Effect<ClientFile>>>): Route => ({
  method: "GET",
  path: `${ASSET_ROOT}/:file`,
  handler: Effect.flatMap(HttpRouter.RouteContext, ({ params }) => {
    const name = params.file ?? ""
    const asset = byFile.get(name)
    if (asset !== undefined) return Effect.succeed(HttpServerResponse.text(asset.body, { contentType: asset.contentType, headers: ASSET_HEADERS }))
    if (!Object.hasOwn(files, name)) return Effect.succeed(notFound())
    return files[name]!.pipe(
      Effect.map((file) => HttpServerResponse.text(file.body, { contentType: file.contentType, headers: COMPONENT_HEADERS })),
      Effect.catchCause((cause) =>
        Cause.hasInterruptsOnly(cause)
          ? Effect.failCause(cause)
          : Effect.logError(`the client file ${name} could not be made`, cause).pipe(
            Effect.as(HttpServerResponse.text("The file could not be made.\n", {
              status: 500,
              contentType: "text/plain; charset=utf-8",
              headers: { "x-content-type-options": "nosniff", "cache-control": "no-store" }
            }))
          ))
    )
  })
})
