/**
 * The payment link pages' routes (issue 15): the list and a link's page, creating a link from one of
 * the account's prices, activating and deactivating one. Through `PaymentLinks` (as
 * `POST /v1/payment_links` and `POST /v1/payment_links/:id` are) in the viewer's scope; each action
 * that succeeds is recorded (`Audit`) and listed on the link's page.
 */
import { Audit, Catalog, CreatePaymentLinkParams, dashboardActor, PaymentLinks, Validation } from "@till/core"
import { Effect } from "effect"
import type { Route } from "../Endpoint.ts"
import { HostedPageBase } from "../HostedPageBase.ts"
import { audited } from "./Audited.ts"
import * as Frame from "./Frame.ts"
import * as LinkPages from "./LinkPages.ts"
import { t } from "./Messages.ts"
import { type SignedIn, urlOf } from "./SignedIn.ts"
import * as Viewer from "./Viewer.ts"

/** The routes, made with DashboardHttp's `signedIn`. */
export const routes = (signedIn: SignedIn) =>
  Effect.gen(function*() {
    const links = yield* PaymentLinks
    const catalog = yield* Catalog
    const audit = yield* Audit
    const base = yield* HostedPageBase
    const pathOf = (id: string) => `/dashboard/payment_links/${encodeURIComponent(id)}`

    const list = signedIn("GET", "/dashboard/payment_links", (viewer, request) =>
      Effect.map(LinkPages.list(links, catalog, viewer, urlOf(request), base), (answer) => Frame.respond(answer.status, answer.html)))

    const page = signedIn("GET", "/dashboard/payment_links/:id", (viewer, request, params) =>
      Effect.map(LinkPages.detail(links, audit, viewer, params.id ?? "", base, LinkPages.flashOf(viewer, urlOf(request))), (answer) =>
        Frame.respond(answer.status, answer.html)))

    // a link of one price and a quantity; a refusal shows the form again with the reason
    const create = signedIn("POST", "/dashboard/payment_links", (viewer, request, _params, form) =>
      Effect.gen(function*() {
        const input: LinkPages.CreateInput = { price: (form.get("price") ?? "").trim(), quantity: (form.get("quantity") ?? "").trim() }
        const refuse = (message: string) =>
          Effect.map(LinkPages.list(links, catalog, viewer, urlOf(request), base, input, message), (answer) => Frame.respond(400, answer.html))
        if (viewer.scope === null) return yield* refuse(t(viewer.language, "account.choose"))
        const scope = viewer.scope
        const quantity = /^\d{1,3}$/.test(input.quantity) ? Number(input.quantity) : NaN
        if (!(quantity >= 1 && quantity <= LinkPages.MAX_QUANTITY)) {
          return yield* refuse(`${t(viewer.language, "links.quantity")}: 1–${LinkPages.MAX_QUANTITY}`)
        }
        const decoded = yield* Effect.result(Validation.decode(CreatePaymentLinkParams)({ line_items: [{ price: input.price, quantity }] }))
        if (decoded._tag === "Failure") return yield* refuse(decoded.failure.message)
        const made = yield* Effect.result(Effect.flatMap(links.create(scope, decoded.success), (link) =>
          audit.record(scope, dashboardActor(viewer.user), "payment_link.create", link.id, { price: input.price, quantity }).pipe(Effect.as(link))))
        if (made._tag === "Failure") return yield* refuse(made.failure.message)
        return Frame.seeOther(`${pathOf(made.success.id)}${Viewer.carry(viewer, { done: "created" })}`)
      }))

    const toggle = (active: boolean): Route =>
      signedIn("POST", `/dashboard/payment_links/:id/${active ? "activate" : "deactivate"}`, (viewer, _request, params) =>
        Effect.gen(function*() {
          const id = params.id ?? ""
          const action = active ? "activate" : "deactivate"
          const outcome = viewer.scope === null
            ? { failed: "account" }
            : yield* Effect.match(audited(audit, viewer, viewer.scope, `payment_link.${action}`, id, links.update(viewer.scope, id, { active })), {
              onSuccess: () => ({ done: `${action}d` }),
              onFailure: (e) => ({ failed: e._tag })
            })
          return Frame.seeOther(`${pathOf(id)}${Viewer.carry(viewer, outcome)}`)
        }))

    return [list, page, create, toggle(true), toggle(false)] as ReadonlyArray<Route>
  })
