/**
 * The OpenAPI fuzz suite (test/fuzz/OpenApiFuzz.ts) against the in-memory server: every route of
 * `/openapi.json`, valid-ish and hostile requests, no 5xx and Stripe error envelopes throughout.
 * apps/server runs the same suite over PGlite and PostgreSQL, where hostile values reach SQL.
 */
import { openApiFuzz } from "../src/testing/OpenApiFuzz.ts"
import { inMemory } from "../src/testing/TestServer.ts"

// About 1,300 requests: 5-10 s on an idle 2-core machine; the budget leaves room for a machine
// several times oversubscribed (an earlier 1,040-request version took 73 s at a load average of 20).
openApiFuzz("fuzzing every route of /openapi.json, in memory", inMemory, { random: 12, budget: 300_000 })
