export * from "./engine";
export * from "./report";
export * from "./rules";
export * from "./context";
export * from "./types";
