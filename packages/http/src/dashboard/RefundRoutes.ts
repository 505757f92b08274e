/**
 * The session page's refund route (issue 15): `POST /dashboard/sessions/:id/refund`, back to the
 * session's page with the outcome, or the page itself with the reason when it failed.
 */
import type { Audit, Charges, CheckoutSessions, WebhookDeliveries } from "@till/core"
import { Effect } from "effect"
import type { Route } from "../Endpoint.ts"
import type { SignedIn } from "./EventRoutes.ts"
import * as Frame from "./Frame.ts"
import * as Refunds from "./Refunds.ts"
import * as SessionPages from "./SessionPages.ts"
import { carry } from "./Viewer.ts"

/** The refund route: back to the session's page, with its outcome (the page itself, with the reason, when it failed). */
export const routes = (
  signedIn: SignedIn,
  sessions: CheckoutSessions["Service"],
  charges: Charges["Service"],
  deliveries: WebhookDeliveries["Service"],
  audit: Audit["Service"]
): ReadonlyArray<Route> => [
  signedIn("POST", "/dashboard/sessions/:id/refund", (viewer, _request, params, form) =>
    Effect.gen(function*() {
      const id = params.id ?? ""
      const outcome = yield* Refunds.refund(sessions, charges, audit, viewer, id, form)
      if ("done" in outcome) return Frame.seeOther(`/dashboard/sessions/${encodeURIComponent(id)}${carry(viewer, { done: "refunded" })}`)
      if ("missing" in outcome) return Frame.seeOther(`/dashboard/sessions/${encodeURIComponent(id)}${carry(viewer, { failed: "ResourceMissing" })}`)
      const page = yield* SessionPages.detail(sessions, deliveries, audit, charges, viewer, id, { ok: false, text: outcome.error })
      return Frame.respond(page.status === 200 ? 400 : page.status, page.html)
    }))
]
