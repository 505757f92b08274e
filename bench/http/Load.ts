/**
 * The load generator (autocannon, in this process) and what is sent besides the measured load: seeding
 * sessions to retrieve, a smoke check that both servers answer alike, and the rows each create writes.
 */
import pg from "pg"
import { autocannon, type LoadOptions } from "../Autocannon.ts"
import type { CpuMeter, CpuUse } from "./Cpu.ts"
import type { Server } from "./Processes.ts"
import { AUTH, CONNECTIONS, CREATE_BODY, type EndpointName, SECONDS, type ServerName } from "./Settings.ts"


/** One measured run: a server, an endpoint, a round. */
export interface Run {
  readonly round: number
  readonly server: ServerName
  readonly endpoint: EndpointName
  readonly rps: number
  readonly requests: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly non2xx: number
  readonly bytesPerResponse: number
  readonly cpu: CpuUse
}

let keys = 0
const keyPrefix = `bench-${process.pid}-${Date.now().toString(36)}`

/** `seconds` of load on `endpoint` of `server` (retrieve reads `ids` round robin; create + key sends a new key each time). */
export const load = (server: Server, endpoint: EndpointName, seconds: number, ids: ReadonlyArray<string>) => {
  let next = 0
  const createOptions = {
    url: `${server.base}/v1/checkout/sessions`,
    method: "POST",
    headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
    body: CREATE_BODY
  } as const
  const options: Omit<LoadOptions, "connections" | "duration" | "timeout"> = endpoint === "create"
    ? createOptions
    : endpoint === "create + key"
    ? {
      ...createOptions,
      requests: [{
        method: "POST",
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, "idempotency-key": `${keyPrefix}-${keys++}` } })
      }]
    }
    : {
      url: `${server.base}/v1/checkout/sessions`,
      headers: { authorization: AUTH },
      requests: [{
        method: "GET",
        setupRequest: (request) => ({ ...request, path: `/v1/checkout/sessions/${ids[next++ % ids.length]}` })
      }]
    }
  return autocannon({ ...options, connections: CONNECTIONS, duration: seconds, timeout: 10 })
}

/** One measured run, with the CPU each process spent on it. */
export const measure = async (cpuMeter: CpuMeter, round: number, server: Server, endpoint: EndpointName, ids: ReadonlyArray<string>): Promise<Run> => {
  const start = await cpuMeter.snapshot(server.pid)
  const r = await load(server, endpoint, SECONDS, ids)
  const cpu = await cpuMeter.since(server.pid, start)
  const ok = r["2xx"]
  return {
    round,
    server: server.name,
    endpoint,
    rps: ok / r.duration,
    requests: ok,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    bytesPerResponse: r.throughput.total / Math.max(1, r.requests.total),
    cpu
  }
}

/** Creates `n` sessions through `server` (16 at a time) and answers their ids. */
export const seed = async (server: Server, n: number): Promise<Array<string>> => {
  const ids: Array<string> = []
  let made = 0
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (made < n) {
      made++
      const res = await fetch(`${server.base}/v1/checkout/sessions`, {
        method: "POST",
        headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
        body: CREATE_BODY
      })
      const body = await res.json() as { id?: string }
      if (res.status !== 200 || body.id === undefined) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(body)}`)
      ids.push(body.id)
    }
  }))
  return ids
}

/** One create and one retrieve on `server`, checked: the same status, the same shape of answer. */
export const smoke = async (server: Server, id: string) => {
  const created = await fetch(`${server.base}/v1/checkout/sessions`, {
    method: "POST",
    headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
    body: CREATE_BODY
  })
  const c = await created.json() as Record<string, unknown>
  const got = await fetch(`${server.base}/v1/checkout/sessions/${id}`, { headers: { authorization: AUTH } })
  const g = await got.json() as Record<string, unknown>
  const bad = await fetch(`${server.base}/v1/checkout/sessions/${id}`, { headers: { authorization: "Bearer sk_test_notakey123456" } })
  if (created.status !== 200 || c["amount_total"] !== 2400 || got.status !== 200 || g["id"] !== id || bad.status !== 401) {
    throw new Error(`${server.name} answers unexpectedly: ${created.status} ${got.status} ${bad.status} ${JSON.stringify(c).slice(0, 300)}`)
  }
  return Object.keys(c).join(",")
}

/** Exact row counts of every table of the database, by `schema.table`. */
const rowCounts = async (url: string): Promise<Map<string, number>> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // ordinary tables and partitions (relkind r), not partitioned parents, so no row is counted twice
    const { rows: tables } = await client.query(
      `select n.nspname as table_schema, c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' order by 1, 2`
    )
    const out = new Map<string, number>()
    for (const t of tables) {
      const name = `${t.table_schema}.${t.table_name}`
      const { rows } = await client.query(`select count(*)::int as n from "${t.table_schema}"."${t.table_name}"`)
      out.set(name, rows[0].n)
    }
    return out
  } finally {
    await client.end()
  }
}

/** Rows each table gains per create through `server` (over `n` creates, one at a time); tables that gain none are left out. */
export const writesPerCreate = async (url: string, server: Server, n: number): Promise<Map<string, number>> => {
  const before = await rowCounts(url)
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${server.base}/v1/checkout/sessions`, {
      method: "POST",
      headers: { authorization: AUTH, "content-type": "application/x-www-form-urlencoded" },
      body: CREATE_BODY
    })
    await res.arrayBuffer()
  }
  // anything a server does in the background because of the creates (a queue) gets a moment to happen
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const after = await rowCounts(url)
  const out = new Map<string, number>()
  for (const [table, count] of after) {
    const delta = (count - (before.get(table) ?? 0)) / n
    if (delta !== 0) out.set(table, delta)
  }
  return out
}

/** Rows per create, as the report writes them. */
export const describeWrites = (w: Map<string, number>) => [...w].map(([t, d]) => `\`${t.replace(/^public\./, "")}\` ${Number.isInteger(d) ? d : d.toFixed(2)}`).join(", ")
