/**
 * The processor's own card component, in place of the page's card fields when the account's connector
 * offers one (the display's `client_component`): the page loads the component's script and stylesheet
 * (served by Till, so the policy allows no other script source), mounts it, and pays with the token
 * it makes (`processor_token`), so the card never reaches Till. Only Adyen Web for now
 * (`window.TillAdyen`, packages/processor-adyen/src/web/card.ts).
 */
import type { DisplayComponent } from "../../CheckoutDisplay.ts"
import { byId } from "./Dom.ts"

/** What the form asks the mounted component. */
export interface ProcessorCard {
  readonly processor: string
  /** The token to pay with, or null while the card is not complete (its fields then show why). */
  readonly token: () => string | null
}

interface AdyenMounted {
  readonly token: () => string | null
  readonly showValidation: () => void
}
interface AdyenGlobal {
  readonly mount: (
    container: HTMLElement,
    config: { readonly clientKey: string; readonly environment: string; readonly locale: string; readonly loadTimeoutMs?: number },
    events: { readonly onFailure?: (reason: string) => void }
  ) => Promise<AdyenMounted>
}

const load = (tag: "script" | "link", url: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const node = document.createElement(tag)
    if (node instanceof HTMLScriptElement) node.src = url
    else if (node instanceof HTMLLinkElement) Object.assign(node, { rel: "stylesheet", href: url })
    node.addEventListener("load", () => resolve())
    node.addEventListener("error", () => reject(new Error(`${url} did not load`)))
    document.head.appendChild(node)
  })

/**
 * Mounts the component in place of the card fields; `onFailure` when it cannot take a card (its files
 * or its processor's fields did not load). Null for a component this page does not know.
 */
export const mount = async (component: DisplayComponent, locale: string, onFailure: () => void): Promise<ProcessorCard | null> => {
  if (component.processor !== "adyen") return null
  byId("card-fields").hidden = true
  const container = byId("processor-card")
  container.hidden = false
  try {
    if (component.stylesheet !== null) void load("link", component.stylesheet).catch(() => undefined)
    await load("script", component.script)
    const adyen = (window as unknown as { TillAdyen?: AdyenGlobal }).TillAdyen
    if (adyen === undefined) throw new Error("Adyen Web did not start")
    const timeout = Number(component.config.loadTimeoutMs ?? "15000")
    const mounted = await adyen.mount(
      container,
      { clientKey: component.config.clientKey ?? "", environment: component.config.environment ?? "test", locale, loadTimeoutMs: timeout },
      { onFailure: () => onFailure() }
    )
    return {
      processor: "adyen",
      token: () => {
        const token = mounted.token()
        if (token === null) mounted.showValidation()
        return token
      }
    }
  } catch {
    onFailure()
    return { processor: "adyen", token: () => null }
  }
}
