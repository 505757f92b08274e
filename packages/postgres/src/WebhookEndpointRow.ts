/**
 * A webhook endpoint as a `webhook_endpoints` row: real columns for what is looked up, listed or
 * locked (`id`, `account`, `livemode`, `created`, `version`) and the signing `secret`, and a JSON
 * document for the rest, decoded tolerantly so that rows written by any earlier version still read.
 */
import type { StoredWebhookEndpoint } from "@till/core"
import { Schema } from "effect"
import type { Insertable, Selectable } from "kysely"
import type { WebhookEndpointsTable } from "./Database.ts"
import { DOCUMENT_VERSION, documentVersion, withDefault } from "./Documents.ts"

/**
 * The `doc` of an endpoint. A missing optional key takes its default; unknown keys are ignored, such
 * as the wire field `object` and the copies of the columns that rows written before
 * 20261201120000_row_versions carry.
 */
export const WebhookEndpointDoc = Schema.Struct({
  v: documentVersion,
  url: Schema.String,
  enabled_events: Schema.Array(Schema.String),
  status: withDefault(Schema.Literals(["enabled", "disabled"]), "enabled"),
  description: withDefault(Schema.NullOr(Schema.String), null),
  metadata: withDefault(Schema.Record(Schema.String, Schema.String), {}),
  // rows written before endpoints could be left unpinned hold Till's version, which pins them to it
  api_version: withDefault(Schema.NullOr(Schema.String), null)
})
/** See {@link WebhookEndpointDoc}. */
export type WebhookEndpointDoc = typeof WebhookEndpointDoc.Type

const decodeDoc = Schema.decodeUnknownSync(WebhookEndpointDoc)

/** The columns an endpoint is read from. */
export const COLUMNS = ["id", "account", "livemode", "created", "secret", "previous_secret", "previous_secret_expires_at", "version", "doc"] as const

/** What an endpoint is read from. */
export type WebhookEndpointRow = Pick<Selectable<WebhookEndpointsTable>, typeof COLUMNS[number]>

/** A stored endpoint from its row; a document that cannot be decoded throws (a defect: the row is corrupt). */
export const fromRow = (row: WebhookEndpointRow): StoredWebhookEndpoint => {
  const doc = decodeDoc(row.doc)
  return {
    account: row.account,
    version: row.version,
    secret: row.secret,
    ...(row.previous_secret === null || row.previous_secret_expires_at === null
      ? {}
      : { previous_secret: { secret: row.previous_secret, expires_at: Number(row.previous_secret_expires_at) } }),
    endpoint: {
      id: row.id,
      url: doc.url,
      enabled_events: doc.enabled_events,
      status: doc.status,
      description: doc.description,
      metadata: doc.metadata,
      api_version: doc.api_version,
      livemode: row.livemode,
      created: Number(row.created)
    }
  }
}

/** The row of a stored endpoint. */
export const toRow = ({ account, endpoint, previous_secret, secret, version }: StoredWebhookEndpoint): Insertable<WebhookEndpointsTable> => {
  const doc: WebhookEndpointDoc = {
    v: DOCUMENT_VERSION,
    url: endpoint.url,
    enabled_events: endpoint.enabled_events,
    status: endpoint.status,
    description: endpoint.description,
    metadata: endpoint.metadata,
    api_version: endpoint.api_version
  }
  return {
    id: endpoint.id,
    account,
    livemode: endpoint.livemode,
    created: endpoint.created,
    secret,
    previous_secret: previous_secret?.secret ?? null,
    previous_secret_expires_at: previous_secret?.expires_at ?? null,
    version,
    doc: JSON.stringify(doc)
  }
}
