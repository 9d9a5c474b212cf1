/**
 * How the command line reports a mistake: one line, then where to read more.
 * commander checks required options before unknown ones, so a typo in a
 * required option (`--verison`) would be reported as the option missing;
 * required options are therefore checked here, after commander has refused
 * unknown options.
 */
import { Option } from 'commander'
import type { Command } from 'commander'

/** A command line that cannot run as given: its message is one line for the operator. */
export class UsageError extends Error {
  static override readonly name = 'UsageError'
  override readonly name = 'UsageError'
}

const REQUIRED = new WeakSet<Option>()

/** An option the command cannot run without (checked by {@link checkRequiredOptions}). */
export function requiredOption (flags: string, description: string): Option {
  const option = new Option(flags, description)
  REQUIRED.add(option)
  return option
}

/** A `preAction` hook: the first required option that was not given is a usage error. */
export function checkRequiredOptions (_program: Command, command: Command): void {
  for (const option of command.options) {
    if (REQUIRED.has(option) && command.getOptionValue(option.attributeName()) === undefined) {
      command.error(`error: required option '${option.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' })
    }
  }
}

/** The full name of a command, e.g. `cascade group add`. */
export function commandPath (command: Command): string {
  const names: string[] = []
  for (let at: Command | null = command; at != null; at = at.parent) {
    names.unshift(at.name())
  }
  return names.join(' ')
}

/** commander's suggestion for a typo, on a line of its own. */
const SUGGESTION = /\n\(Did you mean (.*)\?\)/

/**
 * After any usage error of `command` or below: the error on one line (with
 * commander's suggestion for a typo), then one line pointing at the
 * command's help instead of the help itself.
 */
export function seeHelpAfterErrors (command: Command): void {
  command.showHelpAfterError(`(see \`${commandPath(command)} --help\`)`)
  command.configureOutput({
    outputError: (text, write) => { write(text.replace(SUGGESTION, ' (did you mean $1?)')) }
  })
  for (const sub of command.commands) {
    seeHelpAfterErrors(sub)
  }
}

/** Adds every option of a command's options.ts to it. */
export function withOptions (command: Command, options: Option[]): Command {
  for (const option of options) {
    command.addOption(option)
  }
  return command
}

/** Whether `option` was made by {@link requiredOption} (the generated option tables say so). */
export function isRequiredOption (option: Option): boolean {
  return REQUIRED.has(option)
}
