/**
 * The pages' script and stylesheet, served from `/c/assets` under names that carry a hash of their
 * content: the pages load them from their own origin (so the policy needs no inline code), and
 * browsers may cache them for good because a new version gets a new name.
 */
import { Effect } from "effect"
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

/**
 * The files of a processor's card component (ClientComponent) that Till serves from its own origin, so
 * the page's policy needs no other script source: Adyen Web's card component, bundled by the Adyen
 * connector's package on first request. Null for a processor whose component Till does not serve.
 */
export const componentFiles = (processor: string): { readonly script: string; readonly stylesheet: string | null } | null =>
  processor === "adyen" ? { script: `${ASSET_ROOT}/adyen-card.js`, stylesheet: `${ASSET_ROOT}/adyen-card.css` } : null

// built once, on first request: most servers never serve them
let adyen: Promise<{ readonly script: string; readonly stylesheet: string }> | null = null
const adyenFiles = () => {
  adyen ??= import("@till/processor-adyen/WebBundle").then(async (bundle) => ({ script: await bundle.bundle(), stylesheet: await bundle.stylesheet() }))
  return adyen
}
const COMPONENT_HEADERS = { "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff", "cross-origin-resource-policy": "same-origin" }

/** `GET /c/assets/:file`: the current assets (and the processor components' files); any other name is a 404. */
export const route: Route = {
  method: "GET",
  path: `${ASSET_ROOT}/:file`,
  handler: Effect.flatMap(HttpRouter.RouteContext, ({ params }) => {
    if (params.file === "adyen-card.js" || params.file === "adyen-card.css") {
      const js = params.file.endsWith(".js")
      return Effect.map(Effect.promise(adyenFiles), (files) =>
        HttpServerResponse.text(js ? files.script : files.stylesheet, {
          contentType: js ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
          headers: COMPONENT_HEADERS
        }))
    }
    const asset = byFile.get(params.file ?? "")
    return Effect.succeed(asset === undefined
      ? HttpServerResponse.text("Not found\n", { status: 404, contentType: "text/plain; charset=utf-8", headers: { "x-content-type-options": "nosniff" } })
      : HttpServerResponse.text(asset.body, { contentType: asset.contentType, headers: ASSET_HEADERS }))
  })
}
