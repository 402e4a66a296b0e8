/** Resources of utility providers (time, Terraform's own): they create nothing a cloud bills. */

/** Utility types with no charge: they exist only in Terraform state. */
export const UTILITY_FREE: Readonly<Record<string, string>> = {
  time_sleep: "no charge (a wait during apply; nothing is created in a cloud)",
  terraform_data: "no charge (a value kept in Terraform state)",
  null_resource: "no charge (nothing is created in a cloud)",
};
