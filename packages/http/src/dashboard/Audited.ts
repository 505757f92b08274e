/**
 * The dashboard's side of the audit trail (issue 15): every action a page takes runs through
 * {@link audited}, which records who (the signed-in user), what and on which object once the action
 * succeeded (a failed action records nothing), and the object's page lists its records with
 * {@link auditItems} / {@link auditSection}.
 */
import { type Audit, type AuditDetails, type AuditRecord, dashboardActor, type Scope } from "@till/core"
import type { Effect } from "effect"
import { escape } from "../pages/Html.ts"
import { type Key, messages, t } from "./Messages.ts"
import type { Viewer } from "./Viewer.ts"

/**
 * Runs a page's action in `scope` (the viewer's, unless the action belongs elsewhere, as a user made
 * for another account) and records it as the viewer's when it succeeded.
 */
export const audited = <A, E, R>(
  audit: Audit["Service"],
  viewer: Viewer,
  scope: Scope,
  action: string,
  objectId: string,
  run: Effect.Effect<A, E, R>,
  details?: (result: A) => AuditDetails | null
): Effect.Effect<A, E, R> => audit.recorded(scope, dashboardActor(viewer.user), action, objectId, run, details)

const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC"

/** What a record's action is called in the viewer's language (its name when it has no label). */
export const actionLabel = (viewer: Viewer, action: string): string => {
  const key = `audit.${action}`
  return key in messages.en ? t(viewer.language, key as Key) : action
}

/** Who acted, as a page names them. */
export const actorLabel = (viewer: Viewer, record: AuditRecord): string =>
  record.actor.type === "cli"
    ? t(viewer.language, "audit.cli")
    : record.actor.email ?? (record.actor.type === "api_key" ? t(viewer.language, "audit.apiKey") : t(viewer.language, "audit.someone"))

/** One record as text: "Expired by ana@shop.example at 2026-12-10 10:00 UTC", a key's last four after it (not escaped). */
export const auditText = (viewer: Viewer, record: AuditRecord): string => {
  const line = t(viewer.language, "audit.line", { what: actionLabel(viewer, record.action), who: actorLabel(viewer, record), when: dateOf(record.created) })
  const last4 = record.details?.last4
  return typeof last4 === "string" ? `${line} (…${last4})` : line
}

/** One record as a timeline item (escaped markup). */
export const auditItem = (viewer: Viewer, record: AuditRecord): string =>
  `<li class="audit" data-audit="${escape(record.id)}" data-action="${escape(record.action)}"><strong>${escape(auditText(viewer, record))}</strong></li>`

/** Records as timeline items, in the order given. */
export const auditItems = (viewer: Viewer, records: ReadonlyArray<AuditRecord>): string => records.map((r) => auditItem(viewer, r)).join("\n")

/** A card listing records (a page's recent actions), or saying there are none. */
export const auditSection = (viewer: Viewer, records: ReadonlyArray<AuditRecord>): string => {
  const l = viewer.language
  return `<section class="card" aria-labelledby="audit-title"><h2 id="audit-title">${escape(t(l, "audit.title"))}</h2>
${records.length === 0 ? `<p>${escape(t(l, "audit.none"))}</p>` : `<ol class="timeline">${auditItems(viewer, records)}</ol>`}</section>`
}
