/**
 * `TillCheckout`, the script a merchant's page includes (`<script src="<Till>/c/embed.js">`) to show
 * an embedded session (`ui_mode=embedded_page`) in an iframe: Till's page for the session, loaded from
 * the same Till as this script. It is the parent's side of the conversation of Frame.ts: it answers the
 * page's `ready`, sizes the iframe to the page, calls `onComplete`, and takes the window to the
 * session's `return_url` when the page asks. Only messages from its own iframe's window and from Till's
 * origin are read. No dependencies; docs/embedded.md documents the API and the messages.
 */

/** What every message of the conversation carries. */
const SOURCE = "till-checkout"

/** What `mount` and `initEmbeddedCheckout` take. */
export interface Options {
  /** The session's `client_secret` (`cs_…_secret_…`), or a function that fetches it from your server. */
  readonly clientSecret?: string
  readonly fetchClientSecret?: () => Promise<string>
  /** Called once the session completes, when it does not send the customer to `return_url` (`redirect_on_completion` `never` or `if_required`). */
  readonly onComplete?: (event: { readonly sessionId: string }) => void
  /** Called once the page has loaded in its iframe. */
  readonly onReady?: () => void
  /** The iframe's accessible name (default "Checkout"). */
  readonly title?: string
}

/** A mounted checkout. */
export interface EmbeddedCheckout {
  /** Shows the checkout in `target` (an element, or a CSS selector), as its last child. */
  readonly mount: (target: string | HTMLElement) => void
  /** Removes the iframe; `mount` may show it again. */
  readonly unmount: () => void
  /** Removes the iframe and stops listening for good. */
  readonly destroy: () => void
}

// captured now: `document.currentScript` is this script only while it runs
const script = document.currentScript as HTMLScriptElement | null
const scriptUrl = new URL(script?.src ?? location.href)
/** Till's origin, the only one whose messages are read. */
const tillOrigin = scriptUrl.origin
/** Where embedded pages live: beside this script (`<root>/c/embed.js` → `<root>/c/embed/<id>`). */
const pages = new URL("embed/", scriptUrl)

const SECRET = /^(cs_(?:test|live)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/

const elementOf = (target: string | HTMLElement): HTMLElement => {
  const element = typeof target === "string" ? document.querySelector<HTMLElement>(target) : target
  if (element === null) throw new Error(`TillCheckout: no element matches ${String(target)}`)
  return element
}

const httpUrl = (url: unknown): string | null => {
  if (typeof url !== "string") return null
  try {
    const parsed = new URL(url)
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null
  } catch {
    return null
  }
}

/** The checkout of a client secret, not mounted yet. */
const checkoutOf = (clientSecret: string, options: Options): EmbeddedCheckout => {
  const match = SECRET.exec(clientSecret)
  if (match === null) throw new Error("TillCheckout: clientSecret is not a checkout session's client secret")
  const sessionId = match[1]!
  let iframe: HTMLIFrameElement | null = null
  let completed = false
  let destroyed = false

  const onMessage = (event: MessageEvent<unknown>) => {
    if (iframe === null || event.source !== iframe.contentWindow || event.origin !== tillOrigin) return
    const data = event.data as { readonly source?: unknown; readonly type?: unknown; readonly [k: string]: unknown } | null
    if (typeof data !== "object" || data === null || data.source !== SOURCE) return
    switch (data.type) {
      case "ready":
        iframe.contentWindow?.postMessage({ source: SOURCE, type: "init" }, tillOrigin)
        options.onReady?.()
        return
      case "resize":
        if (typeof data.height === "number" && data.height > 0 && data.height < 100_000) iframe.style.height = `${Math.ceil(data.height)}px`
        return
      case "complete":
        if (!completed && data.session_id === sessionId) {
          completed = true
          options.onComplete?.({ sessionId })
        }
        return
      case "redirect": {
        const url = httpUrl(data.url)
        if (url !== null && data.session_id === sessionId) window.location.assign(url)
        return
      }
    }
  }

  const unmount = () => {
    iframe?.remove()
    iframe = null
  }

  // listening from now on, before any iframe can load
  window.addEventListener("message", onMessage)
  return {
    mount: (target) => {
      if (destroyed) throw new Error("TillCheckout: this checkout was destroyed")
      if (iframe !== null) throw new Error("TillCheckout: this checkout is already mounted")
      const frame = document.createElement("iframe")
      frame.title = options.title ?? "Checkout"
      frame.style.cssText = "display:block;width:100%;height:640px;border:0;background:transparent;"
      // the secret rides in the fragment, which the browser never sends to Till's server
      frame.src = `${pages.href}${encodeURIComponent(sessionId)}#${encodeURIComponent(clientSecret)}`
      iframe = frame
      elementOf(target).append(frame)
    },
    unmount,
    destroy: () => {
      destroyed = true
      unmount()
      window.removeEventListener("message", onMessage)
    }
  }
}

/** Stripe.js's `initEmbeddedCheckout`, with Till: resolves the client secret, answers a checkout to mount. */
const initEmbeddedCheckout = async (options: Options): Promise<EmbeddedCheckout> => {
  const secret = options.clientSecret ?? (options.fetchClientSecret === undefined ? undefined : await options.fetchClientSecret())
  if (typeof secret !== "string") throw new Error("TillCheckout: pass clientSecret or fetchClientSecret")
  return checkoutOf(secret, options)
}

/** Shows the checkout of `options.clientSecret` in `target` at once. */
const mount = (target: string | HTMLElement, options: Options & { readonly clientSecret: string }): EmbeddedCheckout => {
  const checkout = checkoutOf(options.clientSecret, options)
  checkout.mount(target)
  return checkout
}

;(window as unknown as { TillCheckout: unknown }).TillCheckout = Object.freeze({ version: 1, mount, initEmbeddedCheckout })
