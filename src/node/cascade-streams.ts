/**
 * Which streams on a connection are Cascade's own work. libp2p opens streams
 * of its own on every connection too: its connection monitor pings each one
 * every few seconds, and on an uplink that collapsed that ping waits seconds
 * behind the queued data, open all the while. Such a stream says nothing
 * about whether the connection still carries anything we need.
 */
import type { Connection, Stream } from '@libp2p/interface'

/** Every Cascade protocol id starts with this (src/protocols/). */
export const CASCADE_PROTOCOL_PREFIX = '/cascade/'

/** Whether a Cascade stream other than `except` is open on `connection`. */
export function runsOtherCascadeStream (connection: Pick<Connection, 'streams'>, except: Stream): boolean {
  return connection.streams.some(stream => stream !== except && stream.status === 'open' && stream.protocol.startsWith(CASCADE_PROTOCOL_PREFIX))
}
