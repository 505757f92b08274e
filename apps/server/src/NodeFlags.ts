/**
 * The Node.js flags Till's processes run with. Flags that size V8's heap must be on the command line (set
 * at run time they do nothing), so they are repeated where a process is started: `main.ts`'s first line,
 * the npm scripts, the container's entry point, the topology script and the benchmarks
 * (`test/NodeFlags.test.ts` checks that each has these).
 */

/**
 * V8's young generation capped at 2 × 16 MB, and the old generation collected once it grows by half its live
 * size. By default V8 grows the young generation to 128 MB under a server's allocation rate and keeps it, and
 * lets the old one fill with promoted garbage to a multiple of the live size before a full collection: together
 * most of `till serve`'s resident memory above its code (docs/performance.md, "Memory").
 */
export const NODE_FLAGS: ReadonlyArray<string> = ["--max-semi-space-size=16", "--heap-growing-percent=50"]
