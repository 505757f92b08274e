/**
 * Group writes: items handed in while a write is under way wait for it, then go together in the next
 * one. A batch's attempts finish at different moments; recording each as it finishes keeps a crash from
 * losing the record of an answered attempt, and coalescing keeps that to a few statements per batch.
 */

interface Waiting<A, B> {
  readonly item: A
  readonly resolve: (value: B) => void
  readonly reject: (error: unknown) => void
}

/**
 * A function that hands `item` to `write` together with every other item handed in meanwhile, and
 * answers what that write answered (or its error).
 */
export const coalesce = <A, B>(write: (items: ReadonlyArray<A>) => Promise<B>): (item: A) => Promise<B> => {
  let queued: Array<Waiting<A, B>> = []
  let writing = false
  const drain = async () => {
    while (queued.length > 0) {
      const group = queued
      queued = []
      try {
        const out = await write(group.map((w) => w.item))
        for (const w of group) w.resolve(out)
      } catch (error) {
        for (const w of group) w.reject(error)
      }
    }
    writing = false
  }
  return (item) =>
    new Promise<B>((resolve, reject) => {
      queued.push({ item, resolve, reject })
      if (!writing) {
        writing = true
        // after the I/O callbacks already due: answers that arrived together are written together
        setImmediate(() => void drain())
      }
    })
}
