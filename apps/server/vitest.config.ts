import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@till/source"] },
  ssr: { resolve: { conditions: ["@till/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/PostgresVariants.ts"],
    // Every test here runs the app over a real database, many of them as `till` processes: a PGlite
    // initdb alone is 2-5 s idle and was measured past 60 s on a loaded 2-core machine. The process
    // tests carry budgets of their own.
    testTimeout: 60_000,
    hookTimeout: 240_000
  }
})
