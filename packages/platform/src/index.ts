export * from "./platform";
export * from "./subgraphs";
export { composeSupergraph } from "./compose-supergraph";
