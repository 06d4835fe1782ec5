/**
 * Time for analytics: facts are rolled up into fixed 15-minute UTC buckets, and every query folds
 * those buckets into the periods of the caller's IANA time zone. Every UTC offset in use today is a
 * whole number of quarter hours (+05:30 India, +05:45 Nepal, +08:45 Eucla, +12:45 Chatham, and the
 * 30-minute DST of Lord Howe), so every local day, week, month or hour starts on a bucket boundary and
 * the fold is exact: no bucket is split, none is counted twice. (Hourly UTC buckets would be wrong for
 * every zone with a :30 or :45 offset.) Local time comes from Intl only; see docs/analytics.md.
 */
export const BUCKET_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const floorBucket = (ms: number): number => Math.floor(ms / BUCKET_MS) * BUCKET_MS;
export const ceilBucket = (ms: number): number => Math.ceil(ms / BUCKET_MS) * BUCKET_MS;

export type Granularity = "hour" | "day" | "week" | "month";

/** True for a time zone name Intl accepts (IANA names such as Asia/Kathmandu; not "+05:45", which older Node rejects). */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    // h23: with hour12 false some ICU versions print midnight as 24.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(tz, f);
  }
  return f;
}

/** The local wall-clock time of instant `ms` in `tz`, encoded as if it were a UTC instant. */
export function wallMs(tz: string, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of format(tz).formatToParts(ms)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's UTC offset at instant `ms`, in ms. */
export const offsetMs = (tz: string, ms: number): number => wallMs(tz, ms) - Math.floor(ms / 1000) * 1000;

/** A local calendar date; `m` is 1-12. */
export interface LocalDate {
  y: number;
  m: number;
  d: number;
}

export function localDate(tz: string, ms: number): LocalDate {
  const w = new Date(wallMs(tz, ms));
  return { y: w.getUTCFullYear(), m: w.getUTCMonth() + 1, d: w.getUTCDate() };
}

/** `days` after a local date (calendar arithmetic, no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const w = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: w.getUTCFullYear(), m: w.getUTCMonth() + 1, d: w.getUTCDate() };
}

export const formatLocalDate = (d: LocalDate): string =>
  `${String(d.y).padStart(4, "0")}-${String(d.m).padStart(2, "0")}-${String(d.d).padStart(2, "0")}`;

/**
 * The first instant whose local date in `tz` is the given date. Not always midnight: on some DST days
 * local midnight does not exist (Cairo, Havana, Santiago, Beirut jump from 23:59:59 to 01:00) and on
 * others it happens twice (Havana, Azores fall back from 01:00 to 00:00): the day starts at the first.
 * A day is [startOfLocalDay(d), startOfLocalDay(d + 1)), never start + 24 h.
 */
export function startOfLocalDay(tz: string, date: LocalDate): number {
  const wall = Date.UTC(date.y, date.m - 1, date.d);
  const candidates = [wall - offsetMs(tz, wall - DAY_MS), wall - offsetMs(tz, wall + DAY_MS)].sort((a, b) => a - b);
  for (const c of candidates) if (wallMs(tz, c) === wall) return c;
  // Midnight skipped: the day starts where the wall clock jumps past it.
  let lo = candidates[0] - 3 * HOUR_MS;
  let hi = candidates[1] + 3 * HOUR_MS;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallMs(tz, mid) < wall) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** One period of a series: [start, end) in UTC ms, labelled by its local start. */
export interface Period {
  start: number;
  end: number;
  /** The local date (day, week, month) or local date and time (hour) the period starts at. */
  label: string;
}

/** The local date a day/week/month period containing `ms` starts on. */
function periodStartDate(tz: string, granularity: Exclude<Granularity, "hour">, ms: number): LocalDate {
  const date = localDate(tz, ms);
  if (granularity === "day") return date;
  if (granularity === "month") return { y: date.y, m: date.m, d: 1 };
  // ISO weeks start on Monday.
  const weekday = new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

function nextPeriodDate(granularity: Exclude<Granularity, "hour">, date: LocalDate): LocalDate {
  if (granularity === "day") return addDays(date, 1);
  if (granularity === "week") return addDays(date, 7);
  return date.m === 12 ? { y: date.y + 1, m: 1, d: 1 } : { y: date.y, m: date.m + 1, d: 1 };
}

/** "2026-03-08T01:00+05:45": a local time with its offset, as a label. */
function localTimeLabel(tz: string, ms: number): string {
  const wall = wallMs(tz, ms);
  const off = Math.round((wall - ms) / 60_000);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${new Date(wall).toISOString().slice(0, 16)}${sign}${hhmm}`;
}

/**
 * The local periods from the one containing `fromMs` up to the one containing `toMs - 1`, whole:
 * each counts exactly the facts between its own start and end, so a range never splits a period and
 * never widens one (widening a query window is how peers doubled totals for non-UTC users).
 * Local hours start where the wall clock shows a whole hour, or where the offset changes (a DST
 * jump): on Lord Howe's 30-minute DST days one "hour" is 30 minutes long.
 * Throws when a boundary falls off the 15-minute grid (only historical offsets, before 1980, do).
 */
export function localPeriods(tz: string, granularity: Granularity, fromMs: number, toMs: number): Period[] {
  const periods: Period[] = [];
  if (toMs <= fromMs) return periods;
  if (granularity === "hour") {
    let start = floorBucket(fromMs);
    // Back to the local hour (or offset change) that contains fromMs.
    while (!startsLocalHour(tz, start)) start -= BUCKET_MS;
    let t = start + BUCKET_MS;
    while (start < toMs) {
      while (!startsLocalHour(tz, t)) t += BUCKET_MS;
      periods.push({ start, end: t, label: localTimeLabel(tz, start) });
      start = t;
      t += BUCKET_MS;
    }
    return periods;
  }
  let date = periodStartDate(tz, granularity, fromMs);
  let start = startOfLocalDay(tz, date);
  while (start < toMs) {
    const next = nextPeriodDate(granularity, date);
    const end = startOfLocalDay(tz, next);
    if (start % BUCKET_MS !== 0 || end % BUCKET_MS !== 0) throw new OffGridTimeZone(tz);
    periods.push({ start, end, label: formatLocalDate(date) });
    date = next;
    start = end;
  }
  return periods;
}

function startsLocalHour(tz: string, ms: number): boolean {
  const off = offsetMs(tz, ms);
  if (off % BUCKET_MS !== 0) throw new OffGridTimeZone(tz);
  return (ms + off) % HOUR_MS === 0 || off !== offsetMs(tz, ms - BUCKET_MS);
}

/** A zone whose offset at that time is not a whole number of quarter hours (historical local mean time). */
export class OffGridTimeZone extends Error {
  constructor(readonly timeZone: string) {
    super(`${timeZone} has an offset that is not a multiple of 15 minutes in this range`);
    this.name = "OffGridTimeZone";
  }
}

/** The index of the period containing `ms` (periods sorted and contiguous), or -1. */
export function periodIndex(periods: readonly Period[], ms: number): number {
  let lo = 0;
  let hi = periods.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ms < periods[mid].start) hi = mid - 1;
    else if (ms >= periods[mid].end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
