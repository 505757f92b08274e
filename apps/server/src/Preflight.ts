/**
 * What is checked before anything is opened, created or migrated, so that a mistake in the environment
 * is one line naming the variable and the fix: the port is free (before a data directory is made), and
 * the PostgreSQL server at `DATABASE_URL` answers. Also the one-line form of the configuration's own
 * errors.
 */
import { Effect, Option } from "effect"
import type { ConfigError } from "effect/Config"
import { createServer } from "node:net"
import pg from "pg"
import type { TillConfig } from "./Config.ts"

/** Why a check failed, as the one line the CLI prints. */
export class PreflightFailed extends Error {}

/** `PORT` can be listened on; fails at once when another process holds it. */
export const portFree = (port: number): Effect.Effect<void, PreflightFailed> =>
  Effect.callback<void, PreflightFailed>((resume) => {
    const probe = createServer()
    probe.once("error", (error: NodeJS.ErrnoException) => {
      resume(Effect.fail(
        new PreflightFailed(
          error.code === "EADDRINUSE"
            ? `port ${port} is already in use (PORT): stop the process listening on it, or set PORT to a free port`
            : error.code === "EACCES"
            ? `port ${port} needs privileges this process lacks (PORT): set PORT to 1024 or above`
            : `cannot listen on port ${port} (PORT): ${error.message}`
        )
      ))
    })
    // the server's own listen (all interfaces, as the probe): a port in use on any of them is in use
    probe.listen(port, () => probe.close(() => resume(Effect.void)))
  })

const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found (DNS failed)",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset"
}

/**
 * The PostgreSQL server at `url` lets us in: it answers, knows the role and the password, and has the
 * database. Fails with the host, the port and why not.
 */
export const postgresReachable = (url: string, timeoutMs: number): Effect.Effect<void, PreflightFailed> =>
  Effect.promise(async () => {
    const parsed = new URL(url)
    const host = parsed.hostname.replace(/^\[|\]$/g, "") || "localhost"
    const where = `${host.includes(":") ? `[${host}]` : host}:${parsed.port || 5432}`
    const database = decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || "postgres"
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
    // a connection that fails later (it is closed at once) must not crash the process
    client.on("error", () => undefined)
    try {
      await client.connect()
      return undefined
    } catch (error) {
      const e = error as { code?: string; message?: string }
      if (e.code === "3D000") return `database "${database}" does not exist on PostgreSQL at ${where} (DATABASE_URL): create it (createdb ${database}) or name another`
      if (e.code === "28P01" || e.code === "28000") return `PostgreSQL at ${where} refused the login (DATABASE_URL): ${e.message}`
      const reason = REASONS[e.code ?? ""] ?? (/timeout/i.test(e.message ?? "") ? `no answer within ${timeoutMs} ms (TILL_DB_CONNECT_TIMEOUT_MS)` : e.message)
      return `cannot reach PostgreSQL at ${where} (DATABASE_URL): ${reason}`
    } finally {
      await client.end().catch(() => undefined)
    }
  }).pipe(Effect.flatMap((failure) => failure === undefined ? Effect.void : Effect.fail(new PreflightFailed(failure))))

/** The database the configuration names is there to open: PostgreSQL answers (PGlite needs nothing). */
export const database = (config: Pick<TillConfig, "databaseUrl" | "database">): Effect.Effect<void, PreflightFailed> =>
  Option.match(config.databaseUrl, {
    onNone: () => Effect.void,
    // a Unix socket (`?host=/run/postgresql`) is left to the driver
    onSome: (url) => new URL(url).hostname === "" ? Effect.void : postgresReachable(url, config.database.connectTimeoutMs || 10_000)
  })

/**
 * A configuration error as one line: the message of its first issue (the checks here name their
 * variable), else the issue with the variable it was read from.
 */
export const configMessage = (error: ConfigError): string => {
  const text = String(error.cause.message ?? error.cause)
  const [first = text, ...rest] = text.split("\n").map((line) => line.trim()).filter((line) => line !== "")
  const variable = rest.join(" ").match(/at \["([^"]+)"\]/)?.[1]
  return variable === undefined || first.includes(variable) ? first : `${variable}: ${first}`
}
