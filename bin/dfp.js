#!/usr/bin/env node
'use strict';
// The dfp command line. Runs the compiled workspace (`npm run build`, done by `npm ci` through `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'packages', 'cli', 'dist', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('dfp: the workspace is not built yet; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
require(entry).main(process.argv);
