import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@till/source"] },
  ssr: { resolve: { conditions: ["@till/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // Most tests here make a handful of requests to a server on a real port: well under a second on
    // an idle machine, several seconds on a loaded 2-core one (a Stripe-suite test took 6.3 s), past
    // vitest's 5 s default. The long ones (fuzzing, the browser) carry budgets of their own.
    testTimeout: 60_000,
    hookTimeout: 180_000
  }
})
