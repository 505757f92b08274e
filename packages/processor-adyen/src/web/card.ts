/**
 * The browser side of the Adyen connector: Adyen Web's card component (secured fields: iframes
 * served by Adyen that encrypt the number, expiry and CVC with the account's client key), bundled by
 * WebBundle.ts. The page calls `TillAdyen.mount` where its card fields would be, and when the
 * shopper pays, sends `token()` as `processor_token[data]` (`processor_token[processor]=adyen`):
 * the component's `paymentMethod`, every card field encrypted. Card data never reaches Till.
 *
 * The secured fields come from Adyen's servers: when they cannot load (blocked, offline, a wrong
 * client key) `onFailure` says so after `loadTimeoutMs`, so the page can tell the shopper instead of
 * showing a form that never works.
 */
import { AdyenCheckout, Card } from "@adyen/adyen-web"

/** What the page hands the component (all public: the client key is meant for browsers). */
export interface MountConfig {
  readonly clientKey: string
  readonly environment: "test" | "live"
  readonly locale: string
  readonly countryCode?: string
  readonly amount: { readonly value: number; readonly currency: string }
  /** How long the secured fields may take to load before the page is told they failed (default 15 s). */
  readonly loadTimeoutMs?: number
}

/** Events the page listens to. */
export interface MountEvents {
  /** The secured fields are loaded and configured: the shopper can type. */
  readonly onReady?: () => void
  /** The component cannot take a card (its fields did not load, or Adyen Web reported an error). */
  readonly onFailure?: (reason: string) => void
}

/** The mounted card component, as the page uses it. */
export interface Mounted {
  /** Whether every field holds a valid value (as Adyen Web judges it, inside its iframes). */
  readonly isValid: () => boolean
  /** Shows the fields' errors (before a submit the component refuses). */
  readonly showValidation: () => void
  /** The processor token: the component's encrypted `paymentMethod` as JSON, or null while not valid. */
  readonly token: () => string | null
  /** Why the component cannot take a card, or null. */
  readonly failure: () => string | null
  readonly unmount: () => void
}

/** Mounts Adyen Web's card component into `container`. */
export const mount = async (container: HTMLElement, config: MountConfig, events: MountEvents = {}): Promise<Mounted> => {
  let state: { readonly isValid?: boolean; readonly data?: { readonly paymentMethod?: unknown } } = {}
  let failure: string | null = null
  let ready = false
  const fail = (reason: string) => {
    if (failure !== null || ready) return
    failure = reason
    events.onFailure?.(reason)
  }
  const checkout = await AdyenCheckout({
    clientKey: config.clientKey,
    environment: config.environment,
    locale: config.locale,
    countryCode: config.countryCode ?? "NL",
    amount: config.amount,
    // no calls to Adyen beyond the secured fields themselves
    analytics: { enabled: false },
    onError: (error) => fail(`adyen-web: ${error.name}: ${error.message}`)
  })
  const card = new Card(checkout, {
    hasHolderName: false,
    onChange: (next: typeof state) => {
      state = next
    },
    onConfigSuccess: () => {
      ready = failure === null
      if (ready) events.onReady?.()
    },
    onError: (error: { message?: string }) => fail(`adyen-web card: ${error.message ?? "error"}`)
  })
  card.mount(container)
  setTimeout(() => {
    if (!ready) fail("Adyen's secured card fields did not load")
  }, config.loadTimeoutMs ?? 15_000)
  return {
    isValid: () => state.isValid === true,
    showValidation: () => card.showValidation(),
    token: () => (state.isValid === true && state.data?.paymentMethod !== undefined ? JSON.stringify(state.data.paymentMethod) : null),
    failure: () => failure,
    unmount: () => card.unmount()
  }
}

declare global {
  interface Window {
    /** Set by the Adyen bundle. */
    TillAdyen?: { readonly mount: typeof mount; readonly version: string }
  }
}

window.TillAdyen = { mount, version: "adyen-web 6.45.2" }
