import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@till/source"] },
  ssr: { resolve: { conditions: ["@till/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    // The delivery tests POST to receivers on loopback: under a second idle, several on a loaded 2-core machine.
    testTimeout: 30_000
  }
})
