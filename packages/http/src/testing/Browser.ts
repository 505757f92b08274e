/**
 * Debian's Chromium driven by playwright-core, for the browser tests. Never a downloaded browser:
 * `CHROMIUM_PATH` or `/usr/bin/chromium` (`.ci/run` installs Debian's `chromium` when it is missing).
 */
import { Context, Effect, Layer } from "effect"
import { existsSync } from "node:fs"
import { chromium, type Browser as PlaywrightBrowser } from "playwright-core"

/** Where the browser is looked for. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/** Whether the browser tests can run here. */
export const hasChromium = existsSync(CHROMIUM_PATH)

/** Headless, no sandbox (containers), and nothing that reaches out to the network on its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/** Where screenshots go when asked for (`npm run screenshots` sets it to docs/img). */
export const SCREENSHOT_DIR = process.env.TILL_SCREENSHOTS

/**
 * A running Chromium, closed when the layer is released. `launch` gives it a fresh, temporary
 * user-data directory, deleted on close, so no state leaks between runs.
 */
export class Browser extends Context.Service<Browser, PlaywrightBrowser>()("till/http/testing/Browser") {
  static readonly layer = Layer.effect(
    Browser,
    Effect.acquireRelease(
      Effect.promise(() => chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 })),
      (browser) => Effect.promise(() => browser.close())
    )
  )
}
