export * from "./engine";
export * from "./lakehouse-guardrails";
export * from "./report";
export * from "./rules";
export * from "./suppressions";
export * from "./terraform-json";
export * from "./types";
