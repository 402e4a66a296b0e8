/** Bad input to the plan review (missing or malformed file, unknown format, bad usage, unknown region). */
export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewError";
  }
}
