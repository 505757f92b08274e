import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@till/source"] },
  ssr: { resolve: { conditions: ["@till/source"] } },
  test: { include: ["test/**/*.test.ts"] }
})
