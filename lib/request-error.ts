// A request the console refuses for a reason the user can act on: its sentence and status reach the
// answer as they are (the route door, lib/http.ts, maps it), unlike a storage failure.
export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
  }
}
