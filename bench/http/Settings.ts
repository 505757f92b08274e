/**
 * The HTTP benchmark's settings (from the environment), the key and request body it sends, and its log.
 */
import { Ids } from "@till/core"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

/** `BENCH_QUICK=1`: every size and duration shrunk, to prove the benchmark runs end to end (its figures mean nothing). */
export const QUICK = process.env["BENCH_QUICK"] === "1"
const knob = (name: string, full: number, quick: number) => Number(process.env[name] ?? (QUICK ? quick : full))

/** Concurrent connections of the load generator (`BENCH_CONNECTIONS`). */
export const CONNECTIONS = knob("BENCH_CONNECTIONS", 32, 32)
/** Seconds per measured run (`BENCH_SECONDS`). */
export const SECONDS = knob("BENCH_SECONDS", 10, 2)
/** Seconds of warm-up per server and endpoint (`BENCH_WARMUP_SECONDS`). */
export const WARMUP_SECONDS = knob("BENCH_WARMUP_SECONDS", 4, 1)
/** Rounds of measured runs (`BENCH_ROUNDS`). */
export const ROUNDS = knob("BENCH_ROUNDS", 3, 1)
/** Sessions created for retrieve to read (`BENCH_SEED`). */
export const SEED = knob("BENCH_SEED", 2000, 200)
/** Whether each server is profiled too (`BENCH_PROFILE`, 0 skips). */
export const PROFILE = process.env["BENCH_PROFILE"] !== "0"
/** Whether the HTTP section of docs/benchmarks.md is rewritten (`BENCH_WRITE_DOC`, 0 leaves it). */
export const WRITE_DOC = process.env["BENCH_WRITE_DOC"] !== "0"
/** `serve` (default): `till serve` itself, worker on, as users run it; `layers`: the API from the server's layers alone, no queue (bench/http-till.ts). */
export const TILL_MODE = process.env["BENCH_TILL"] === "layers" ? "layers" : "serve"
/** Till's default pool size (`till serve` does not take another); the baseline gets the same. */
export const POOL = 10
/** The whole run is bounded: past this, children are killed, the database dropped, and the process exits 1. */
export const BUDGET_MS = knob("BENCH_HTTP_BUDGET_MINUTES", 30, 10) * 60_000
/** Where the runner (bench/run.ts) wants this benchmark's doc section and figures; unset when run alone. */
export const SECTION_FILE = process.env["BENCH_SECTION_FILE"]
/** See {@link SECTION_FILE}: the figures, as JSON, for the runner's summary. */
export const RESULT_FILE = process.env["BENCH_RESULT_FILE"]

/** The repository's root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
/** docs/benchmarks.md. */
export const docPath = join(root, "docs", "benchmarks.md")
/** The secret key both servers accept. */
export const KEY = `sk_test_bench${Ids.randomBase62(12)}`
/** The authorization header of every request. */
export const AUTH = `Bearer ${KEY}`
/** The form body of every create: one line item (260 bytes). */
export const CREATE_BODY = [
  "mode=payment",
  "line_items%5B0%5D%5Bprice_data%5D%5Bcurrency%5D=usd",
  "line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=1200",
  "line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=T-shirt",
  "line_items%5B0%5D%5Bquantity%5D=2",
  "success_url=https%3A%2F%2Fexample.com%2Fthanks"
].join("&")

/**
 * The servers: Till; *bare*, a node:http + pg server storing one ~1 KB JSONB row per create (bench/bare-server.ts,
 * the headline's baseline); *same SQL*, a node:http + pg server sending Till's own statements, no queue
 * (bench/http-baseline.ts).
 */
export type ServerName = "Till" | "bare" | "same SQL"
/** The measured requests: create, create with a fresh `Idempotency-Key` each time, retrieve. */
export type EndpointName = "create" | "create + key" | "retrieve"
/** A line of progress, on stderr. */
export const log = (line: string) => process.stderr.write(`${line}\n`)
