/**
 * What happens to a refund when the processor answers for it, as a pure function in the style of
 * SessionMachine: the stored refund and the answer in, the next state and its events out.
 */
import type { EventDraft } from "./Events.ts"
import type { StoredRefund } from "./Refund.ts"
import type { RefundOutcome } from "./ports/PaymentProcessor.ts"

/** The refund as the answer leaves it, its events, and whether the charge now reads refunded by it (`charge.refunded`). */
export interface Recorded {
  readonly stored: StoredRefund
  readonly events: ReadonlyArray<EventDraft>
  readonly charge_refunded: boolean
}

/**
 * Records the processor's answer at `now` (Unix seconds); null when there is nothing to record (the
 * refund's outcome is already final, so a late or repeated answer changes nothing). The first answer
 * makes the refund known (`refund.created`, and `charge.refunded` unless it failed at once); a later
 * one that changes its status says so (`refund.updated`, `charge.refund.updated`, and `refund.failed`
 * when it failed). An answer that changes nothing still records when the processor was last asked.
 */
export const record = (stored: StoredRefund, answer: RefundOutcome, now: number): Recorded | null => {
  if (stored.processor === "final") return null
  const before = stored.refund
  const refund = { ...before, status: answer.status, failure_reason: answer.status === "failed" ? answer.failure_reason ?? "unknown" : null }
  const next: StoredRefund = { ...stored, version: stored.version + 1, processor: answer.final ? "final" : "pending", asked_at: now, refund }
  const failed: ReadonlyArray<EventDraft> = refund.status === "failed" ? [{ type: "refund.failed", object: refund }] : []
  if (stored.processor === "unknown") {
    return { stored: next, events: [{ type: "refund.created", object: refund }, ...failed], charge_refunded: refund.status !== "failed" }
  }
  if (refund.status === before.status) return { stored: next, events: [], charge_refunded: false }
  return {
    stored: next,
    events: [
      { type: "refund.updated", object: refund, previous: before },
      { type: "charge.refund.updated", object: refund, previous: before },
      ...failed
    ],
    charge_refunded: false
  }
}
