/**
 * Where the page is: Till may live under a path (`TILL_PUBLIC_URL`), so the API is wherever this
 * page's `/c/pay/` (or, embedded in a merchant's page, `/c/embed/`) starts, and the session id is the
 * path's last segment.
 */

/** The page's session and the paths it calls. */
export interface Place {
  readonly sessionId: string
  /** Whether this is the embedded page (`/c/embed/:id`), shown in an iframe of the merchant's page. */
  readonly embedded: boolean
  /** The session's API resource: `<root>/v1/checkout/sessions/<id>`. */
  readonly api: string
  /** The page's formatted view of the session. */
  readonly display: string
  /** Where a promotion code is applied. */
  readonly promotionCode: string
  /** Where the customer's country is recorded (for dynamic tax rates). */
  readonly country: string
  /** Where the shipping option the customer picks is recorded. */
  readonly shippingRate: string
  /** Where the client secret is kept for this tab. */
  readonly storageKey: string
}

/** The place of a page path; an unreadable path gives an empty session id. */
export const of = (pathname: string): Place => {
  const match = /^(.*)\/c\/(pay|embed)\/([^/]+)\/?$/.exec(pathname)
  const root = match?.[1] ?? ""
  let sessionId = ""
  try {
    sessionId = match === null ? "" : decodeURIComponent(match[3]!)
  } catch {
    sessionId = ""
  }
  const id = encodeURIComponent(sessionId)
  return {
    sessionId,
    embedded: match?.[2] === "embed",
    api: `${root}/v1/checkout/sessions/${id}`,
    display: `${root}/c/pay/${id}/display`,
    promotionCode: `${root}/c/pay/${id}/promotion_code`,
    country: `${root}/c/pay/${id}/country`,
    shippingRate: `${root}/c/pay/${id}/shipping_rate`,
    storageKey: `till.checkout.${sessionId}`
  }
}

/** A secret found for a session, if it is that session's; else "". */
export const secretFor = (sessionId: string, found: string): string =>
  sessionId !== "" && found.startsWith(`${sessionId}_secret_`) ? found : ""

/** A URL the page may send the customer to (http or https only), or null. */
export const safeUrl = (url: string): string | null => {
  try {
    const parsed = new URL(url)
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null
  } catch {
    return null
  }
}

/** The session's `success_url` (or an embedded one's `return_url`) with `{CHECKOUT_SESSION_ID}` filled in, as Stripe does. */
export const successUrl = (successUrl: string | null, sessionId: string): string | null => {
  if (successUrl === null || successUrl === "") return null
  const id = encodeURIComponent(sessionId)
  return safeUrl(successUrl.split("{CHECKOUT_SESSION_ID}").join(id).replace(/%7BCHECKOUT_SESSION_ID%7D/gi, id))
}

/** The session's `cancel_url`, if the page may link to it. */
export const cancelUrl = (cancelUrl: string | null): string | null =>
  cancelUrl === null || cancelUrl === "" ? null : safeUrl(cancelUrl)
