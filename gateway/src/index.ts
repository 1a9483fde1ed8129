export * from './gateway';
export { depthLimit } from './limits';
