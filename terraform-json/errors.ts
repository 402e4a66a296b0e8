/** Input that is not the Terraform JSON it should be: a missing or malformed file, an unknown plan format. */
export class TerraformJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TerraformJsonError";
  }
}
