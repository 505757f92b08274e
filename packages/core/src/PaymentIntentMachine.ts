/**
 * What the merchant does with an authorized payment (manual capture), as pure functions in the style
 * of SessionMachine: a session's state and a command in, the next state and its events out, or a
 * typed error. It acts on the payment intent of a completed session; the session itself no longer
 * changes (Stripe leaves a manually captured session `payment_status: unpaid`).
 */
import { Result } from "effect"
import type { SessionState } from "./CheckoutSession.ts"
import { PaymentIntentUnexpectedState, ValidationError } from "./Errors.ts"
import type { EventDraft } from "./Events.ts"
import type { CancellationReason, PaymentIntent } from "./PaymentIntent.ts"
import { mergeMetadata } from "./SessionMachine.ts"
import { checkMetadata } from "./Params.ts"

// ---------------------------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------------------------

/** The intent holds authorized funds that may be captured or released. */
export const isAwaitingCapture = (pi: PaymentIntent): boolean => pi.status === "requires_capture"

/** The intent's session is still open: Checkout owns the intent, and only expiring the session cancels it. */
export const isOwnedByOpenSession = (s: SessionState): boolean => s.session.status === "open"

/** The amount may be captured: at least 1 and no more than what is held. */
export const isWithinCapturable = (pi: PaymentIntent, amount: number): boolean => amount >= 1 && amount <= pi.amount_capturable

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Commands on a session's payment intent. */
export type Command =
  | {
    readonly _tag: "Capture"
    /** How much to take; the rest of the hold is released (Stripe's partial capture). */
    readonly amount: number
    readonly metadata?: Readonly<Record<string, string>> | ""
    readonly statement_descriptor?: string
    readonly statement_descriptor_suffix?: string
  }
  | { readonly _tag: "Cancel"; readonly reason: CancellationReason | null }

/** The errors a command can end in. */
export type IntentTransitionError = PaymentIntentUnexpectedState | ValidationError

/** The next state and the events it causes. */
export interface Transition {
  readonly state: SessionState
  readonly events: ReadonlyArray<EventDraft>
}

const unexpected = (state: SessionState, pi: PaymentIntent, action: "capture" | "cancel") =>
  Result.fail(new PaymentIntentUnexpectedState({ id: pi.id, action, status: pi.status, session_open: isOwnedByOpenSession(state) }))

/** Applies a command to the payment intent of a session at time `now` (Unix seconds). */
export const transition = (
  state: SessionState,
  command: Command,
  now: number
): Result.Result<Transition, IntentTransitionError> => {
  const pi = state.payment_intent
  // the use cases find sessions by their intent, so one without an intent is a caller's bug
  if (pi === null) throw new Error(`session ${state.session.id} has no payment intent`)
  const action = command._tag === "Capture" ? "capture" : "cancel"
  if (isOwnedByOpenSession(state) || !isAwaitingCapture(pi)) return unexpected(state, pi, action)
  switch (command._tag) {
    case "Capture": {
      if (!isWithinCapturable(pi, command.amount)) {
        return Result.fail(new ValidationError({
          code: "amount_too_large",
          message: `The amount to capture (${command.amount}) must be between 1 and the PaymentIntent's amount_capturable (${pi.amount_capturable}).`,
          param: "amount_to_capture"
        }))
      }
      const metadata = command.metadata === undefined ? pi.metadata : mergeMetadata(pi.metadata, command.metadata)
      const problem = checkMetadata(metadata)
      if (problem !== undefined) return Result.fail(new ValidationError({ code: "parameter_invalid", message: problem, param: "metadata" }))
      const captured: PaymentIntent = {
        ...pi,
        status: "succeeded",
        amount_received: command.amount,
        amount_capturable: 0,
        metadata,
        statement_descriptor: command.statement_descriptor ?? pi.statement_descriptor,
        statement_descriptor_suffix: command.statement_descriptor_suffix ?? pi.statement_descriptor_suffix
      }
      return Result.succeed({ state: next(state, captured), events: [{ type: "payment_intent.succeeded", object: captured }] })
    }
    case "Cancel": {
      const canceled: PaymentIntent = {
        ...pi,
        status: "canceled",
        amount_capturable: 0,
        canceled_at: now,
        cancellation_reason: command.reason
      }
      return Result.succeed({ state: next(state, canceled), events: [{ type: "payment_intent.canceled", object: canceled }] })
    }
  }
}

const next = (state: SessionState, payment_intent: PaymentIntent): SessionState => ({ ...state, payment_intent, version: state.version + 1 })
