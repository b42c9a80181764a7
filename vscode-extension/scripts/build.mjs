// Bundles the extension (src/extension.ts and vscode-languageclient) into
// dist/extension.js with esbuild. `--dev` keeps it readable, with a source map.
import * as esbuild from "esbuild";

const dev = process.argv.includes("--dev");

await esbuild.build({
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["vscode"],
  minify: !dev,
  sourcemap: dev,
  logLevel: "info",
});
