/**
 * The account (Stripe's `account`, as `GET /v1/account` shows the caller's own) and the file (Stripe's
 * `file`) as the API answers them. What Till knows is filled in; what Stripe has and Till does not
 * (Connect's requirements, capabilities, payouts, statement descriptors) is null or omitted, as Stripe
 * shows it unset.
 */
import { type Account, type AccountProfile, BusinessProfile, type FileObject as File, servedName } from "@till/core"
import { Schema } from "effect"

const Null = Schema.Null
const Nullable = Schema.NullOr(Schema.String)

/** Stripe's `business_profile`, with Till's two URL extensions. */
export const BusinessProfileObject = Schema.Struct({
  ...BusinessProfile.fields,
  mcc: Null,
  minority_owned_business_designation: Null,
  product_description: Null,
  specified_commercial_transactions_act_url: Null,
  support_address: Null
})

/** An account (Stripe's `account`). */
export const AccountObject = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("account"),
  business_profile: BusinessProfileObject,
  business_type: Null,
  charges_enabled: Schema.Boolean,
  created: Schema.Int,
  details_submitted: Schema.Boolean,
  email: Null,
  metadata: Schema.Record(Schema.String, Schema.String),
  payouts_enabled: Schema.Boolean,
  settings: Schema.Struct({
    branding: Schema.Struct({ icon: Nullable, logo: Nullable, primary_color: Nullable, secondary_color: Nullable }),
    card_payments: Schema.Struct({ statement_descriptor_prefix: Null, statement_descriptor_prefix_kana: Null, statement_descriptor_prefix_kanji: Null }),
    dashboard: Schema.Struct({ display_name: Schema.String, timezone: Null }),
    payments: Schema.Struct({
      statement_descriptor: Null,
      statement_descriptor_kana: Null,
      statement_descriptor_kanji: Null,
      statement_descriptor_prefix_kana: Null,
      statement_descriptor_prefix_kanji: Null
    })
  }),
  type: Schema.Literal("standard")
}).annotate({ identifier: "Account" })
/** See {@link AccountObject}. */
export type AccountObject = typeof AccountObject.Type

/**
 * The caller's own account. Till takes payments for every account (live mode through a configured
 * processor) and pays nothing out, so `charges_enabled` is true and `payouts_enabled` false; the
 * account's own name is the dashboard's display name.
 */
export const account = (a: Account, profile: AccountProfile): AccountObject => ({
  id: a.id,
  object: "account",
  business_profile: {
    ...profile.business_profile,
    mcc: null,
    minority_owned_business_designation: null,
    product_description: null,
    specified_commercial_transactions_act_url: null,
    support_address: null
  },
  business_type: null,
  charges_enabled: true,
  created: a.created,
  details_submitted: true,
  email: null,
  metadata: {},
  payouts_enabled: false,
  settings: {
    branding: profile.branding,
    card_payments: { statement_descriptor_prefix: null, statement_descriptor_prefix_kana: null, statement_descriptor_prefix_kanji: null },
    dashboard: { display_name: a.name, timezone: null },
    payments: {
      statement_descriptor: null,
      statement_descriptor_kana: null,
      statement_descriptor_kanji: null,
      statement_descriptor_prefix_kana: null,
      statement_descriptor_prefix_kanji: null
    }
  },
  type: "standard"
})

/** A file (Stripe's `file`); `url` is where anyone may load its content (see FilesHttp.ts). */
export const FileObject = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("file"),
  created: Schema.Int,
  expires_at: Schema.NullOr(Schema.Int),
  filename: Nullable,
  purpose: Schema.String,
  size: Schema.Int,
  title: Null,
  type: Schema.String,
  url: Schema.String
}).annotate({ identifier: "File" })
/** See {@link FileObject}. */
export type FileObject = typeof FileObject.Type

/** Where a file's content is served: `/c/files/<id>-<hash>.<type>` under the public base. */
export const FILES_PATH = "/c/files"

/** A file's public address under `base`. */
export const fileUrl = (base: string, f: File): string => `${base.replace(/\/+$/, "")}${FILES_PATH}/${servedName(f)}`

/** A file as Stripe shows it, its `url` under `base`. */
export const file = (f: File, base: string): FileObject => ({
  id: f.id,
  object: "file",
  created: f.created,
  expires_at: null,
  filename: f.filename,
  purpose: f.purpose,
  size: f.size,
  title: null,
  type: f.type,
  url: fileUrl(base, f)
})
