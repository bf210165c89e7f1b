'use strict'
// A did:plc directory with an in-memory database, on GOVSM_PLC_HOST (127.0.0.1) : GOVSM_PLC_PORT.
// Stops cleanly on SIGTERM or SIGINT.
const { PlcServer, Database } = require('@did-plc/server')

const main = async () => {
  const port = Number.parseInt(process.env.GOVSM_PLC_PORT ?? '', 10)
  if (!(port > 0)) throw new Error(`GOVSM_PLC_PORT must be a TCP port, got ${process.env.GOVSM_PLC_PORT}`)
  const host = process.env.GOVSM_PLC_HOST || '127.0.0.1'
  const server = PlcServer.create({ db: Database.mock(), port })
  // start() calls app.listen(port), which binds every interface: bind one host instead
  const listen = server.app.listen.bind(server.app)
  server.app.listen = (p, ...rest) => listen(p, host, ...rest)

  let stopping = false
  const stop = async (signal) => {
    if (stopping) return
    stopping = true
    console.log(`plc: ${signal}, stopping`)
    try {
      await server.destroy()
      process.exit(0)
    } catch (err) {
      console.error('plc: error while stopping', err)
      process.exit(1)
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)

  await server.start()
  console.log(`plc: listening on http://${host}:${port}`)
}

main().catch((err) => {
  console.error('plc: failed to start', err)
  process.exit(1)
})
