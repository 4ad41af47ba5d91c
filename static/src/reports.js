// Keeps the list of report versions up to date while a version is being prepared, so the
// person does not have to reload. Without JavaScript the page offers a "Refresh" link.
const POLL_MS = 2000;
const MAX_POLLS = 300;

function update(row, data) {
  const tag = row.querySelector("[data-report-status]");
  const reason = row.querySelector("[data-report-reason]");
  const download = row.querySelector("[data-report-download]");
  const downloadDocx = row.querySelector("[data-report-download-docx]");
  tag.textContent = data.label;
  tag.classList.remove("govuk-tag--yellow", "govuk-tag--green", "govuk-tag--red");
  if (data.status === "ready") {
    tag.classList.add("govuk-tag--green");
    if (download && data.download_url) {
      download.href = data.download_url;
      download.textContent = `Download version ${data.number} (PDF, ${data.page_count} page${data.page_count === 1 ? "" : "s"})`;
      download.hidden = false;
    }
    if (downloadDocx && data.docx_download_url) {
      downloadDocx.href = data.docx_download_url;
      downloadDocx.hidden = false;
    }
  } else if (data.status === "failed") {
    tag.classList.add("govuk-tag--red");
    if (reason) reason.textContent = data.failure_reason;
  } else {
    tag.classList.add("govuk-tag--yellow");
  }
}

function watch(row) {
  const url = row.dataset.reportStatusUrl;
  let polls = 0;
  const tick = async () => {
    polls += 1;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        update(row, data);
        if (data.status === "ready" || data.status === "failed") {
          delete row.dataset.reportStatusUrl;
          return;
        }
      }
    } catch (error) {
      // A dropped connection: try again on the next tick.
    }
    if (polls < MAX_POLLS) setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}

document.querySelectorAll("[data-report-status-url]").forEach(watch);
