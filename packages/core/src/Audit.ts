/**
 * The audit trail (issue 15): every action a person takes from the dashboard (and, later, through an
 * API key or the CLI) is recorded: who (the actor), what (the action and its object), when, in which
 * account and mode. A record is written only after its action succeeded, in the same call path, so a
 * failed action leaves none; the object's page shows its records beside its events.
 */
import { Context, Effect, Layer } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { nowSeconds } from "./CheckoutSessions.ts"
import { type AuditQuery, AuditRepository } from "./ports/AuditRepository.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"

/** The id prefix of audit records. */
export const AUDIT_PREFIX = "aud_"

/**
 * The scope of actions on the installation rather than one account (an operator made): its records
 * are listed under this account id, which no account has (ids start with `acct_`).
 */
export const INSTALLATION_SCOPE: Scope = { account: "installation", livemode: false }

/** Who acted: a dashboard user (id and email), an API key (its last four characters as `id`), or the CLI. */
export interface AuditActor {
  readonly type: "dashboard_user" | "api_key" | "cli"
  readonly id: string | null
  readonly email: string | null
}

/** A small, flat map of facts about an action (an amount, a count, a key's last four characters). */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>

/** One recorded action. */
export interface AuditRecord {
  readonly id: string
  readonly object: "audit_record"
  readonly account: string
  readonly livemode: boolean
  readonly actor: AuditActor
  /** What was done, `<object kind>.<verb>`: `checkout.session.expire`, `webhook_delivery.resend`, `api_key.roll`… */
  readonly action: string
  /** The id of the object acted on (a session, a delivery, an endpoint, a key's hash, a user). */
  readonly object_id: string
  readonly details: AuditDetails | null
  readonly created: number
}

/** The longest action name, object id and detail text kept (longer ones are cut). */
const MAX_TEXT = 255
/** The most detail entries kept. */
const MAX_DETAILS = 16

const clip = (text: string) => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text)

/** The details bounded: at most 16 entries, texts cut at 255 characters. */
export const boundDetails = (details: AuditDetails | null | undefined): AuditDetails | null => {
  if (details === null || details === undefined) return null
  const entries = Object.entries(details).slice(0, MAX_DETAILS).map(([k, v]) => [clip(k), typeof v === "string" ? clip(v) : v] as const)
  return entries.length === 0 ? null : Object.fromEntries(entries)
}

/** The actor a dashboard user is. */
export const dashboardActor = (user: { readonly id: string; readonly email: string }): AuditActor => ({ type: "dashboard_user", id: user.id, email: user.email })

/** The use cases of the audit trail. */
export class Audit extends Context.Service<Audit>()("till/Audit", {
  make: Effect.gen(function*() {
    const repo = yield* AuditRepository
    const ids = yield* IdGenerator

    /** Records an action that has been done. */
    const record = Effect.fn("Audit.record")(function*(scope: Scope, actor: AuditActor, action: string, objectId: string, details?: AuditDetails | null) {
      const entry: AuditRecord = {
        id: yield* ids.make(AUDIT_PREFIX),
        object: "audit_record",
        account: scope.account,
        livemode: scope.livemode,
        actor,
        action: clip(action),
        object_id: clip(objectId),
        details: boundDetails(details),
        created: yield* nowSeconds
      }
      yield* repo.insert(entry)
      return entry
    })

    /**
     * Runs an action and, when it succeeded, records it (`details` may read its result); when it
     * failed, records nothing and fails as it did.
     */
    const recorded = <A, E, R>(
      scope: Scope,
      actor: AuditActor,
      action: string,
      objectId: string,
      run: Effect.Effect<A, E, R>,
      details?: (result: A) => AuditDetails | null
    ): Effect.Effect<A, E, R> => Effect.tap(run, (result) => record(scope, actor, action, objectId, details?.(result)))

    /** The records about any of the objects, newest first (50 unless told). */
    const forObjects = (scope: Scope, objects: ReadonlyArray<string>, query: AuditQuery = { limit: 50 }) =>
      objects.length === 0 ? Effect.succeed([] as ReadonlyArray<AuditRecord>) : repo.listForObjects(scope, objects, query)

    /** The account's latest records, newest first. */
    const recent = (scope: Scope, query: AuditQuery) => repo.listForAccount(scope, query)

    return { record, recorded, forObjects, recent } as const
  })
}) {
  /** The use cases over an AuditRepository and an IdGenerator. */
  static readonly layer = Layer.effect(Audit, Audit.make)
}
