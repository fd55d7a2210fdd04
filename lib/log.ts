// One line of the server log: a JSON object, so no value (a username holding a newline, say) can
// forge a line of its own or pass for another field.
export type LogLevel = 'info' | 'warn' | 'error';

export function logLine(level: LogLevel, topic: string, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, at: new Date().toISOString(), topic, msg: message, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
