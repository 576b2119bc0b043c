// Writes the validated prompt catalog to dist/catalog.json with a fingerprint of the prompt files, so a run
// reads one JSON file instead of parsing every YAML header (the runtime parses again if the files changed).
import { writeFileSync } from 'node:fs';
import { catalogFingerprint, loadCatalog, PREBUILT_CATALOG } from '../dist/lib/catalog/index.js';

writeFileSync(
  PREBUILT_CATALOG,
  JSON.stringify({ fingerprint: catalogFingerprint(), entries: loadCatalog() }),
);
