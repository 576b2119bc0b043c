// Stage 1 lives in ./project/; this keeps `lib/project.js` the import every stage uses.
export { detectProject } from './project/index.js';
