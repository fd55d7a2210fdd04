// One line of the server log: a JSON object, so no value (a username holding a newline, say) can
// forge a line of its own or pass for another field. LOG_LEVEL sets the least level written; under
// `npm run dev` lines are written for people instead (level, topic, message, then the fields).
import { env } from './env';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function least(): LogLevel {
  try {
    return env().logLevel;
  } catch {
    return 'info';
  }
}

export function logLine(level: LogLevel, topic: string, message: string, fields: Record<string, unknown> = {}): void {
  if (RANK[level] < RANK[least()]) return;
  const line =
    process.env.NODE_ENV === 'development'
      ? `${level.toUpperCase().padEnd(5)} ${topic}: ${message}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`
      : JSON.stringify({ level, at: new Date().toISOString(), topic, msg: message, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
