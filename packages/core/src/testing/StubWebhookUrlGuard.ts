/**
 * A webhook URL guard for tests that need no DNS: it accepts every URL, or refuses what a predicate says.
 */
import { Effect, Layer } from "effect"
import { WebhookUrlNotAllowed } from "../Errors.ts"
import { WebhookUrlGuard } from "../ports/WebhookUrlGuard.ts"

/** A guard that refuses a URL when `why` answers a message for it, and accepts it otherwise. */
export const refusing = (why: (url: string, livemode: boolean) => string | undefined) =>
  Layer.succeed(WebhookUrlGuard, {
    check: (url, livemode) => {
      const message = why(url, livemode)
      return message === undefined ? Effect.void : Effect.fail(new WebhookUrlNotAllowed({ reason: "address", message }))
    }
  })

/** A guard that accepts every URL. */
export const layer = refusing(() => undefined)
