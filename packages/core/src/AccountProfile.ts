/**
 * What an account shows the public about itself: Stripe's `business_profile` (name and support contacts)
 * and `settings.branding` (icon, logo, colours), plus two Till extensions Stripe keeps in its dashboard's
 * public details, the terms-of-service and privacy-policy URLs (named as Stripe's billing portal names
 * them, `business_profile[terms_of_service_url]` and `business_profile[privacy_policy_url]`). The hosted
 * page, receipts and consent collection read it; an account that never set it has {@link EMPTY_PROFILE}.
 */
import { Schema } from "effect"
import { isHexColor } from "./Contrast.ts"
import { Text, Url } from "./Params.ts"
import { Email } from "./SessionParams.ts"

const Nullable = Schema.NullOr(Schema.String)

/** The public face and support contacts (Stripe's `business_profile`, with the two URL extensions). */
export const BusinessProfile = Schema.Struct({
  name: Nullable,
  support_email: Nullable,
  support_phone: Nullable,
  support_url: Nullable,
  url: Nullable,
  terms_of_service_url: Nullable,
  privacy_policy_url: Nullable
})
/** See {@link BusinessProfile}. */
export type BusinessProfile = typeof BusinessProfile.Type

/** Stripe's `settings.branding`: `icon` and `logo` are ids of the account's files, colours `#rrggbb` (lower case). */
export const BrandingSettings = Schema.Struct({
  icon: Nullable,
  logo: Nullable,
  primary_color: Nullable,
  secondary_color: Nullable
})
/** See {@link BrandingSettings}. */
export type BrandingSettings = typeof BrandingSettings.Type

/** An account's public details. */
export const AccountProfile = Schema.Struct({ business_profile: BusinessProfile, branding: BrandingSettings })
/** See {@link AccountProfile}. */
export type AccountProfile = typeof AccountProfile.Type

/** The profile of an account that set nothing (every account made before profiles existed reads as this). */
export const EMPTY_PROFILE: AccountProfile = {
  business_profile: {
    name: null,
    support_email: null,
    support_phone: null,
    support_url: null,
    url: null,
    terms_of_service_url: null,
    privacy_policy_url: null
  },
  branding: { icon: null, logo: null, primary_color: null, secondary_color: null }
}

/** Whether an account set any of its public details (an account that set none shows no merchant on its pages). */
export const isProfileSet = (profile: AccountProfile): boolean =>
  Object.values(profile.business_profile).some((v) => v !== null) || Object.values(profile.branding).some((v) => v !== null)

/**
 * A stored profile as read back: every field it lacks (it was stored before the field existed) is
 * null, and anything that is not a string is dropped, so an old or odd row never fails a read.
 */
export const profileFromStored = (stored: unknown): AccountProfile => {
  const pick = <A extends Record<string, string | null>>(empty: A, value: unknown): A => {
    const record = typeof value === "object" && value !== null ? value as Record<string, unknown> : {}
    return Object.fromEntries(Object.keys(empty).map((k) => [k, typeof record[k] === "string" ? record[k] : null])) as A
  }
  const record = typeof stored === "object" && stored !== null ? stored as Record<string, unknown> : {}
  return {
    business_profile: pick(EMPTY_PROFILE.business_profile, record.business_profile),
    branding: pick(EMPTY_PROFILE.branding, record.branding)
  }
}

/** A `#rrggbb` colour. */
export const HexColor = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) => (isHexColor(s) ? undefined : "Expected a colour as #rrggbb (six hex digits)")))
)

/** A parameter where `""` unsets the field, as with Stripe. */
const unsettable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.Union([schema, Schema.Literal("")]))

/** A phone number as a person writes it: digits with `+`, spaces, dots, dashes and parentheses, 3 to 30 characters. */
export const Phone = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) =>
    /^\+?[0-9 ().-]{3,30}$/.test(s) && /\d{3}/.test(s.replace(/\D/g, "")) ? undefined : "Expected a phone number (digits, with + ( ) . - and spaces)"
  ))
)

/** An id of a file of the account (`file_…`). */
const FileId = Text(1, 255)

/** Parameters of `POST /v1/account` (Till extension; Stripe sets its own account only in its dashboard). */
export const UpdateAccountParams = Schema.Struct({
  business_profile: Schema.optionalKey(Schema.Struct({
    name: unsettable(Text(1, 100)),
    support_email: unsettable(Email),
    support_phone: unsettable(Phone),
    support_url: unsettable(Url),
    url: unsettable(Url),
    terms_of_service_url: unsettable(Url),
    privacy_policy_url: unsettable(Url)
  })),
  settings: Schema.optionalKey(Schema.Struct({
    branding: Schema.optionalKey(Schema.Struct({
      icon: unsettable(FileId),
      logo: unsettable(FileId),
      primary_color: unsettable(HexColor),
      secondary_color: unsettable(HexColor)
    }))
  }))
})
/** See {@link UpdateAccountParams}. */
export type UpdateAccountParams = typeof UpdateAccountParams.Type

const applied = <A extends Record<string, string | null>>(current: A, given: Readonly<Record<string, string | undefined>> | undefined): A => {
  if (given === undefined) return current
  const next: Record<string, string | null> = { ...current }
  for (const [k, v] of Object.entries(given)) if (v !== undefined) next[k] = v === "" ? null : v
  return next as A
}

/** The profile with the parameters applied: a given field replaces, `""` unsets, colours are kept in lower case. */
export const applyProfileParams = (profile: AccountProfile, params: UpdateAccountParams): AccountProfile => {
  const branding = applied(profile.branding, params.settings?.branding)
  return {
    business_profile: applied(profile.business_profile, params.business_profile),
    branding: {
      ...branding,
      primary_color: branding.primary_color?.toLowerCase() ?? null,
      secondary_color: branding.secondary_color?.toLowerCase() ?? null
    }
  }
}
