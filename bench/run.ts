/**
 * `npm run bench`: every benchmark in sequence, within one time budget, and docs/benchmarks.md written from
 * their results: the machine, a summary of every figure (Till's next to its baseline, with ratios and
 * spreads), then each benchmark's own section with the load average before and after it.
 *
 *   npm run bench                 # BENCH_QUICK=1 npm run bench: everything shrunk, a smoke run
 *
 * It first runs `npm run build`, as an installation has it: the embedded start-up is measured with the PGlite
 * template the build makes (packages/postgres/src/PgliteTemplate.ts).
 *
 * Each benchmark is a script run in its own process group, in this order: http, floor, list, expiry, webhooks,
 * embedded, repository. A script that is missing, fails or runs past its share of the budget gets a
 * paragraph saying so (with the end of its log) instead of stopping the run.
 *
 * The contract with a script (so a new one needs no change here beyond its line in SECTIONS): the runner sets
 *   BENCH_SECTION_FILE  where to write its section of the doc (Markdown starting with `## Title`);
 *   BENCH_RESULT_FILE   where to write its figures as JSON; `summary`, if present, is a list of
 *                       `{ figure, till, baseline?, ratio?, goal? }` (strings) that go into the summary table;
 *   BENCH_QUICK         1 in a smoke run: the script shrinks its sizes and durations.
 * A script that writes no section file is represented by the `## …` part of its standard output, or else by
 * the `## <title>` section it wrote into the doc itself, or else by the end of its output in a code block.
 *
 * Environment: BENCH_BUDGET_MINUTES (150; 40 with BENCH_QUICK), BENCH_ONLY (comma-separated section names to
 * run), TILL_BENCH_DATABASE_URL and every benchmark's own knobs, passed through. BENCH_DOC (docs/benchmarks.md)
 * names the file written.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { serverVersion } from "./BenchDatabase.ts"
import { docPath, log, QUICK, root } from "./http/Settings.ts"

/** One benchmark: its name, its script, its title in the doc, and its share of the budget (minutes, at most). */
interface Section {
  readonly name: string
  readonly script: string
  readonly title: string
  readonly minutes: number
  readonly quickMinutes: number
  /** Extra environment in a smoke run, for scripts that have no BENCH_QUICK of their own. */
  readonly quickEnv?: Record<string, string>
}

const SECTIONS: ReadonlyArray<Section> = [
  { name: "http", script: "bench/http.ts", title: "HTTP", minutes: 40, quickMinutes: 10 },
  { name: "floor", script: "bench/floor.ts", title: "HTTP floor", minutes: 8, quickMinutes: 3 },
  { name: "list", script: "bench/list.ts", title: "Lists", minutes: 30, quickMinutes: 6 },
  { name: "expiry", script: "bench/expiry.ts", title: "Expiry", minutes: 20, quickMinutes: 6 },
  { name: "webhooks", script: "bench/webhooks.ts", title: "Webhooks", minutes: 20, quickMinutes: 6 },
  { name: "embedded", script: "bench/embedded.ts", title: "Embedded (PGlite), memory and start-up", minutes: 15, quickMinutes: 5 },
  {
    name: "repository",
    script: "bench/repository.ts",
    title: "Repository",
    minutes: 15,
    quickMinutes: 4,
    quickEnv: { BENCH_SESSIONS: "300", BENCH_ROUNDS: "1" }
  }
]

const BUDGET_MS = Number(process.env["BENCH_BUDGET_MINUTES"] ?? (QUICK ? 40 : 150)) * 60_000
const ONLY = process.env["BENCH_ONLY"]?.split(",").map((s) => s.trim())
const DOC = process.env["BENCH_DOC"] ?? docPath

interface Outcome {
  readonly section: Section
  readonly status: "ok" | "missing" | "failed" | "timed out" | "skipped"
  readonly code?: number | null
  readonly seconds: number
  readonly loadBefore: ReadonlyArray<number>
  readonly loadAfter: ReadonlyArray<number>
  readonly markdown?: string | undefined
  readonly summary: ReadonlyArray<SummaryRow>
  readonly logTail: string
}
interface SummaryRow {
  readonly figure: string
  readonly till: string
  readonly baseline?: string
  readonly ratio?: string
  readonly goal?: string
}

/** The `## title` section of a Markdown document, up to the next `## `. */
const sectionOf = (doc: string, title: string): string | undefined => {
  const lines = doc.split("\n")
  const start = lines.findIndex((l) => l.trim() === `## ${title}`)
  if (start < 0) return undefined
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "))
  return lines.slice(start, end < 0 ? undefined : end).join("\n").trim()
}

