/**
 * Writes the options tables of docs/configuration.md from the definitions
 * `cascade host --help` and `cascade node --help` are made from:
 *
 *   npm run docs:config
 *
 * test/config.test.ts fails while the document is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { hostCommand } from '../src/cli/cmds/host/index.js'
import { nodeCommand } from '../src/cli/cmds/node/index.js'
import { updateGeneratedTables } from '../src/cli/config/index.js'

/** The document, from dist/scripts/. */
const CONFIG_DOC = new URL('../../docs/configuration.md', import.meta.url)

const before = readFileSync(CONFIG_DOC, 'utf8')
const after = updateGeneratedTables(before, [hostCommand(), nodeCommand()])
writeFileSync(CONFIG_DOC, after)
process.stdout.write(after === before ? 'docs/configuration.md is up to date\n' : 'docs/configuration.md: options tables updated\n')
