#!/usr/bin/env -S node --max-semi-space-size=16 --heap-growing-percent=50
/**
 * Entry point: `node src/main.ts [serve | migrate | accounts create --name X --json]`.
 * Its first line runs it with the flags of NodeFlags.ts.
 */
// the modules, not the package index: the index also loads redis, undici and the rest (≈ 25 MB and a good part of a second at start)
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Effect, Exit } from "effect"
import { Command } from "effect/cli"
import { Runtime } from "effect"
import { till } from "./Cli.ts"
import { configMessage } from "./Preflight.ts"

const oneLine = (message: string) =>
  Effect.sync(() => {
    console.error(message)
    process.exitCode = 1
  })

// With no command, serve: that is what `npm start` means.
const args = process.argv.slice(2)

// SIGTERM and SIGINT interrupt the program; having drained and closed everything, that is a clean exit.
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)

Command.runWith(till, { version: "0.1.0" })(args.length === 0 ? ["serve"] : args).pipe(
  // a mistake the user can fix is one line on stderr, not a stack
  Effect.catchTags({
    CliFailure: (failure) => oneLine(failure.message),
    ConfigError: (error) => oneLine(configMessage(error)),
    DataDirInUse: (inUse) => oneLine(inUse.message)
  }),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain({ teardown })
)
