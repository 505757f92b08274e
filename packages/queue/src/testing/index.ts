/**
 * `@till/queue/testing`: webhook receivers and DNS for tests: a receiver that checks signatures (`Receiver`,
 * with `stripe` and `standardwebhooks` as optional peer dependencies), a resolver answering from a table
 * (`FakeDns`), and a fence that fails any connection beyond loopback (`NetworkFence`).
 */
export * as FakeDns from "./FakeDns.ts"
export * as NetworkFence from "./NetworkFence.ts"
export * as Receiver from "./Receiver.ts"
