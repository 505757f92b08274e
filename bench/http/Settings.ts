/**
 * The HTTP benchmark's settings (from the environment), the key and request body it sends, and its log.
 */
import { Ids } from "@till/core"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

/** Concurrent connections of the load generator (`BENCH_CONNECTIONS`). */
export const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 32)
/** Seconds per measured run (`BENCH_SECONDS`). */
export const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 10)
/** Seconds of warm-up per server and endpoint (`BENCH_WARMUP_SECONDS`). */
export const WARMUP_SECONDS = Number(process.env["BENCH_WARMUP_SECONDS"] ?? 4)
/** Rounds of measured runs (`BENCH_ROUNDS`). */
export const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3)
/** Sessions created for retrieve to read (`BENCH_SEED`). */
export const SEED = Number(process.env["BENCH_SEED"] ?? 2000)
/** Whether each server is profiled too (`BENCH_PROFILE`, 0 skips). */
export const PROFILE = process.env["BENCH_PROFILE"] !== "0"
/** Whether the HTTP section of docs/benchmarks.md is rewritten (`BENCH_WRITE_DOC`, 0 leaves it). */
export const WRITE_DOC = process.env["BENCH_WRITE_DOC"] !== "0"
/** `layers` (default): the API from the server's layers alone (bench/http-till.ts); `serve`: `till serve` itself. */
export const TILL_MODE = process.env["BENCH_TILL"] === "serve" ? "serve" : "layers"
/** Whether every create carries a new `Idempotency-Key` (`BENCH_IDEMPOTENCY=1`; the baseline ignores it). */
export const IDEMPOTENCY = process.env["BENCH_IDEMPOTENCY"] === "1"
/** Till's default pool size (`till serve` does not take another); the baseline gets the same. */
export const POOL = 10
/** The whole run is bounded: past this, children are killed, the database dropped, and the process exits 1. */
export const BUDGET_MS = 30 * 60_000

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

/** The two servers. */
export type ServerName = "Till" | "bare"
/** The two measured requests. */
export type EndpointName = "create" | "retrieve"
/** A line of progress, on stderr. */
export const log = (line: string) => process.stderr.write(`${line}\n`)
