// Stage 7: every change decided first, then one atomic commit of what was accepted.
export { commitWrites } from './commit.js';
export { decideWrites, type WriteDecision } from './decide.js';
