import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@till/source"] },
  ssr: { resolve: { conditions: ["@till/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["src/testing/PostgresVariants.ts"],
    // PGlite's first open of a directory runs initdb (2-5 s); the race and crash tests spawn processes.
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
