// Reads a .vsix (a zip) and checks that it holds exactly what the extension
// needs: the manifest, the README, the licence, the bundle and the server for
// its target, executable; no source maps, tests, TypeScript or node_modules.
//
//   node scripts/check-vsix.mjs dockwarden-linux-x64-0.1.0.vsix linux-x64

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

/** The zip's entries from its central directory: name, sizes, Unix mode. */
export function zipEntries(buffer) {
  const endSignature = 0x06054b50;
  let end = -1;
  for (let offset = buffer.length - 22; offset >= Math.max(0, buffer.length - 65_557); offset--) {
    if (buffer.readUInt32LE(offset) === endSignature) {
      end = offset;
      break;
    }
  }
  if (end === -1) throw new Error("not a zip file: no end of central directory");
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let index = 0; index < count; index++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${index}`);
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const externalAttributes = buffer.readUInt32LE(offset + 38);
    const localHeader = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString("utf8", offset + 46, offset + 46 + nameLength);
    entries.push({ name, method, compressedSize, size, mode: externalAttributes >>> 16, localHeader });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's content. */
export function readEntry(buffer, entry) {
  const nameLength = buffer.readUInt16LE(entry.localHeader + 26);
  const extraLength = buffer.readUInt16LE(entry.localHeader + 28);
  const start = entry.localHeader + 30 + nameLength + extraLength;
  const data = buffer.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? data : inflateRawSync(data);
}

/** Throws on anything the .vsix should not hold; returns a summary. */
export function checkVsix(file, { target, runtimeFolder, executable }) {
  const buffer = fs.readFileSync(file);
  const entries = zipEntries(buffer);
  const names = entries.map((entry) => entry.name).sort();
  const server = `extension/server/${runtimeFolder}/${executable}`;
  const expected = [
    "[Content_Types].xml",
    "extension.vsixmanifest",
    "extension/LICENSE.txt",
    "extension/dist/extension.js",
    "extension/package.json",
    "extension/readme.md",
    server,
  ].sort();
  const problems = [];
  for (const name of expected) if (!names.includes(name)) problems.push(`missing ${name}`);
  for (const name of names) if (!expected.includes(name)) problems.push(`unexpected ${name}`);
  for (const name of names) {
    if (/\.map$|\.ts$|node_modules\/|(^|\/)test\/|\.vsix$/.test(name)) problems.push(`must not hold ${name}`);
  }
  const serverEntry = entries.find((entry) => entry.name === server);
  if (serverEntry !== undefined && !executable.endsWith(".exe") && (serverEntry.mode & 0o111) === 0) {
    problems.push(`${server} is not executable (mode ${serverEntry.mode.toString(8)})`);
  }
  const manifestEntry = entries.find((entry) => entry.name === "extension.vsixmanifest");
  if (manifestEntry !== undefined) {
    const manifest = readEntry(buffer, manifestEntry).toString("utf8");
    if (!manifest.includes(`TargetPlatform="${target}"`)) problems.push(`the manifest's target is not ${target}`);
  }
  const packageEntry = entries.find((entry) => entry.name === "extension/package.json");
  if (packageEntry !== undefined) {
    const manifest = JSON.parse(readEntry(buffer, packageEntry).toString("utf8"));
    if (manifest.main !== "./dist/extension.js") problems.push(`main is ${manifest.main}`);
  }
  if (problems.length > 0) throw new Error(`${path.basename(file)}:\n  ${problems.join("\n  ")}`);
  const size = fs.statSync(file).size;
  const lines = entries.map((entry) => `  ${entry.name} ${entry.size} bytes`);
  return `${path.basename(file)}: ${(size / 1024 / 1024).toFixed(1)} MiB, ${entries.length} files, as expected\n${lines.join("\n")}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, target = `${process.platform}-${process.arch}`] = process.argv.slice(2);
  if (file === undefined) {
    console.error("usage: node scripts/check-vsix.mjs FILE.vsix [TARGET]");
    process.exit(2);
  }
  const runtimeFolder = target.replace(/^alpine-/, "linux-").replace(/^linux-armhf$/, "linux-arm");
  const executable = target.startsWith("win32") ? "dockwarden.exe" : "dockwarden";
  try {
    console.log(checkVsix(file, { target, runtimeFolder, executable }));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
