'use strict'
// dev-env's full TestNetwork: a PLC directory, a PDS, the AppView (bsky) with its data plane,
// bsync and ozone, in one process. Every server binds GOVSM_NET_HOST (127.0.0.1) only.
//
// Input (environment): GOVSM_PLC_PORT, GOVSM_PDS_PORT, GOVSM_BSKY_PORT, GOVSM_CTL_PORT,
// GOVSM_READY_FILE, DB_POSTGRES_URL, DB_POSTGRES_SCHEMA, REDIS_HOST.
// When the network is up, GOVSM_READY_FILE receives its addresses as JSON. A control server on
// GOVSM_CTL_PORT answers POST /process-all once the AppView has indexed every event the PDS
// emitted so far (what dev-env's own tests await). Stops cleanly on SIGTERM or SIGINT.
const fs = require('node:fs')
const http = require('node:http')
const net = require('node:net')

const host = process.env.GOVSM_NET_HOST || '127.0.0.1'

// dev-env's servers call listen(port), which binds every interface: bind one host instead
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, host)
  } else if (args[0] && typeof args[0] === 'object' && args[0].path === undefined) {
    args[0] = { ...args[0], host: args[0].host ?? host }
  }
  return listen.apply(this, args)
}

const port = (name) => {
  const value = Number.parseInt(process.env[name] ?? '', 10)
  if (!(value > 0)) throw new Error(`${name} must be a TCP port, got ${process.env[name]}`)
  return value
}

const main = async () => {
  const { TestNetwork } = require('@atproto/dev-env')
  const started = Date.now()
  const network = await TestNetwork.create({
    dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA,
    plc: { port: port('GOVSM_PLC_PORT') },
    pds: { port: port('GOVSM_PDS_PORT'), hostname: 'localhost' },
    bsky: { port: port('GOVSM_BSKY_PORT') },
  })

  let busy = Promise.resolve()
  const control = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/process-all') {
      res.writeHead(404).end()
      return
    }
    busy = busy.then(
      () => network.processAll(10000).then(
        () => res.writeHead(200).end('ok'),
        (err) => res.writeHead(500).end(String(err))
      )
    )
  })
  await new Promise((resolve) => control.listen(port('GOVSM_CTL_PORT'), host, resolve))

  let stopping = false
  const stop = async (signal) => {
    if (stopping) return
    stopping = true
    console.log(`fullnet: ${signal}, stopping`)
    control.close()
    try {
      await network.close()
      process.exit(0)
    } catch (err) {
      console.error('fullnet: error while stopping', err)
      process.exit(1)
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)

  const ready = {
    plc: network.plc.url,
    pds: network.pds.url,
    bsky: network.bsky.url,
    bskyDid: network.bsky.ctx.cfg.serverDid,
    seconds: (Date.now() - started) / 1000,
  }
  const file = process.env.GOVSM_READY_FILE
  fs.writeFileSync(`${file}.part`, JSON.stringify(ready))
  fs.renameSync(`${file}.part`, file)
  console.log(`fullnet: ready ${JSON.stringify(ready)}`)
}

main().catch((err) => {
  console.error('fullnet: failed to start', err)
  process.exit(1)
})
