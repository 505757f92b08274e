/**
 * CPU time from /proc: of the server process, of the PostgreSQL processes serving the benchmark's
 * database, of this process (the load generator) and of the whole machine.
 */
import { readFileSync } from "node:fs"
import type pg from "pg"

const CLK_TCK = 100
/** User and system CPU of a process, in ms (0 once it is gone). */
export const cpuTimesOf = (pid: number): { readonly user: number; readonly system: number } => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return { user: (Number(fields[11]) * 1000) / CLK_TCK, system: (Number(fields[12]) * 1000) / CLK_TCK }
  } catch {
    return { user: 0, system: 0 }
  }
}
const cpuMsOf = (pid: number): number => {
  const t = cpuTimesOf(pid)
  return t.user + t.system
}

/**
 * The PostgreSQL processes working for this benchmark: the backends connected to its database, and the
 * server-wide writers (WAL writer, checkpointer, background writer). Backends of other databases (other
 * jobs on the same server) are left out.
 */
const postgresPids = async (monitor: pg.Client, database: string): Promise<Array<number>> => {
  const { rows } = await monitor.query(
    `select pid from pg_stat_activity where datname = $1 or backend_type in ('walwriter', 'checkpointer', 'background writer')`,
    [database]
  )
  return rows.map((r) => Number(r.pid))
}

/** CPU ms of those processes, by pid. */
const postgresCpu = async (monitor: pg.Client, database: string): Promise<Map<number, number>> =>
  new Map((await postgresPids(monitor, database)).map((pid) => [pid, cpuMsOf(pid)]))

/** Busy and total CPU ms of the whole machine, all cores. */
const machineCpu = () => {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as Array<number>
  const busy = user! + nice! + system! + irq! + softirq! + steal!
  return { busy: (busy * 1000) / CLK_TCK, total: ((busy + idle! + iowait!) * 1000) / CLK_TCK }
}

/** CPU times at one moment: a server process, the PostgreSQL processes, this process and the machine. */
export interface CpuSnapshot {
  readonly server: { readonly user: number; readonly system: number }
  readonly postgres: Map<number, number>
  readonly self: NodeJS.CpuUsage
  readonly machine: { busy: number; total: number }
}

/** CPU ms spent between two snapshots, by the server, PostgreSQL, the load generator (this process) and the machine. */
export interface CpuUse {
  readonly server: number
  readonly serverUser: number
  readonly serverSystem: number
  readonly postgres: number
  readonly loadgen: number
  readonly busy: number
  readonly total: number
}

/** Measures CPU for one benchmark database, asking `monitor` (a connection of its own) which PostgreSQL processes serve it. */
export interface CpuMeter {
  readonly snapshot: (pid: number) => Promise<CpuSnapshot>
  readonly since: (pid: number, start: CpuSnapshot) => Promise<CpuUse>
}

/** A meter of the server process `pid` and of the PostgreSQL processes of `database`. */
export const meter = (monitor: pg.Client, database: string): CpuMeter => {
  const snapshot = async (pid: number): Promise<CpuSnapshot> => ({
    server: cpuTimesOf(pid),
    postgres: await postgresCpu(monitor, database),
    self: process.cpuUsage(),
    machine: machineCpu()
  })
  const since = async (pid: number, start: CpuSnapshot): Promise<CpuUse> => {
    const end = await snapshot(pid)
    let postgres = 0
    // a backend that starts during the run counts from 0; one that ends during it is missed (a loaded pool keeps its own)
    for (const [p, ms] of end.postgres) postgres += ms - (start.postgres.get(p) ?? 0)
    const self = process.cpuUsage(start.self)
    return {
      server: end.server.user + end.server.system - start.server.user - start.server.system,
      serverUser: end.server.user - start.server.user,
      serverSystem: end.server.system - start.server.system,
      postgres,
      loadgen: (self.user + self.system) / 1000,
      busy: end.machine.busy - start.machine.busy,
      total: end.machine.total - start.machine.total
    }
  }
  return { snapshot, since }
}
