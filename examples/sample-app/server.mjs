// Cascade's sample managed app: the demo runs it at v1 and publishes it as v2.
// Answers every GET with the release it runs, read from VERSION next to this
// file, so an update can be seen from outside: curl http://127.0.0.1:$APP_PORT/
// Plain Node, no dependencies (Node 20+).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const version = readFileSync(new URL('./VERSION', import.meta.url), 'utf8').trim()
const port = Number(process.env.APP_PORT)
if (process.env.APP_PORT == null || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`sample-app: APP_PORT must be a TCP port, got ${JSON.stringify(process.env.APP_PORT)}`)
  process.exit(2)
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end()
    return
  }
  const body = JSON.stringify({ version, pid: process.pid })
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(req.method === 'GET' ? body : undefined)
})

server.listen(port, '127.0.0.1', () => {
  console.log(`sample-app ${version} (pid ${process.pid}) listening on http://127.0.0.1:${server.address().port}/`)
})

// the supervisor stops the app with SIGTERM: close the port before exiting
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
}
