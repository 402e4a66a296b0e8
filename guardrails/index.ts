export * from "./engine";
export * from "../constructs/core/lakehouse-guardrails";
export * from "./report";
export * from "./rules";
export * from "../constructs/core/guardrail-suppressions";
export * from "./context";
export * from "./types";
