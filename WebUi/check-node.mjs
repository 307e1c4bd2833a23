// Vite 8 needs Node.js 20.19 or later; Debian 12's own nodejs (18) is too old. Say so plainly instead of failing obscurely.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`The web UI needs Node.js 20.19 or later to build; this is ${process.version} (${process.execPath}).`);
  process.exit(1);
}
