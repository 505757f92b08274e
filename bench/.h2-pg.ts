import { createRequire } from "node:module"
const require = createRequire(import.meta.url)
const Result = require("pg/lib/result.js")
const perCall = (f: () => unknown, n = 5000): number => {
  for (let i = 0; i < n; i++) f()
  const b = Array.from({ length: 7 }, () => { const t = performance.now(); for (let i = 0; i < n; i++) f(); return ((performance.now() - t) * 1000) / n }).sort((a, b) => a - b)
  return b[3]!
}
const names = ["id","account","livemode","status","created","expires_at","customer","payment_intent","payment_link","client_reference_id","attempt_id","attempt_started_at","version","recovered_from","doc","intent","line_items"]
const OID: Record<string, number> = { livemode: 16, created: 20, expires_at: 20, attempt_started_at: 20, version: 23, doc: 3802, intent: 3802, line_items: 114 }
const fields = () => names.map((name) => ({ name, tableID: 0, columnID: 0, dataTypeID: OID[name] ?? 25, dataTypeSize: -1, dataTypeModifier: -1, format: "text" }))
const texts = names.map((n) => n === "doc" ? JSON.stringify({a: 1}) : n === "line_items" ? "[]" : n === "livemode" ? "f" : OID[n] === 20 || OID[n] === 23 ? "12" : n === "intent" ? null : "x")
const f = fields()
console.log("addFields", perCall(() => { const r = new Result(undefined, undefined); r.addFields(f); return r }).toFixed(2))
const r = new Result(undefined, undefined); r.addFields(f)
console.log("parseRow", perCall(() => r.parseRow(texts)).toFixed(2))
console.log("fields()", perCall(() => fields()).toFixed(2))
const types = require("pg-types")
console.log("getTypeParser x17", perCall(() => { const a = new Array(17); for (let i = 0; i < 17; i++) a[i] = types.getTypeParser(f[i]!.dataTypeID, "text"); return a }).toFixed(2))
console.log("null-proto + spread", perCall(() => { const row = Object.create(null); for (let i = 0; i < 17; i++) row[f[i]!.name] = null; return { ...row } }).toFixed(2))
console.log("plain + spread", perCall(() => { const row: any = {}; for (let i = 0; i < 17; i++) row[f[i]!.name] = null; return { ...row } }).toFixed(2))
