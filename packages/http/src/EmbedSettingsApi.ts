/**
 * The contract of embedded checkout's settings (*ext*, `/v1/embed_settings`): which origins' pages
 * may frame the key's account's embedded sessions, in the key's mode. docs/embedded.md.
 */
import { UpdateEmbedSettingsParams } from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { body, query } from "./ContractInput.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CommonErrors } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })

/** The settings as the API shows them. */
export const EmbedSettingsObject = Schema.Struct({
  object: Schema.Literal("embed_settings"),
  livemode: Schema.Boolean,
  /** The origins whose pages may frame this account's embedded sessions in this mode (`frame-ancestors`). */
  allowed_origins: Schema.Array(Schema.String),
  /** When they last changed, Unix seconds; null when never set. */
  updated: Schema.NullOr(Schema.Int)
}).annotate({ identifier: "EmbedSettings" })
/** See {@link EmbedSettingsObject}. */
export type EmbedSettingsObject = typeof EmbedSettingsObject.Type

/** `POST /v1/embed_settings`. */
export const UpdateEmbedSettingsBody = Schema.Struct({ ...UpdateEmbedSettingsParams.fields, expand: Expand([]) })

/** Embedded checkout's settings. */
export class EmbedSettingsGroup extends HttpApiGroup.make("embedSettings")
  .add(
    HttpApiEndpoint.get("retrieve", "/v1/embed_settings", {
      query: query(RetrieveQuery),
      success: EmbedSettingsObject,
      error: CommonErrors
    }).annotateMerge(describe("*ext*: the origins whose pages may frame the account's embedded sessions (`ui_mode=embedded_page`) in the key's mode; none until set.")),
    HttpApiEndpoint.post("update", "/v1/embed_settings", {
      payload: body(UpdateEmbedSettingsBody),
      success: EmbedSettingsObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext*: replaces the allowed origins (`allowed_origins[]`, up to 20, each a scheme, host and port such as `https://shop.example`; " +
        "https only in live mode; `allowed_origins=\"\"` clears them). The embedded page's `frame-ancestors` follows at once."
    ))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Embedded checkout" }))
{}
