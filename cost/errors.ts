/** Bad input to the cost review (bad arguments, usage values or catalog, a region the catalog lacks). */
export class CostReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CostReviewError";
  }
}
