/** Lifecycle stage of an environment (config `stage`): prod-only rules, protection and usage defaults key on it. */
export type Stage = "dev" | "staging" | "prod";

/** All stages, in promotion order. */
export const STAGES = ["dev", "staging", "prod"] as const satisfies readonly Stage[];
