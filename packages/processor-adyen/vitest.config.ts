import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@till/source"] },
  ssr: { resolve: { conditions: ["@till/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // The contract tests start a Prism mock server (a few seconds on a loaded 2-core machine).
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
