// Progressive enhancement only: every page works without this script.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A table in its own scroll region shows "Scroll sideways to see every column" only while it
// is wider than its region (the CSS shows the hint at narrow widths when this has not run).
function markOverflowingTables() {
  for (const region of document.querySelectorAll(".app-table-scroll")) {
    region.classList.toggle("app-table-scroll--overflows", region.scrollWidth > region.clientWidth + 1);
  }
}
markOverflowingTables();
window.addEventListener("resize", markOverflowingTables);
