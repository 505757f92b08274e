/**
 * A mail server on loopback for the tests (`smtp-server`, each message parsed with `mailparser`): it keeps
 * what it accepts, and refuses as many messages as it is told to with a temporary failure (451), as a
 * server in trouble does.
 */
import { type ParsedMail, simpleParser } from "mailparser"
import type { AddressInfo } from "node:net"
import { SMTPServer } from "smtp-server"

/** What the mail server got, and how many times it refused. */
export interface Inbox {
  readonly messages: Array<ParsedMail>
  /** Refuse this many more messages. */
  refuse: number
  refused: number
  readonly port: number
  readonly close: () => Promise<void>
}

/** Starts a mail server on a free loopback port. */
export const startInbox = async (): Promise<Inbox> => {
  const messages: Array<ParsedMail> = []
  const inbox = { messages, refuse: 0, refused: 0 } as Omit<Inbox, "port" | "close"> & { refuse: number; refused: number }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((parsed) => {
        if (inbox.refuse > 0) {
          inbox.refuse--
          inbox.refused++
          return callback(Object.assign(new Error("try again later"), { responseCode: 451 }))
        }
        messages.push(parsed)
        callback()
      }, callback)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.server.address() as AddressInfo).port
  return Object.assign(inbox, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) })
}
