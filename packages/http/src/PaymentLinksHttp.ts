/**
 * Handlers of the payment-link endpoints (SPEC section 4): the merchant's create, list, retrieve
 * and update with a secret key, and the customer's mint by token with no credential at all.
 */
import { type PaymentLink, PaymentLinks, ResourceMissing } from "@till/core"
import { Effect } from "effect"
import { PaymentLinksGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Wire from "./Wire.ts"
import { HostedPageBase } from "./HostedPageBase.ts"

const { withoutExpand } = Endpoint

/** The list's `url`. */
export const LIST_URL = "/v1/payment_links"



/** The routes of the PaymentLinks group. */
export const routes = Effect.gen(function*() {
  const links = yield* PaymentLinks
  const base = yield* HostedPageBase
  /** A link as answered, its `url` under this server's public address (`TILL_PUBLIC_URL`). */
  const render = (link: PaymentLink) => Wire.paymentLink(link, base)
  const endpoint = yield* Endpoint.make
  return endpoint.routes(PaymentLinksGroup, {
    create: ({ input, scope }) => Effect.map(links.create(scope, withoutExpand(input)), render),
    list: ({ input, scope }) => Effect.map(links.list(scope, withoutExpand(input)), (page) => Wire.list(LIST_URL, page, render)),
    retrieve: ({ id, scope }) => Effect.map(links.retrieve(scope, id), render),
    update: ({ id, input, scope }) => Effect.map(links.update(scope, id, withoutExpand(input)), render),
    listLineItems: ({ id, input, scope }) =>
      Effect.map(links.listLineItems(scope, id, withoutExpand(input)), (page) => Wire.list(Wire.paymentLinkLineItemsUrl(id), page, Wire.paymentLinkLineItem)),
    mintSession: ({ params }) => {
      const token = params.token ?? ""
      return links.mint(token).pipe(
        Effect.map((state) => Wire.customerSession(state, base)),
        // the unknown thing is the token in the path
        Effect.catchTag("ResourceMissing", () => Effect.fail(new ResourceMissing({ object: "payment_link", id: token, param: "token" })))
      )
    }
  })
})
