#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled into dist/node/cli.cjs by `npm run build:node` (run on npm install).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'node', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('mailwright: not built yet. Run "npm run build" in the Mailwright folder.\n');
  process.exit(2);
}
require(bundle);
