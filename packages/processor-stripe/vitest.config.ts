import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@till/source"] },
  ssr: { resolve: { conditions: ["@till/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // each suite starts a Prism mock server (several seconds on a loaded 2-core machine)
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
