/**
 * Debian's Chromium driven by playwright-core, for the browser tests. Never a downloaded browser:
 * `CHROMIUM_PATH` or `/usr/bin/chromium` (`.ci/run` installs Debian's `chromium` when it is missing). The browser
 * tests are part of the suite: where the browser is missing they fail, saying how to install it, rather than skip.
 */
import { Context, Effect, Layer } from "effect"
import { existsSync } from "node:fs"
import { chromium, type Browser as PlaywrightBrowser } from "playwright-core"

/** Where the browser is looked for. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"


/** Headless, no sandbox (containers), and nothing that reaches out to the network on its own. */
const CHROMIUM_ARGS = [
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

/** Starts the browser headless, or fails saying how to install it. */
export const launchChromium = async (): Promise<PlaywrightBrowser> => {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium; .ci/run does), or set CHROMIUM_PATH`)
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 })
}

/**
 * A running Chromium, closed when the layer is released. `launch` gives it a fresh, temporary
 * user-data directory, deleted on close, so no state leaks between runs.
 */
export class Browser extends Context.Service<Browser, PlaywrightBrowser>()("till/http/testing/Browser") {
  static readonly layer = Layer.effect(
    Browser,
    Effect.acquireRelease(
      Effect.promise(launchChromium),
      (browser) => Effect.promise(() => browser.close())
    )
  )
}
