import { Option } from 'commander'
import { DEFAULT_DEMO_NODES, DEFAULT_DEMO_PAYLOAD } from '../../demo.js'
import { integerOption, sizeOption } from '../../parse.js'

/** `cascade demo`'s options, as commander parses them. */
export interface DemoCommandOptions {
  nodes: number
  size: number
  keep?: boolean
}

export function demoOptions (): Option[] {
  return [
    new Option('--nodes <n>', 'how many node processes').argParser(integerOption).default(DEFAULT_DEMO_NODES),
    new Option('--size <size>', 'payload added to the v2 package').argParser(sizeOption).default(DEFAULT_DEMO_PAYLOAD),
    new Option('--keep', 'keep the demo\'s data dirs')
  ]
}
