/**
 * Strings of the catalog and customer pages (read-only): products with their prices, coupons and
 * promotion codes, refunds, customers. Spread into Messages.ts.
 */

/** English. */
export const en = {
  "nav.catalog": "Catalog",
  "nav.customers": "Customers"
} as const

/** Spanish. */
export const es: Record<keyof typeof en, string> = {
  "nav.catalog": "Catálogo",
  "nav.customers": "Clientes"
}

/** Portuguese. */
export const pt: Record<keyof typeof en, string> = {
  "nav.catalog": "Catálogo",
  "nav.customers": "Clientes"
}
