// Compiles GOV.UK Frontend with our settings and copies what the pages need into
// static/build, which Django serves (or collectstatic gathers in production). The GOV.UK
// fonts and crown images are not copied: they are for services on GOV.UK only.
import { cpSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/build";
mkdirSync(`${out}/govuk`, { recursive: true });
const css = sass.compile("static/src/app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "mixed-decls"],
});
writeFileSync(`${out}/app.css`, css.css);
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk/govuk-frontend.min.js`);
// Every script of ours lives in static/src as a plain file: no inline scripts (CSP).
for (const name of readdirSync("static/src").filter((f) => f.endsWith(".js"))) {
  cpSync(`static/src/${name}`, `${out}/${name}`);
}
console.log("assets built in", out);
