#!/usr/bin/env node
// ajv 8 peer of run.sh: one compiled validator of the embedded draft-07
// schemas (schemas/*.json added by their $id, ImageStream.json compiled),
// timed per document including JSON.parse of the text, with the protocol of
// peer_native.cc (warm-up, rounds over every document for --budget seconds,
// at least --min-rounds; wall and process CPU time per document).
//
// Usage: node ajv_peer.js DOCS_DIR SCHEMAS_DIR [--budget S] [--min-rounds N]
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');

const [docsDir, schemasDir, ...rest] = process.argv.slice(2);
let budget = 1.0, minRounds = 5;
for (let i = 0; i + 1 < rest.length; i += 2) {
  if (rest[i] === '--budget') budget = Number(rest[i + 1]);
  else if (rest[i] === '--min-rounds') minRounds = Number(rest[i + 1]);
}
const list = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
const docs = list(docsDir).map((f) => fs.readFileSync(f, 'utf8'));

// strict: false: the schemas carry x-go-* annotation keywords. Formats are
// not asserted (draft-07 leaves that optional; python-jsonschema and
// sourcemeta do not assert them by default either).
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
for (const f of list(schemasDir)) ajv.addSchema(JSON.parse(fs.readFileSync(f, 'utf8')));
const validate = ajv.getSchema('ImageStream.json');
if (!validate) throw new Error('ImageStream.json not compiled');

function round() {
  let ok = 0;
  for (const d of docs) {
    let v;
    try { v = JSON.parse(d); } catch (e) { continue; }
    if (validate(v)) ok++;
  }
  return ok;
}

const now = () => Number(process.hrtime.bigint());
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) * 1000; };
const valid = round();
const warmEnd = now() + 0.5e9;
while (now() < warmEnd) round();
const wall = [], cpuNs = [];
const start = now();
while (wall.length < minRounds || now() - start < budget * 1e9) {
  const w0 = now(), c0 = cpu();
  const v = round();
  const w1 = now(), c1 = cpu();
  if (v !== valid) throw new Error(`not deterministic: ${valid} then ${v}`);
  wall.push((w1 - w0) / docs.length);
  cpuNs.push((c1 - c0) / docs.length);
  if (wall.length >= 10000) break;
}
console.log(JSON.stringify({ peer: 'ajv', docs: docs.length, valid, wall_ns: wall, cpu_ns: cpuNs }));
