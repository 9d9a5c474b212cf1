/**
 * A daily time window, `HH:MM-HH:MM` in local time (docs/install-policy.md:
 * relaying and installing may wait for night or a user-chosen time). A window whose end
 * is before its start crosses midnight: `22:00-06:00` is 22:00 to 06:00 the
 * next morning. The start is inside the window, the end is not.
 */

/** `H:MM` or `HH:MM`, twice, joined by a dash. */
const WINDOW_PATTERN = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/

const MINUTES_PER_HOUR = 60
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR

export class InvalidTimeWindowError extends Error {
  static override readonly name = 'InvalidTimeWindowError'
  override readonly name = 'InvalidTimeWindowError'
}

export interface TimeWindow {
  /** minutes after local midnight: the first minute inside the window */
  readonly start: number
  /** minutes after local midnight: the first minute after the window (1440 for `24:00`) */
  readonly end: number
  /** as given, for messages */
  readonly text: string
}

/** Parses `HH:MM-HH:MM`; `24:00` is allowed as an end only. */
export function parseTimeWindow (text: string): TimeWindow {
  const match = WINDOW_PATTERN.exec(text.trim())
  if (match == null) {
    throw new InvalidTimeWindowError(`time window "${text}" must be HH:MM-HH:MM (local time, e.g. 22:00-06:00)`)
  }
  const start = minutesOf(text, Number(match[1]), Number(match[2]), false)
  const end = minutesOf(text, Number(match[3]), Number(match[4]), true)
  if (start === end % MINUTES_PER_DAY) {
    throw new InvalidTimeWindowError(`time window "${text}" starts where it ends: to allow any time, leave the option out`)
  }
  return { start, end, text: text.trim() }
}

function minutesOf (text: string, hours: number, minutes: number, isEnd: boolean): number {
  if (minutes > 59 || hours > 24 || (hours === 24 && (minutes !== 0 || !isEnd))) {
    throw new InvalidTimeWindowError(`time window "${text}": ${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')} is not a time of day (00:00 to 23:59; 24:00 only as an end)`)
  }
  return hours * MINUTES_PER_HOUR + minutes
}

/** Minutes after local midnight. */
export function minuteOfDay (date: Date): number {
  return date.getHours() * MINUTES_PER_HOUR + date.getMinutes()
}

export function isWithinWindow (window: TimeWindow, date: Date): boolean {
  const minute = minuteOfDay(date)
  if (window.start < window.end) {
    return minute >= window.start && minute < window.end
  }
  // crosses midnight
  return minute >= window.start || minute < window.end
}

/** 0 inside the window; otherwise the time until it next opens (by the local clock). */
export function msUntilWindowOpens (window: TimeWindow, date: Date): number {
  if (isWithinWindow(window, date)) {
    return 0
  }
  const opens = new Date(date.getTime())
  opens.setHours(Math.floor(window.start / MINUTES_PER_HOUR), window.start % MINUTES_PER_HOUR, 0, 0)
  if (opens.getTime() <= date.getTime()) {
    opens.setDate(opens.getDate() + 1)
  }
  return opens.getTime() - date.getTime()
}