const loads = (l: ReadonlyArray<number>) => l.map((x) => x.toFixed(1)).join(" / ")
const tail = (text: string, lines = 25) => text.trimEnd().split("\n").slice(-lines).join("\n")

/** Runs one script in its own process group; kills the group at `deadline`. */
const runScript = (section: Section, env: Record<string, string>, timeoutMs: number) =>
  new Promise<{ code: number | null; timedOut: boolean; stdout: string; stderr: string }>((resolve) => {
    const child: ChildProcess = spawn(process.execPath, ["--conditions=@till/source", join(root, section.script)], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    let stdout = ""
    let stderr = ""
    let timedOut = false
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()))
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString()
      process.stderr.write(`  [${section.name}] ${c.toString().replace(/\n(?=.)/g, `\n  [${section.name}] `)}`)
    })
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal)
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      killGroup("SIGTERM")
      setTimeout(() => killGroup("SIGKILL"), 15_000).unref()
    }, timeoutMs)
    child.once("exit", (code) => {
      clearTimeout(timer)
      // whatever it left behind in its group (servers it started) goes with it
      killGroup("SIGKILL")
      resolve({ code, timedOut, stdout, stderr })
    })
  })

const runSection = async (section: Section, remainingMs: number): Promise<Outcome> => {
  const loadBefore = loadavg()
  const base = { section, loadBefore, summary: [], logTail: "" }
  if (ONLY !== undefined && !ONLY.includes(section.name)) return { ...base, status: "skipped", seconds: 0, loadAfter: loadBefore }
  if (!existsSync(join(root, section.script))) return { ...base, status: "missing", seconds: 0, loadAfter: loadBefore }
  const minutes = QUICK ? section.quickMinutes : section.minutes
  const timeoutMs = Math.min(minutes * 60_000, remainingMs)
  if (timeoutMs < 30_000) return { ...base, status: "timed out", seconds: 0, loadAfter: loadBefore, logTail: "not started: the run's time budget was spent" }
  const dir = mkdtempSync(join(tmpdir(), `till-bench-${section.name}-`))
  const sectionFile = join(dir, "section.md")
  const resultFile = join(dir, "result.json")
  log(`bench: ${section.name} (${section.script}), at most ${(timeoutMs / 60_000).toFixed(1)} min; load average ${loads(loadBefore)}`)
  const started = performance.now()
  const docBefore = existsSync(DOC) ? readFileSync(DOC, "utf8") : ""
  try {
    const r = await runScript(section, {
      BENCH_SECTION_FILE: sectionFile,
      BENCH_RESULT_FILE: resultFile,
      BENCH_WRITE_DOC: "0",
      BENCH_WRITE: "0",
      ...(QUICK ? { BENCH_QUICK: "1", ...section.quickEnv } : {})
    }, timeoutMs)
    const seconds = (performance.now() - started) / 1000
    const loadAfter = loadavg()
    let markdown = existsSync(sectionFile) ? readFileSync(sectionFile, "utf8").trim() : ""
    if (markdown === "") {
      const at = r.stdout.search(/^## /m)
      markdown = at >= 0 ? r.stdout.slice(at).trim() : ""
    }
    // a script that ignores BENCH_SECTION_FILE and writes its own section into the doc: that section, if it changed
    const docAfter = existsSync(DOC) ? readFileSync(DOC, "utf8") : ""
    if (markdown === "" && docAfter !== docBefore) markdown = sectionOf(docAfter, section.title) ?? ""
    let summary: ReadonlyArray<SummaryRow> = []
    if (existsSync(resultFile)) {
      try {
        const parsed = JSON.parse(readFileSync(resultFile, "utf8")) as { summary?: ReadonlyArray<SummaryRow> }
        summary = Array.isArray(parsed.summary) ? parsed.summary : []
      } catch {
        // a result file that does not parse contributes nothing to the summary
      }
    }
    const status = r.timedOut ? "timed out" : r.code === 0 ? "ok" : "failed"
    const logTail = status === "ok" ? tail(r.stdout) : tail(`${r.stdout}\n${r.stderr}`)
    log(`bench: ${section.name} ${status} in ${seconds.toFixed(0)} s`)
    return { section, status, code: r.code, seconds, loadBefore, loadAfter, markdown: markdown === "" ? undefined : markdown, summary, logTail }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A section's Markdown with its own heading first, a line on how it ran, and what went wrong if anything did. */
const sectionText = (o: Outcome) => {
  const heading = `## ${o.section.title}`
  const how = `*\`${o.section.script}\`: ${o.status}${o.seconds > 0 ? ` in ${o.seconds.toFixed(0)} s` : ""}; load average (1/5/15 min) ${
    loads(o.loadBefore)
  } before, ${loads(o.loadAfter)} after.*`
  const problem = {
    ok: "",
    skipped: "Not run this time (`BENCH_ONLY`).",
    missing: `Not measured: \`${o.section.script}\` does not exist in this checkout.`,
    failed: `**This benchmark failed** (exit code ${o.code}); its figures below, if any, are partial. The end of its log:`,
    "timed out": `**This benchmark ran out of its time budget** and was stopped; its figures below, if any, are partial. The end of its log:`
  }[o.status]
  const L = [heading, "", how, ""]
  if (problem !== "") L.push(problem, "")
  if ((o.status === "failed" || o.status === "timed out") && o.logTail !== "") L.push("```", o.logTail, "```", "")
  if (o.markdown !== undefined) {
    // the script's own heading is replaced by ours; its subsections stay
    L.push(o.markdown.replace(/^## [^\n]*\n+/, ""), "")
  } else if (o.status === "ok" && o.logTail !== "") L.push("Its output (it wrote no section of its own):", "", "```", o.logTail, "```", "")
  return L.join("\n")
}

const main = async () => {
  log("bench: npm run build")
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" })
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}): the benchmarks measure what it builds`)
  const started = performance.now()
  const pgVersion = await serverVersion().catch((e) => `unknown (${String(e)})`)
  const loadStart = loadavg()
  const outcomes: Array<Outcome> = []
  for (const section of SECTIONS) {
    outcomes.push(await runSection(section, BUDGET_MS - (performance.now() - started)))
  }
  const minutes = (performance.now() - started) / 60_000
  const cpu = cpus()
  const date = new Date().toISOString().slice(0, 16).replace("T", " ")
  const rows = outcomes.flatMap((o) => o.summary.map((r) => ({ ...r, section: o.section.title })))
  const L: Array<string> = [
    "# Benchmarks",
    "",
    "<!-- Written by `npm run bench` (bench/run.ts); edit the benchmarks, not this file. -->",
    "",
    "Benchmarks live in `bench/` and run on demand, never in CI. Each measures its baseline in the same run, alternating",
    "with Till, so the ratio is the figure to read; the spread is the lowest and highest of the per-round ratios. The",
    "headline is `till serve`, with its in-process worker, as users run it, against a bare `node:http` + `pg` server",
    "that inserts one ~1 KB JSONB row per create.",
    "",
    QUICK
      ? "**This is a smoke run (`BENCH_QUICK=1`): sizes and durations are shrunk, and its figures mean nothing.**\n"
      : "",
    `**Machine.** ${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"} (${availableParallelism()} available to Node), ${
      (totalmem() / 2 ** 30).toFixed(1)
    } GiB RAM, Linux ${release()}, Node ${process.versions.node}, PostgreSQL ${pgVersion} on the same host (the servers, PostgreSQL and the load`,
    "generators share the cores).",
    "",
    `**Run.** ${date} UTC, ${minutes.toFixed(0)} min in all; load average (1/5/15 min) ${loads(loadStart)} at the start, ${loads(loadavg())} at the end`,
    "(each section gives its own before and after). A load average above the number of cores means other jobs shared the",
    "machine: read the ratios, not the absolute rates.",
    "",
    "```sh",
    "npm run bench                    # everything, then this file; BENCH_QUICK=1 for a smoke run",
    "BENCH_ONLY=http,list npm run bench   # some of it (the others say they were not run)",
    "```",
    "",
    "## Summary",
    "",
    "| benchmark | figure | Till | baseline | ratio (spread) | goal |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.section} | ${r.figure} | ${r.till} | ${r.baseline ?? ""} | ${r.ratio ?? ""} | ${r.goal ?? ""} |`),
    "",
    ...outcomes.filter((o) => o.status !== "ok").map((o) => `- ${o.section.title} (\`${o.section.script}\`): ${o.status}.`),
    ...(outcomes.some((o) => o.status !== "ok") ? [""] : []),
    "The profile summaries of the HTTP benchmark are under [HTTP › Profile summaries](#profile-summaries); the HTTP floor",
    "(what Effect's HTTP stack costs before Till's work) has its own section. [performance.md](performance.md) explains the",
    "goals not met, with the measurements behind each reason and the options left.",
    "",
    ...outcomes.map(sectionText)
  ]
  writeFileSync(DOC, `${L.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`)
  log(`bench: wrote ${DOC} (${outcomes.map((o) => `${o.section.name} ${o.status}`).join(", ")})`)
}

await main()
