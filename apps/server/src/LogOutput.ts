/**
 * Where the log's lines go. Writing to a pipe or a file is a synchronous system call in Node, and the
 * access log writes a line per request: one write per line cost a busy server about a tenth of its
 * CPU. So the lines of one event-loop turn are joined and written once, at the end of the turn, or at
 * once when they pass 64 KB. What a crash can lose is the current turn's lines; a process that exits
 * (`process.exit`, an uncaught error, the end of a graceful stop) writes them first.
 */

/** A sink of log lines that writes them in batches. */
export interface LogOutput {
  /** Queues one line (with its newline) for the next write. */
  readonly line: (text: string) => void
  /** Writes what is queued now. */
  readonly flush: () => void
}

const MAX_BATCH_CHARS = 64 * 1024

/** Lines batched per event-loop turn into one call of `write`. */
export const batched = (write: (chunk: string) => void): LogOutput => {
  let pending: Array<string> = []
  let chars = 0
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const chunk = pending.length === 1 ? pending[0]! : pending.join("")
    pending = []
    chars = 0
    write(chunk)
  }
  const line = (text: string) => {
    pending.push(text)
    chars += text.length
    if (chars >= MAX_BATCH_CHARS) flush()
    else if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
  return { line, flush }
}

let stdoutOutput: LogOutput | undefined

/** The process's stdout as a log output; the first use makes it and has it flushed when the process exits. */
export const stdout = (): LogOutput => {
  if (stdoutOutput === undefined) {
    const output = batched((chunk) => process.stdout.write(chunk))
    process.on("exit", output.flush)
    stdoutOutput = output
  }
  return stdoutOutput
}
