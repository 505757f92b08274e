/**
 * Handlers of the payment-link endpoints (SPEC section 4): the merchant's create, list, retrieve
 * and update with a secret key, and the customer's mint by token with no credential at all.
 */
import { HostedPageBase, type PaymentLink, PaymentLinks, ResourceMissing } from "@till/core"
import { Effect } from "effect"
import { PaymentLinksGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import { CreatePaymentLinkBody, ListPaymentLinksQuery, MintSessionBody, RetrieveQuery, UpdatePaymentLinkBody } from "./Requests.ts"
import * as Wire from "./Wire.ts"

/** The list's `url`. */
export const LIST_URL = "/v1/payment_links"

/** `expand` takes nothing here; the rest goes to the use case. */
const withoutExpand = <A extends { readonly expand?: ReadonlyArray<string> }>(input: A): Omit<A, "expand"> => {
  const { expand: _expand, ...params } = input
  return params
}

/** Renders a link for the hosted-page base of the current request (`TILL_PUBLIC_URL`), read when it is answered. */
const render = (link: PaymentLink) => Effect.map(HostedPageBase, (base) => Wire.paymentLink(link, base))

/** The routes of the PaymentLinks group. */
export const routes = Effect.gen(function*() {
  const links = yield* PaymentLinks
  const endpoint = yield* Endpoint.make
  return endpoint.routes(PaymentLinksGroup, {
    create: { access: "secret", input: CreatePaymentLinkBody, run: ({ input, scope }) => Effect.flatMap(links.create(scope, withoutExpand(input)), render) },
    list: {
      access: "secret",
      input: ListPaymentLinksQuery,
      run: ({ input, scope }) =>
        Effect.flatMap(links.list(scope, withoutExpand(input)), (page) =>
          Effect.map(HostedPageBase, (base) => Wire.list(LIST_URL, page, (link) => Wire.paymentLink(link, base))))
    },
    retrieve: { access: "secret", input: RetrieveQuery, run: ({ id, scope }) => Effect.flatMap(links.retrieve(scope, id), render) },
    update: {
      access: "secret",
      input: UpdatePaymentLinkBody,
      run: ({ id, input, scope }) => Effect.flatMap(links.update(scope, id, withoutExpand(input)), render)
    },
    mintSession: {
      access: "public",
      input: MintSessionBody,
      run: ({ params }) => {
        const token = params.token ?? ""
        return links.mint(token).pipe(
          Effect.map(Wire.customerSession),
          // the unknown thing is the token in the path
          Effect.catchTag("ResourceMissing", () => Effect.fail(new ResourceMissing({ object: "payment_link", id: token, param: "token" })))
        )
      }
    }
  })
})
