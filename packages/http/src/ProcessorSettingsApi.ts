/**
 * The contract of processor settings (*ext*, `/v1/account/processor_settings`): which processor takes
 * the key's account's payments in the key's mode, with its credentials (stored encrypted, never
 * returned: only their last four characters) and options. docs/processors.md.
 */
import { SetProcessorSettingsParams } from "@till/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { body, query } from "./ContractInput.ts"
import { Expand, RetrieveQuery } from "./Requests.ts"
import { CommonErrors } from "./Responses.ts"
import { SecretKeyAuth } from "./Security.ts"

const describe = (description: string) => OpenApi.annotations({ description })

/** The settings as the API shows them: never a credential, only its last four characters. */
export const ProcessorSettingsObject = Schema.Struct({
  object: Schema.Literal("processor_settings"),
  livemode: Schema.Boolean,
  /** `test` (the test processor, test mode only), `stripe`, `adyen`, or another connector the server offers. */
  processor: Schema.String,
  options: Schema.Record(Schema.String, Schema.String),
  credentials: Schema.Record(Schema.String, Schema.Struct({ last4: Schema.String })),
  /** When they last changed, Unix seconds; null when never set. */
  updated: Schema.NullOr(Schema.Int)
}).annotate({ identifier: "ProcessorSettings" })
/** See {@link ProcessorSettingsObject}. */
export type ProcessorSettingsObject = typeof ProcessorSettingsObject.Type

/** `POST /v1/account/processor_settings`. */
export const SetProcessorSettingsBody = Schema.Struct({ ...SetProcessorSettingsParams.fields, expand: Expand([]) })

/** Processor settings. */
export class ProcessorSettingsGroup extends HttpApiGroup.make("processorSettings")
  .add(
    HttpApiEndpoint.get("retrieve", "/v1/account/processor_settings", {
      query: query(RetrieveQuery),
      success: ProcessorSettingsObject,
      error: CommonErrors
    }).annotateMerge(describe("*ext*: which processor takes the account's payments in the key's mode; `test` until set. Credentials show only their last four characters.")),
    HttpApiEndpoint.post("update", "/v1/account/processor_settings", {
      payload: body(SetProcessorSettingsBody),
      success: ProcessorSettingsObject,
      error: CommonErrors
    }).annotateMerge(describe(
      "*ext*: replaces the settings of the key's mode: `processor`, its `credentials[<name>]` (Stripe: `secret_key`, `webhook_secret`; " +
        "Adyen: `api_key`, `hmac_key`), stored encrypted with the server's TILL_ENCRYPTION_KEY (400 `encryption_key_missing` without one) and never returned, " +
        "and its `options[<name>]` (Adyen: `merchant_account`). See docs/processors.md."
    ))
  )
  .middleware(SecretKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Processor settings" }))
{}
