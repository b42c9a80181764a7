// Builds a platform-specific .vsix: the server in release mode, copied into
// server/PLATFORM-ARCH/, the extension bundled by esbuild, then
// `vsce package --target TARGET`, and the result checked by check-vsix.mjs.
//
//   npm run package                                  the host's platform
//   npm run package -- --target linux-arm64 --rust-target aarch64-unknown-linux-gnu
//   npm run package -- --target darwin-arm64 --server path/to/dockwarden
//
// --rust-target builds with `cargo build --target TRIPLE` (the toolchain and
// linker for it must be installed); --server packages a program built
// elsewhere. The .vsix is written to vscode-extension/dockwarden-TARGET-VERSION.vsix.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

import { checkVsix } from "./check-vsix.mjs";

const extensionRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repositoryRoot = path.resolve(extensionRoot, "..");

/** vsce's target names, and the folder (`process.platform-process.arch`) the
 * extension looks in at run time on that target. */
const TARGETS = {
  "linux-x64": "linux-x64",
  "linux-arm64": "linux-arm64",
  "linux-armhf": "linux-arm",
  "alpine-x64": "linux-x64",
  "alpine-arm64": "linux-arm64",
  "darwin-x64": "darwin-x64",
  "darwin-arm64": "darwin-arm64",
  "win32-x64": "win32-x64",
  "win32-arm64": "win32-arm64",
};

function option(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(" ")}`);
  execFileSync(command, args, { stdio: "inherit", ...options });
}

const target = option("--target") ?? `${process.platform}-${process.arch}`;
const runtimeFolder = TARGETS[target];
if (runtimeFolder === undefined) {
  console.error(`Unknown target ${target}; one of: ${Object.keys(TARGETS).join(", ")}`);
  process.exit(2);
}
const windows = target.startsWith("win32");
const executable = windows ? "dockwarden.exe" : "dockwarden";

let server = option("--server");
if (server === undefined) {
  const rustTarget = option("--rust-target");
  const cargoArgs = ["build", "--release", "--locked", "-p", "dockwarden"];
  if (rustTarget !== undefined) cargoArgs.push("--target", rustTarget);
  run("cargo", cargoArgs, { cwd: repositoryRoot });
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repositoryRoot, "target");
  server = path.join(targetDir, ...(rustTarget ? [rustTarget] : []), "release", executable);
}
if (!fs.statSync(server, { throwIfNoEntry: false })?.isFile()) {
  console.error(`No server program at ${server}`);
  process.exit(2);
}

const serverFolder = path.join(extensionRoot, "server");
fs.rmSync(serverFolder, { recursive: true, force: true });
fs.mkdirSync(path.join(serverFolder, runtimeFolder), { recursive: true });
const bundled = path.join(serverFolder, runtimeFolder, executable);
fs.copyFileSync(server, bundled);
fs.chmodSync(bundled, 0o755);
// The release profile keeps line tables for backtraces; the copy in the
// .vsix does without them when the host can strip it.
const hostTarget = TARGETS[`${process.platform}-${process.arch}`] === runtimeFolder;
if (hostTarget && process.platform === "linux") {
  try {
    execFileSync("strip", ["--strip-debug", bundled]);
  } catch {
    console.log("strip is not available: the server keeps its line tables");
  }
}

run(process.execPath, [path.join(extensionRoot, "scripts/build.mjs")], { cwd: extensionRoot });

const version = JSON.parse(fs.readFileSync(path.join(extensionRoot, "package.json"), "utf8")).version;
const vsix = path.join(extensionRoot, `dockwarden-${target}-${version}.vsix`);
const vsce = path.join(extensionRoot, "node_modules/@vscode/vsce/vsce");
run(process.execPath, [vsce, "ls", "--no-dependencies"], { cwd: extensionRoot });
run(process.execPath, [vsce, "package", "--no-dependencies", "--target", target, "--out", vsix], {
  cwd: extensionRoot,
});

const report = checkVsix(vsix, { target, runtimeFolder, executable });
console.log(report);
