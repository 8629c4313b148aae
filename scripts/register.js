// Transpile-only TypeScript loader (sucrase, like `node -r sucrase/register`) with an on-disk cache
// keyed by the source's content: a hit costs one read and one hash, and sucrase is only loaded on a
// miss. Sucrase keeps line numbers, so stack traces point at the .ts lines without source maps.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const SUCRASE = `${require('sucrase/package.json').version}-native-es`;
const CACHE =
  process.env.SHIPSHAPE_TS_CACHE || path.join(__dirname, '..', 'node_modules', '.cache', 'shipshape-ts');
// Node 20 runs optional chaining, ?? and class fields natively: lowering them only costs time.
const OPTIONS = { transforms: ['imports', 'typescript'], disableESTransforms: true };
let sucrase;

function compile(source, filename) {
  // Keyed by content only: with these transforms sucrase's output does not depend on the file's path (it
  // reads filePath for JSX and error messages), so the same file in another checkout (the temporary
  // worktree of `shipshape diff --base`) is a hit too.
  const key = crypto.createHash('sha256').update(`${SUCRASE}\0`).update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    sucrase = sucrase || require('sucrase');
    const code = sucrase.transform(source, { ...OPTIONS, filePath: filename }).code;
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached); // atomic: concurrent processes never read a partial file
    } catch {
      // A read-only tree still works, just without the cache.
    }
    return code;
  }
}

require.extensions['.ts'] = function loadTs(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
