/**
 * Newest-first keyset pagination and time ranges, shared by the session and event lists. Pages follow
 * the core's `keysetPage` exactly: `after` gives the next older items, `before` the `limit` newer items
 * closest to the cursor, both newest first; `has_more` says more lie beyond in the direction of travel.
 */
import type { Page, PageRequest, Range } from "@till/core"
import { type SelectQueryBuilder, sql, type SqlBool } from "kysely"

/** The columns a list is ordered by: `created`, then `id` (both descending). */
export interface OrderColumns {
  readonly created: string
  readonly id: string
}

/** Restricts `column` to every given bound of `range`. */
export const whereInRange = <DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  column: string,
  range: Range | undefined
): SelectQueryBuilder<DB, TB, O> => {
  if (range === undefined) return query
  const ref = sql.ref(column)
  let q = query
  if (range.gt !== undefined) q = q.where(sql<SqlBool>`${ref} > ${range.gt}`)
  if (range.gte !== undefined) q = q.where(sql<SqlBool>`${ref} >= ${range.gte}`)
  if (range.lt !== undefined) q = q.where(sql<SqlBool>`${ref} < ${range.lt}`)
  if (range.lte !== undefined) q = q.where(sql<SqlBool>`${ref} <= ${range.lte}`)
  return q
}

/**
 * Adds the cursor condition, the order and the limit of one page. One row more than `limit` is read,
 * to learn `has_more` without a count; {@link toPage} drops it.
 */
export const paginate = <DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: OrderColumns,
  page: PageRequest
): SelectQueryBuilder<DB, TB, O> => {
  const created = sql.ref(columns.created)
  const id = sql.ref(columns.id)
  // Row comparisons on (created, id) match a (…, created, id) index, so each page is one range scan.
  if (page.before !== undefined) {
    return query
      .where(sql<SqlBool>`(${created}, ${id}) > (${page.before.created}, ${page.before.id})`)
      .orderBy(created, "asc")
      .orderBy(id, "asc")
      .limit(page.limit + 1)
  }
  const after = page.after === undefined
    ? query
    : query.where(sql<SqlBool>`(${created}, ${id}) < (${page.after.created}, ${page.after.id})`)
  return after.orderBy(created, "desc").orderBy(id, "desc").limit(page.limit + 1)
}

/** The page of rows read by a {@link paginate}d query, newest first. */
export const toPage = <A>(rows: ReadonlyArray<A>, page: PageRequest): Page<A> => {
  const data = rows.slice(0, page.limit)
  if (page.before !== undefined) data.reverse()
  return { data, has_more: rows.length > page.limit }
}
