// Compiles GOV.UK Frontend with our settings and copies what the pages need into
// static/build, which Django serves (or collectstatic gathers in production). The GOV.UK
// fonts and crown images are not copied: they are for services on GOV.UK only.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
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
cpSync("static/src/app.js", `${out}/app.js`);
console.log("assets built in", out);
