/**
 * The one log of a Till process: every line has its time, level and message, and, while a request
 * runs, its request id, account and route (read from the request's record, RequestLog.ts), plus the
 * fields the code annotated; a failure comes with its cause. JSON lines for machines (the default when
 * stdout is not a terminal), one readable line for people (on a terminal). Both go to stdout.
 */
import { RequestLog } from "@till/http"
import { Cause, Formatter, Layer, Logger, type LogLevel, References } from "effect"
import * as LogOutput from "./LogOutput.ts"

/** How lines are written: `json` (one object a line) or `pretty` (one readable line, the cause below it). */
export type Format = "json" | "pretty"

/** The logging configuration (`TILL_LOG_FORMAT`, `TILL_LOG_LEVEL`). */
export interface Settings {
  readonly format: Format
  /** The least severe level written. */
  readonly level: LogLevel.LogLevel
}

/** The format when none is configured: pretty on a terminal, JSON otherwise (a service manager, a container, a pipe). */
export const defaultFormat = (): Format => process.stdout.isTTY === true ? "pretty" : "json"

/** One line's fields, in the order they are written. */
interface Line {
  readonly time: string
  readonly level: string
  readonly message: string
  readonly fields: Record<string, unknown>
  readonly error: string | undefined
}

const textOf = (part: unknown): string =>
  typeof part === "string" ? part : part instanceof Error ? `${part.name}: ${part.message}` : Formatter.formatJson(part)

const lineOf = (options: Logger.Options<unknown>): Line => {
  const parts = Array.isArray(options.message) ? options.message : [options.message]
  const fields: Record<string, unknown> = {}
  const record = options.fiber.getRef(RequestLog.CurrentRequest)
  if (record !== undefined) {
    if (record.requestId !== undefined) fields["request_id"] = record.requestId
    if (record.account !== undefined) fields["account"] = record.account
    if (record.route !== undefined) fields["route"] = record.route
  }
  Object.assign(fields, options.fiber.getRef(References.CurrentLogAnnotations))
  return {
    time: options.date.toISOString(),
    level: options.logLevel.toLowerCase(),
    message: parts.map(textOf).join(" "),
    fields,
    error: options.cause.reasons.length > 0 ? Cause.pretty(options.cause) : undefined
  }
}

const isPrimitive = (value: unknown): boolean => value === null || (typeof value !== "object" && typeof value !== "function")

/** JSON lines: `time`, `level`, `message`, the request's and the annotated fields, `error` (the cause) when there is one. */
export const jsonLogger = (output: LogOutput.LogOutput) => Logger.make<unknown, void>((options) => {
  const { error, fields, level, message, time } = lineOf(options)
  const line: Record<string, unknown> = { time, level, message, ...fields }
  if (error !== undefined) line["error"] = error
  // plain JSON for plain fields (an access line); Effect's formatter, which redacts and survives cycles, for the rest
  let plain = true
  for (const key in fields) if (!isPrimitive(fields[key])) plain = false
  output.line((plain ? JSON.stringify(line) : Formatter.formatJson(line)) + "\n")
})

/** One readable line: time, level, message, then `key=value` fields; the cause on the lines below. */
export const prettyLogger = (output: LogOutput.LogOutput) => Logger.make<unknown, void>((options) => {
  const { error, fields, level, message, time } = lineOf(options)
  let text = `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${message}`
  for (const key in fields) {
    const value = fields[key]
    text += ` ${key}=${typeof value === "string" && !value.includes(" ") ? value : Formatter.formatJson(value)}`
  }
  if (error !== undefined) text += "\n  " + error.replaceAll("\n", "\n  ")
  output.line(text + "\n")
})

/**
 * The process's logger and minimum level, replacing Effect's default logger; with `spanEvents` (when
 * traces are exported), each line is also an event of the span it was logged in. Lines go to `output`
 * (stdout, batched per event-loop turn).
 */
export const layer = (settings: Settings, spanEvents = false, output: LogOutput.LogOutput = LogOutput.stdout()): Layer.Layer<never> => {
  const logger = settings.format === "json" ? jsonLogger(output) : prettyLogger(output)
  return Layer.mergeAll(
    Logger.layer(spanEvents ? [logger, Logger.tracerLogger] : [logger]),
    Layer.succeed(References.MinimumLogLevel, settings.level)
  )
}
