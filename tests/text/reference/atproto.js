// Reference for govsm's Bluesky tests: what @atproto/api's RichText makes of each text.
//
// stdin: a JSON array of strings. stdout: a JSON array with, for each string,
// {graphemeLength, length (UTF-8 bytes), facets (detectFacetsWithoutResolution; [] for none),
//  validHandle (@atproto/syntax isValidHandle of the whole string)}.
'use strict'

async function main() {
  const { RichText } = await import('@atproto/api')
  const { isValidHandle } = await import('@atproto/syntax')
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const texts = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const results = texts.map((text) => {
    const rt = new RichText({ text })
    rt.detectFacetsWithoutResolution()
    return {
      graphemeLength: rt.graphemeLength,
      length: rt.length,
      facets: rt.facets ?? [],
      validHandle: isValidHandle(text),
    }
  })
  process.stdout.write(JSON.stringify(results))
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error))
  process.exit(1)
})
