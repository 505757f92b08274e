/**
 * Who is being paid, as the hosted page shows it: the account's public name, logo (or icon), brand
 * colours with the text colour the core's Contrast module picks for them, and the terms and privacy
 * links of its footer. It rides in the page's display answer (client secret), so the page's HTML stays
 * the same shell for everyone; images are addressed relative to the page (`../files/…`), on its own
 * origin, which the pages' `img-src 'self'` allows.
 */
import { type AccountProfile, Contrast, type FileObject, servedName } from "@till/core"

/** The merchant as the page shows it; null fields are not shown. */
export interface MerchantDisplay {
  readonly name: string | null
  /** The logo, else the icon: a path relative to the page. */
  readonly logo: string | null
  readonly primary_color: string | null
  /** The text colour on `primary_color` (at least 4.5:1), and the colour under the pointer. */
  readonly primary_text_color: string | null
  readonly primary_hover_color: string | null
  /** `primary_color` as link colour, when it is readable on the page's light background. */
  readonly link_color: string | null
  readonly terms_of_service_url: string | null
  readonly privacy_policy_url: string | null
  readonly support_email: string | null
  readonly support_url: string | null
}

/** Where the page loads a file's image from, relative to `/c/pay/:id`. */
export const pagePathOf = (file: FileObject): string => `../files/${servedName(file)}`

/** The merchant display of a profile; `image` is the logo's file (or else the icon's), when it is still there. */
export const of = (profile: AccountProfile, image: FileObject | null): MerchantDisplay => {
  const primary = profile.branding.primary_color
  const bp = profile.business_profile
  return {
    name: bp.name,
    logo: image === null ? null : pagePathOf(image),
    primary_color: primary,
    primary_text_color: primary === null ? null : Contrast.textColorOn(primary),
    primary_hover_color: primary === null ? null : Contrast.hoverOf(primary),
    link_color: primary === null ? null : Contrast.asTextOnLight(primary) ?? null,
    terms_of_service_url: bp.terms_of_service_url,
    privacy_policy_url: bp.privacy_policy_url,
    support_email: bp.support_email,
    support_url: bp.support_url
  }
}
