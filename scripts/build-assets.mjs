// Compiles GOV.UK Frontend with our settings and copies what the pages need into
// static/build, which Django serves (or collectstatic gathers in production).
// The GDS Transport font is not used (it is licensed to services on GOV.UK only; the scss
// sets Arial), so no font files are copied; the images the compiled CSS points at are.
// The build then checks every url() in the CSS names a file it produced: a missing one
// would stop collectstatic's manifest, and every production page would be a 500.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/build";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/govuk`, { recursive: true });
const css = sass.compile("static/src/app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "mixed-decls"],
});
writeFileSync(`${out}/app.css`, css.css);
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk/govuk-frontend.min.js`);
cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", `${out}/govuk/assets/images`, {
  recursive: true,
});
// Every script of ours lives in static/src as a plain file: no inline scripts (CSP).
for (const name of readdirSync("static/src").filter((f) => f.endsWith(".js"))) {
  cpSync(`static/src/${name}`, `${out}/${name}`);
}

const missing = [];
for (const [, raw] of css.css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
  if (raw.startsWith("data:")) continue;
  const path = raw.split(/[?#]/)[0];
  const file = path.startsWith("/static/") ? `${out}/${path.slice("/static/".length)}` : `${out}/${path}`;
  if (!existsSync(file)) missing.push(raw);
}
if (missing.length) {
  console.error(`app.css refers to files the build did not produce: ${missing.join(", ")}`);
  process.exit(1);
}
console.log("assets built in", out);
