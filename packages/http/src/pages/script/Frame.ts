/**
 * The embedded page's side of its conversation with the merchant's page that frames it (the embed
 * script, `/c/embed.js`, or the merchant's own code; docs/embedded.md has the messages). The page
 * says `ready` to its parent with no data (it does not know the parent's origin yet); the parent
 * answers `init`, and the origin of that answer, which the browser vouches for, is the only origin
 * the page ever sends anything else to. Messages from any window but the parent are ignored.
 */

/** What every message of this conversation carries, both ways. */
export const SOURCE = "till-checkout"

/** A message from the page to its parent. */
export type Message =
  | { readonly type: "resize"; readonly height: number }
  | { readonly type: "complete"; readonly session_id: string }
  | { readonly type: "redirect"; readonly session_id: string; readonly url: string }

let parentOrigin: string | null = null
const pending: Array<Message> = []

/** Whether the page is in a frame. */
export const framed = (): boolean => window.parent !== window

const post = (message: Message): void => {
  if (parentOrigin === null) {
    pending.push(message)
    return
  }
  window.parent.postMessage({ source: SOURCE, ...message }, parentOrigin)
}

let lastHeight = 0
const sendHeight = () => {
  const height = Math.ceil(document.body.getBoundingClientRect().height)
  if (height === lastHeight || height === 0) return
  lastHeight = height
  post({ type: "resize", height })
}

/** Starts the conversation, when the page is in a frame: `ready` now, everything else once the parent's `init` came. */
export const start = (): void => {
  if (!framed()) return
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    // only the parent, only once, and only from a real origin
    if (event.source !== window.parent || parentOrigin !== null || event.origin === "null") return
    const data = event.data as { readonly source?: unknown; readonly type?: unknown } | null
    if (typeof data !== "object" || data === null || data.source !== SOURCE || data.type !== "init") return
    parentOrigin = event.origin
    for (const message of pending.splice(0)) post(message)
    if (typeof ResizeObserver === "function") new ResizeObserver(sendHeight).observe(document.body)
    sendHeight()
  })
  window.parent.postMessage({ source: SOURCE, type: "ready" }, "*")
}

/** Tells the parent the session completed and the customer stays (`redirect_on_completion` `never` or `if_required`). */
export const complete = (sessionId: string): void => post({ type: "complete", session_id: sessionId })

/** Asks the parent to take its window to `url`, the session's `return_url` (`redirect_on_completion=always`). */
export const redirect = (sessionId: string, url: string): void => post({ type: "redirect", session_id: sessionId, url })
