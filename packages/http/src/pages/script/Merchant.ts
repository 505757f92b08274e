/**
 * Who is being paid: the merchant's name and logo at the top, its colour on the buttons and links, its
 * terms and privacy links at the bottom, and its name in the tab's title. Colours arrive checked from
 * the server (MerchantDisplay.ts); they are set as custom properties through the CSSOM, which the
 * page's policy (`style-src 'self'`) allows where inline style would not be.
 */
import { byId } from "./Dom.ts"
import * as Place from "./Place.ts"
import type { Translator } from "./Translator.ts"
import type { Display } from "./Wire.ts"

const PROPERTIES = [
  ["--brand", "primary_color"],
  ["--brand-text", "primary_text_color"],
  ["--brand-hover", "primary_hover_color"],
  ["--brand-link", "link_color"]
] as const

const COLOR = /^#[0-9a-f]{6}$/

/** Shows the merchant of a display (or nothing of one that set nothing); the title names it when it has a name. */
export const apply = (t: Translator, merchant: Display["merchant"]): void => {
  const style = document.documentElement.style
  for (const [property, field] of PROPERTIES) {
    const value = merchant?.[field] ?? null
    if (value !== null && COLOR.test(value)) style.setProperty(property, value)
    else style.removeProperty(property)
  }
  const name = merchant?.name ?? null
  const logo = merchant?.logo ?? null
  byId("merchant-name").textContent = name ?? ""
  const image = byId<HTMLImageElement>("merchant-logo")
  image.hidden = logo === null
  if (logo !== null) image.src = logo
  else image.removeAttribute("src")
  byId("merchant").hidden = name === null && logo === null
  if (name !== null) document.title = t.text("page.titleMerchant", { merchant: name })

  let links = 0
  for (const [id, url] of [["terms-link", merchant?.terms_of_service_url], ["privacy-link", merchant?.privacy_policy_url]] as const) {
    const anchor = byId<HTMLAnchorElement>(id)
    const safe = url === undefined || url === null ? null : Place.safeUrl(url)
    anchor.hidden = safe === null
    if (safe !== null) {
      anchor.href = safe
      links++
    } else anchor.removeAttribute("href")
  }
  byId("merchant-footer").hidden = links === 0
}
