import { CONTROL_ACTIONS } from '../../../protocols/admin/index.js'
import type { AdminCommandOptions } from '../../admin-options.js'
import type { ControlAction } from '../../../protocols/admin/index.js'

/** `cascade deployment pause|resume|cancel ID` take only --host and --key. */
export type DeploymentControlOptions = AdminCommandOptions

/** The subcommands of `cascade deployment`, one per action the host takes. */
export const DEPLOYMENT_ACTIONS: readonly ControlAction[] = CONTROL_ACTIONS
