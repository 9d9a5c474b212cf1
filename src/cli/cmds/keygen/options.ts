import { Option } from 'commander'
import { inExistingDirOption } from '../../parse.js'

/** `cascade keygen`'s options, as commander parses them: `--out` or `--show`. */
export interface KeygenOptions {
  out?: string
  force?: boolean
  show?: string
}

export function keygenOptions (): Option[] {
  return [
    new Option('--out <file>', 'where to write a new key (mode 0600); its directory must exist').argParser(inExistingDirOption).conflicts('show'),
    new Option('--force', 'with --out: replace the key already in the file (the host will no longer accept the old one)'),
    new Option('--show <file>', 'print the peer id of the key in this file, change nothing')
  ]
}
