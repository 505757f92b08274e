/**
 * `till --help` describes every command, and each command's help every flag and argument.
 */
import { assert, describe, it } from "@effect/vitest"
import { printChildrenOnFailure, runTill, START_MS } from "./support.ts"

const COMMANDS = [
  ["serve"],
  ["worker"],
  ["migrate"],
  ["listen"],
  ["trigger"],
  ["embed", "show"],
  ["embed", "allow"],
  ["embed", "disallow"],
  ["embed", "set"],
  ["accounts", "create"],
  ["accounts", "list"],
  ["keys", "create"],
  ["keys", "roll"],
  ["keys", "revoke"]
]

/** The lines of a help section (`FLAGS`, `ARGUMENTS`, `SUBCOMMANDS`), up to the next heading. */
const section = (help: string, name: string): ReadonlyArray<string> => {
  const lines = help.split("\n")
  const start = lines.indexOf(name)
  if (start < 0) return []
  const end = lines.findIndex((line, i) => i > start && /^[A-Z]/.test(line))
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line.trim() !== "")
}

/** An entry with its description: the name (and its type), two spaces or more, then words. */
const described = /^\s+\S+(?: \S+)?\s{2,}\S+/

describe("till --help", () => {
  printChildrenOnFailure()

  it("lists every command with a description, and each command describes its flags and arguments", { timeout: START_MS }, async () => {
    const top = await runTill(["--help"], {})
    assert.strictEqual(top.code, 0, top.stderr)
    const subcommands = section(top.stdout, "SUBCOMMANDS")
    for (const name of ["serve", "worker", "migrate", "listen", "trigger", "embed", "accounts", "keys"]) {
      const line = subcommands.find((l) => l.trim().startsWith(`${name} `))
      assert.isDefined(line, name)
      assert.match(line!, described, name)
    }
    const helps = await Promise.all(COMMANDS.map((command) => runTill([...command, "--help"], {})))
    COMMANDS.forEach((command, i) => {
      const help = helps[i]!
      assert.strictEqual(help.code, 0, `${command.join(" ")}: ${help.stderr}`)
      assert.notStrictEqual(section(help.stdout, "DESCRIPTION").length, 0, command.join(" "))
      for (const line of [...section(help.stdout, "FLAGS"), ...section(help.stdout, "ARGUMENTS")]) {
        assert.match(line, described, `${command.join(" ")}: ${line}`)
      }
    })
    // the flags the commands take are all there
    const listen = helps[3]!.stdout
    for (const flag of ["--forward-to", "--events", "--state-file", "--api-base", "--api-key"]) assert.include(listen, flag)
    const help = (name: string) => helps[COMMANDS.findIndex((c) => c.join(" ") === name)]!.stdout
    assert.include(help("keys roll"), "--expires-in")
    for (const flag of ["--api-base", "--api-key", "--json"]) assert.include(help("embed allow"), flag)
  })
})
