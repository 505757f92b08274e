/**
 * A page that only tells the customer something (an unknown checkout, a deactivated payment link),
 * rendered on the server with no script.
 */
import * as Assets from "./Assets.ts"
import { document, escape } from "./Html.ts"
import { type Key, type Language, messages } from "./Messages.ts"

/**
 * A notice with a title and a sentence, in a language. `assets` is the way from the page's
 * directory to `/c/assets/`, relative so that Till may live under a path.
 */
export const render = (language: Language, title: Key, body: Key, assets: string): string =>
  renderText(language, messages[language][title], messages[language][body], assets)

/** A notice from its title and sentence, already in `language`. */
export const renderText = (language: Language, title: string, body: string, assets: string): string =>
  document({
    language,
    title,
    stylesheet: `${assets}${Assets.stylesheet.file}`,
    body: `<main class="layout">
<section class="state" aria-labelledby="state-title">
  <h1 id="state-title">${escape(title)}</h1>
  <p>${escape(body)}</p>
</section>
</main>`
  })
