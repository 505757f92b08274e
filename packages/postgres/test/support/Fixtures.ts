/**
 * Sessions and events made by the core's own state machine, so the contract tests store realistic data.
 */
import {
  type CreateSessionParams,
  type Event,
  type EventDraft,
  type EventType,
  Ids,
  makeEvent,
  type Scope,
  SessionMachine,
  type SessionState
} from "@till/core"
import { PlainSnapshots } from "@till/core/testing"
import { Result } from "effect"

/** A scope no other test uses. */
export const newScope = (livemode = false): Scope => ({ account: `acct_${Ids.randomBase62(12)}`, livemode })

/** A new open session created at `created` by the state machine. */
export const newSession = (
  scope: Scope,
  created: number,
  params: CreateSessionParams = {},
  options: { readonly payment_link?: string; readonly recovery_token?: string } = {}
): SessionState => {
  const id = `${scope.livemode ? "cs_live_" : "cs_test_"}${Ids.randomBase62()}`
  const result = SessionMachine.create({
    account: scope.account,
    livemode: scope.livemode,
    params: params.line_items === undefined ? { amount: 1050, currency: "usd", ...params } : params,
    id,
    client_secret: `${id}_secret_${Ids.randomBase62()}`,
    payment_link: options.payment_link ?? null,
    now: created,
    ...(options.recovery_token === undefined ? {} : { recovery_token: options.recovery_token })
  })
  if (Result.isFailure(result)) throw result.failure
  return result.success.state
}

/** Events for the drafts of a transition, as the use cases make them (with the core's plain snapshots). */
export const eventsOf = (state: SessionState, drafts: ReadonlyArray<EventDraft>, now: number): Array<Event> =>
  drafts.map((draft) =>
    makeEvent(draft.type, PlainSnapshots.snapshot(draft), {
      id: `evt_${Ids.randomBase62()}`,
      account: state.account,
      livemode: state.session.livemode,
      created: now,
      request: { id: `req_${Ids.randomBase62(8)}`, idempotency_key: null }
    })
  )

/** An event of `type` about `state`, at `created`. */
export const eventAbout = (state: SessionState, type: EventType, created: number): Event =>
  makeEvent(type, PlainSnapshots.snapshot({ type: "checkout.session.completed", object: state.session }), {
    id: `evt_${Ids.randomBase62()}`,
    account: state.account,
    livemode: state.session.livemode,
    created,
    request: { id: null, idempotency_key: null }
  })

/** Applies a command at `now`: the next state and its events; throws when the machine refuses. */
export const step = (state: SessionState, command: SessionMachine.Command, now: number): { state: SessionState; events: Array<Event> } => {
  const result = SessionMachine.transition(state, command, now)
  if (Result.isFailure(result)) throw result.failure
  return { state: result.success.state, events: eventsOf(result.success.state, result.success.events, now) }
}

/** Starts a payment attempt at `now`. */
export const startPayment = (state: SessionState, now: number) => {
  const intent = `pi_${Ids.randomBase62()}`
  const secret = `${intent}_secret_${Ids.randomBase62()}`
  return step(state, { _tag: "StartPayment", attempt_id: `pa_${Ids.randomBase62()}`, payment_intent_id: intent, payment_intent_client_secret: secret }, now)
}

/** Completes the attempt in flight at `now`. */
export const succeedPayment = (state: SessionState, now: number) =>
  step(state, {
    _tag: "PaymentSucceeded",
    attempt_id: state.attempt!.id,
    payment_method: `pm_${Ids.randomBase62()}`,
    card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034, installments: null },
    customer_name: "Jane Doe"
  }, now)

/** Newest first, as every list is ordered: `created` descending, then `id` descending (code unit order). */
export const newestFirst = (a: { created: number; id: string }, b: { created: number; id: string }): number =>
  b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
