/**
 * Throwaway databases for the benchmarks, on the server at TILL_BENCH_DATABASE_URL.
 */
import pg from "pg"

/** The server the benchmarks use, as a connection URL to a database that exists on it. */
export const adminUrl = process.env["TILL_BENCH_DATABASE_URL"] || "postgres://postgres@127.0.0.1:5432/postgres"

/** Runs one statement on the admin database, on a connection of its own. */
export const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

/** The server's version, for the results' machine line. */
export const serverVersion = async (): Promise<string> => (await admin("show server_version")).rows[0].server_version

const live = new Set<string>()
const dropNow = (name: string) => admin(`drop database if exists ${name} with (force)`).finally(() => live.delete(name))

// Stopped from outside (the runner's time budget, Ctrl-C), a benchmark still drops what it created.
let stopping = false
const onStop = (signal: NodeJS.Signals) => {
  if (stopping) return
  stopping = true
  Promise.allSettled([...live].map(dropNow)).finally(() => process.exit(signal === "SIGINT" ? 130 : 143))
}

/** Creates `till_bench_<random>` (TILL_BENCH_DATABASE_PREFIX replaces `till_bench`) and answers its name, URL and how to drop it (dropped on SIGTERM or SIGINT too). */
export const createBenchDatabase = async () => {
  const name = `${process.env["TILL_BENCH_DATABASE_PREFIX"] ?? "till_bench"}_${Math.random().toString(36).slice(2, 10)}`
  await admin(`create database ${name}`)
  live.add(name)
  if (live.size === 1) {
    process.removeListener("SIGTERM", onStop).removeListener("SIGINT", onStop)
    process.once("SIGTERM", onStop).once("SIGINT", onStop)
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { name, url: url.toString(), drop: () => dropNow(name) }
}
