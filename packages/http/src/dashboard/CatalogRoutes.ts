/**
 * The read-only catalog and customer pages' routes (issue 15): products (with their prices), coupons
 * (with their promotion codes), promotion codes, customers (searched by email; with their checkout
 * sessions) and refunds. Each list is the API's list use case in the viewer's scope, keyset-paged as
 * the API pages it; another account's object is "not found", as it is to the API.
 */
import { Catalog, Charges, CheckoutSessions, Customers, type Page, Promotions, type Scope } from "@till/core"
import { Effect, Option } from "effect"
import type { Route } from "../Endpoint.ts"
import { escape } from "../pages/Html.ts"
import * as Pages from "./CatalogPages.ts"
import * as Frame from "./Frame.ts"
import { type Key, t } from "./Messages.ts"
import { pageParamsOf } from "./Paging.ts"
import { type SignedIn, urlOf } from "./SignedIn.ts"
import type { Viewer } from "./Viewer.ts"

/** The most of an object's own list (a product's prices, a coupon's codes, a customer's sessions) its page shows. */
export const OWN_LIMIT = 100

/** The routes, made with DashboardHttp's `signedIn`. */
export const routes = (signedIn: SignedIn) =>
  Effect.gen(function*() {
    const catalog = yield* Catalog
    const promotions = yield* Promotions
    const customers = yield* Customers
    const charges = yield* Charges
    const sessions = yield* CheckoutSessions

    /** A list page: `read` gets the scope, the page parameters and the URL; its failure is shown on the page. */
    const listRoute = <A>(
      area: Pages.Area,
      path: string,
      title: Key,
      read: (scope: Scope, page: ReturnType<typeof pageParamsOf>, url: URL) => Effect.Effect<Page<A>, { readonly message: string }>,
      columns: (viewer: Viewer) => ReadonlyArray<Pages.Column<A>>,
      idOf: (a: A) => string,
      above: (viewer: Viewer, url: URL) => { readonly html: string; readonly keep: Readonly<Record<string, string>> } = () => ({ html: "", keep: {} })
    ): Route =>
      signedIn("GET", path, (viewer, request) =>
        Effect.gen(function*() {
          const url = urlOf(request)
          if (viewer.scope === null) return Frame.respond(200, Pages.noticePage(viewer, area, title, "account.choose", path))
          const page = yield* Effect.match(read(viewer.scope, pageParamsOf(url), url), { onFailure: (e) => ({ error: e.message }), onSuccess: (p) => p })
          const top = above(viewer, url)
          return Frame.respond(200, Pages.listPage(viewer, area, path, title, page, url, columns(viewer), idOf, { above: top.html, keep: top.keep }))
        }))

    /** An object's page: `read` answers its facts and sections, or fails when the scope has no such object. */
    const detailRoute = (
      area: Pages.Area,
      back: readonly [string, Key],
      title: Key,
      read: (viewer: Viewer, scope: Scope, id: string) => Effect.Effect<{ facts: ReadonlyArray<readonly [Key, string | null]>; sections?: ReadonlyArray<readonly [Key, string]> }, unknown>
    ): Route =>
      signedIn("GET", `${back[0]}/:id`, (viewer, _request, params) =>
        Effect.gen(function*() {
          const id = params.id ?? ""
          if (viewer.scope === null) return Frame.respond(200, Pages.noticePage(viewer, area, title, "account.choose", back[0]))
          const found = yield* Effect.option(read(viewer, viewer.scope, id))
          if (Option.isNone(found)) return Frame.respond(404, Pages.noticePage(viewer, area, "missing.title", "missing.body", back[0]))
          return Frame.respond(200, Pages.detailPage(viewer, area, back, title, id, found.value.facts, found.value.sections ?? []))
        }))

    const emailSearch = (viewer: Viewer, url: URL) => {
      const email = (url.searchParams.get("email") ?? "").trim().slice(0, 512)
      const keepHidden = [
        viewer.user.role === "operator" && viewer.scope !== null ? `<input type="hidden" name="account" value="${escape(viewer.scope.account)}">` : "",
        viewer.livemode ? `<input type="hidden" name="mode" value="live">` : ""
      ].join("")
      return {
        html: `<form class="card" method="get" action="/dashboard/customers" role="search">${keepHidden}<div class="filters">
<div class="field"><label for="c-email">${escape(t(viewer.language, "customers.search"))}</label><input id="c-email" name="email" type="search" value="${escape(email)}"></div>
</div><div class="actions"><button class="button" type="submit">${escape(t(viewer.language, "customers.searchButton"))}</button></div></form>`,
        keep: email === "" ? {} : { email }
      }
    }

    return [
      listRoute(Pages.CATALOG, "/dashboard/products", "catalog.products", (scope, page) => catalog.listProducts(scope, page), Pages.columns.products, (p) => p.id),
      detailRoute(Pages.CATALOG, ["/dashboard/products", "catalog.products"], "catalog.product", (viewer, scope, id) =>
        Effect.gen(function*() {
          const product = yield* catalog.retrieveProduct(scope, id)
          const prices = yield* catalog.listPrices(scope, { product: product.id, limit: OWN_LIMIT })
          return {
            facts: Pages.facts.product(viewer, product),
            sections: [["catalog.prices", Pages.table(viewer, Pages.columns.prices(viewer), prices.data, (p) => p.id)]] as const
          }
        })),
      listRoute(Pages.CATALOG, "/dashboard/coupons", "catalog.coupons", (scope, page) => promotions.listCoupons(scope, page), Pages.columns.coupons, (c) => c.id),
      detailRoute(Pages.CATALOG, ["/dashboard/coupons", "catalog.coupons"], "catalog.coupon", (viewer, scope, id) =>
        Effect.gen(function*() {
          const coupon = yield* promotions.retrieveCoupon(scope, id)
          const codes = yield* promotions.listPromotionCodes(scope, { coupon: coupon.id, limit: OWN_LIMIT })
          return {
            facts: Pages.facts.coupon(viewer, coupon),
            sections: [["catalog.codes", Pages.table(viewer, Pages.columns.codes(viewer), codes.data, (c) => c.id)]] as const
          }
        })),
      listRoute(Pages.CATALOG, "/dashboard/promotion_codes", "catalog.codes", (scope, page) => promotions.listPromotionCodes(scope, page), Pages.columns.codes, (c) => c.id),
      listRoute(
        Pages.CUSTOMERS,
        "/dashboard/customers",
        "customers.title",
        (scope, page, url) => {
          const email = (url.searchParams.get("email") ?? "").trim().slice(0, 512)
          return customers.list(scope, email === "" ? page : { ...page, email })
        },
        Pages.columns.customers,
        (c) => c.id,
        emailSearch
      ),
      detailRoute(Pages.CUSTOMERS, ["/dashboard/customers", "customers.title"], "customers.customer", (viewer, scope, id) =>
        Effect.gen(function*() {
          const view = yield* customers.retrieve(scope, id)
          // a deleted customer reads as missing here (its page would have nothing to show)
          if (view.deleted) return yield* Effect.fail("deleted")
          const customer = view.customer
          const own = yield* sessions.list(scope, { customer: customer.id, limit: OWN_LIMIT })
          return {
            facts: Pages.facts.customer(viewer, customer),
            sections: [[
              "customers.sessions",
              own.data.length === 0 ? `<p>${escape(t(viewer.language, "customers.noSessions"))}</p>` : Pages.table(viewer, Pages.columns.sessions(viewer), own.data, (s) => s.session.id)
            ]] as const
          }
        })),
      listRoute(Pages.CUSTOMERS, "/dashboard/refunds", "refunds.title", (scope, page) => charges.listRefunds(scope, page), Pages.columns.refunds, (r) => r.id),
      detailRoute(Pages.CUSTOMERS, ["/dashboard/refunds", "refunds.title"], "refunds.refund", (viewer, scope, id) =>
        Effect.map(charges.retrieveRefund(scope, id), (refund) => ({ facts: Pages.facts.refund(viewer, refund) })))
    ] as ReadonlyArray<Route>
  })
