'use strict'
// A Bluesky PDS configured from the PDS_* environment variables, as the official service entry
// point, but bound to GOVSM_PDS_HOST (127.0.0.1) only. Stops cleanly on SIGTERM or SIGINT.
const { PDS, envToCfg, envToSecrets, readEnv } = require('@atproto/pds')

const main = async () => {
  const host = process.env.GOVSM_PDS_HOST || '127.0.0.1'
  const env = readEnv()
  const pds = await PDS.create(envToCfg(env), envToSecrets(env))
  // start() calls app.listen(port), which binds every interface: bind one host instead
  const listen = pds.app.listen.bind(pds.app)
  pds.app.listen = (p, ...rest) => listen(p, host, ...rest)

  let stopping = false
  const stop = async (signal) => {
    if (stopping) return
    stopping = true
    console.log(`pds: ${signal}, stopping`)
    try {
      await pds.destroy()
      process.exit(0)
    } catch (err) {
      console.error('pds: error while stopping', err)
      process.exit(1)
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)

  await pds.start()
  console.log(`pds: listening on http://${host}:${env.port}`)
}

main().catch((err) => {
  console.error('pds: failed to start', err)
  process.exit(1)
})
